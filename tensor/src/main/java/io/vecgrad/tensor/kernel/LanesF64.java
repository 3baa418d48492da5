package io.vecgrad.tensor.kernel;

import jdk.incubator.vector.DoubleVector;

/**
 * Horizontal sums in a fixed lane order. {@code reduceLanes(ADD)} may associate the lanes
 * differently in interpreted and compiled code, so a result would depend on when the JIT
 * compiled the caller; summing lane 0, 1, 2, … in order gives the same bits every run.
 * The float twin is generated from this file.
 */
final class LanesF64 {
    private LanesF64() {}

    static double sum(DoubleVector v) {
        double s = 0;
        for (int i = 0; i < v.length(); i++) s += v.lane(i);
        return s;
    }
}
