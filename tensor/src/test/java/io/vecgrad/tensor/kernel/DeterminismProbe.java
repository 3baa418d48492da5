package io.vecgrad.tensor.kernel;

import java.util.Random;

/**
 * Runs a fixed set of kernels on fixed inputs and prints one checksum of the raw result bits.
 * {@link DeterminismTest} compares the checksum of an interpreted JVM with a JIT-compiled one.
 */
public final class DeterminismProbe {
    private DeterminismProbe() {}

    public static void main(String[] args) {
        System.out.println(checksum());
    }

    static long checksum() {
        Random r = new Random(5);
        float[] a = new float[4099], b = new float[4099];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
            b[i] = (float) r.nextGaussian();
        }
        long h = 17;
        h = mix(h, Float.floatToRawIntBits(ReduceF32.sum(a, 0, 1, a.length)));
        h = mix(h, Float.floatToRawIntBits(ReduceF32.dot(a, 0, 1, b, 0, 1, a.length)));
        float[] c = new float[a.length];
        for (UnaryOp op : UnaryOp.values()) {
            UnaryF32.apply(op, a, 0, 1, c, 0, 1, a.length);
            for (float v : c) h = mix(h, Float.floatToRawIntBits(v));
        }
        for (BinaryOp op : BinaryOp.values()) {
            BinaryF32.apply(op, a, 0, 1, b, 0, 1, c, 0, 1, a.length);
            for (float v : c) h = mix(h, Float.floatToRawIntBits(v));
        }
        float[] g = new float[13 * 17];
        GemmF32.gemm(13, 17, 19, a, 0, 19, 1, b, 0, 17, 1, g, 0, 17, false);
        for (float v : g) h = mix(h, Float.floatToRawIntBits(v));
        GemmF32.gemm(1, 1, 300, a, 0, 300, 1, b, 0, 1, 1, g, 0, 1, false);   // dot-product path
        return mix(h, Float.floatToRawIntBits(g[0]));
    }

    private static long mix(long h, int bits) {
        return h * 1_000_003L + bits;
    }
}
