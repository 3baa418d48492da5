package io.vecgrad.tensor.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused multiply-adds and nothing else: {@link #CHAINS} independent chains on the preferred
 * species, each accumulating into the addend as the GEMM micro-kernels do; the float twin
 * {@code FmaPeakF32} is generated from this file. Timed, it is the ceiling of every product
 * kernel of its dtype on the core it runs on; {@code benchmarks}' FloorProbe sets
 * {@code GemmF32} beside the float twin. Twelve chains cover the FMA latency of every current
 * x86 core. They must run through the addend: on first-generation Zen the same loop written
 * {@code c = c·a + b} (the chain through a multiplicand) reached only three quarters of this.
 *
 * <p>Each chain adds {@code 0.5 · 0.25} per step to 1 or 0, so up to 100,000 iterations every
 * partial value is exact in either precision and the result, {@link #expected}, does not depend
 * on the order of any sum: the vector loop and its scalar twin {@link #scalar} must both return it.
 *
 * <pre>{@code
 * long t0 = System.nanoTime();
 * double check = FmaPeakF64.run(100_000);   // FmaPeakF64.expected(100_000)
 * System.out.println(1.0 * FmaPeakF64.flops(100_000) / (System.nanoTime() - t0) + " GFLOP/s");
 * }</pre>
 */
public final class FmaPeakF64 {
    /** Independent chains per call. */
    public static final int CHAINS = 12;
    private static final VectorSpecies<Double> S = Simd.F64;
    private static final double A = (double) 0.5, B = (double) 0.25;

    private FmaPeakF64() {}

    /** Floating point operations in {@link #run}{@code (iterations)}: two per lane, chain and step. */
    public static long flops(int iterations) {
        return 2L * CHAINS * lanes() * iterations;
    }

    /** Runs {@code iterations} steps of every chain and returns the sum of all chains and lanes. */
    public static double run(int iterations) {
        return Simd.ENABLED ? vector(iterations) : scalar(iterations);
    }

    /** What {@link #run} returns, computed in closed form. */
    public static double expected(int iterations) {
        return lanes() * (CHAINS / 2 + CHAINS * (double) iterations * A * B);
    }

    private static int lanes() {
        return Simd.ENABLED ? S.length() : 1;
    }

    private static double vector(int iterations) {
        DoubleVector a = DoubleVector.broadcast(S, A), b = DoubleVector.broadcast(S, B);
        DoubleVector one = DoubleVector.broadcast(S, 1), zero = DoubleVector.zero(S);
        DoubleVector c0 = one, c1 = zero, c2 = one, c3 = zero, c4 = one, c5 = zero;
        DoubleVector c6 = one, c7 = zero, c8 = one, c9 = zero, c10 = one, c11 = zero;
        for (int i = 0; i < iterations; i++) {
            c0 = a.fma(b, c0);
            c1 = a.fma(b, c1);
            c2 = a.fma(b, c2);
            c3 = a.fma(b, c3);
            c4 = a.fma(b, c4);
            c5 = a.fma(b, c5);
            c6 = a.fma(b, c6);
            c7 = a.fma(b, c7);
            c8 = a.fma(b, c8);
            c9 = a.fma(b, c9);
            c10 = a.fma(b, c10);
            c11 = a.fma(b, c11);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }

    /** The scalar twin: the same chains, one lane. */
    static double scalar(int iterations) {
        double[] c = new double[CHAINS];
        for (int k = 0; k < CHAINS; k += 2) c[k] = 1;
        for (int i = 0; i < iterations; i++) {
            for (int k = 0; k < CHAINS; k++) c[k] = Math.fma(A, B, c[k]);
        }
        double sum = 0;
        for (double x : c) sum += x;
        return sum;
    }
}
