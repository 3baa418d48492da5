package io.vecgrad.cli;

import io.vecgrad.tensor.kernel.Simd;

/** Entry point of the {@code vecgrad} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("vecgrad on Java " + Runtime.version());
        System.out.println(Simd.describe());
    }
}
