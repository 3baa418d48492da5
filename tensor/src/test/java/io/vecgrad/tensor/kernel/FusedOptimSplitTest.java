package io.vecgrad.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fused Adam and SGD steps on parameters large enough to split over threads: bitwise the
 * same at 1, 2 and 3 threads, equal to one-element calls (the scalar loop alone), and really
 * split into several element chunks at 2 threads (counted by {@link ParallelCensus}).
 */
@Tag("kernel")
class FusedOptimSplitTest {
    private static final int N = 3 * 8192 * 3 + 37;   // several chunks and a scalar tail
    private static final int OFF = 5;                 // parameters inside a larger array
    private final int saved = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(saved);
    }

    @Test
    void adamIsBitwiseTheSameForAnyThreadCountAndEqualsTheScalarLoop() {
        for (int flags = 0; flags < 8; flags++) {
            boolean ams = (flags & 1) != 0;
            double l2 = (flags & 2) != 0 ? 0.01 : 0, dec = (flags & 4) != 0 ? 0.02 : 0;
            double[][] start = data(5, flags);
            double[][] scalar = copy(start);
            for (int i = 0; i < N; i++) {
                adam64(scalar, OFF + i, 1, ams, l2, dec);
            }
            float[][] scalarF = toFloat(start);
            for (int i = 0; i < N; i++) {
                adam32(scalarF, OFF + i, 1, ams, l2, dec);
            }
            for (int threads = 1; threads <= 3; threads++) {
                Parallel.setThreads(threads);
                double[][] x = copy(start);
                adam64(x, OFF, N, ams, l2, dec);
                assertSame64(scalar, x, "adam F64 flags " + flags + ", " + threads + " threads");
                float[][] f = toFloat(start);
                adam32(f, OFF, N, ams, l2, dec);
                assertSame32(scalarF, f, "adam F32 flags " + flags + ", " + threads + " threads");
            }
        }
    }

    @Test
    void sgdIsBitwiseTheSameForAnyThreadCountAndEqualsTheScalarLoop() {
        for (int flags = 0; flags < 16; flags++) {
            boolean mom = (flags & 1) != 0, first = (flags & 4) != 0, nesterov = mom && (flags & 8) != 0;
            double l2 = (flags & 2) != 0 ? 0.01 : 0;
            double[][] start = data(3, 100 + flags);
            double[][] scalar = copy(start);
            for (int i = 0; i < N; i++) {
                FusedOptimF64.sgd(scalar[0], OFF + i, scalar[1], OFF + i, mom ? scalar[2] : null, OFF + i, 1, l2, 0.9, 0.7, first, nesterov, -0.05);
            }
            float[][] scalarF = toFloat(start);
            for (int i = 0; i < N; i++) {
                FusedOptimF32.sgd(scalarF[0], OFF + i, scalarF[1], OFF + i, mom ? scalarF[2] : null, OFF + i, 1, (float) l2, 0.9f, 0.7f,
                        first, nesterov, -0.05f);
            }
            for (int threads = 1; threads <= 3; threads++) {
                Parallel.setThreads(threads);
                double[][] x = copy(start);
                FusedOptimF64.sgd(x[0], OFF, x[1], OFF, mom ? x[2] : null, OFF, N, l2, 0.9, 0.7, first, nesterov, -0.05);
                assertSame64(scalar, x, "sgd F64 flags " + flags + ", " + threads + " threads");
                float[][] f = toFloat(start);
                FusedOptimF32.sgd(f[0], OFF, f[1], OFF, mom ? f[2] : null, OFF, N, (float) l2, 0.9f, 0.7f, first, nesterov, -0.05f);
                assertSame32(scalarF, f, "sgd F32 flags " + flags + ", " + threads + " threads");
            }
        }
    }

    @Test
    void largeParametersSplitIntoSeveralChunksAtTwoThreadsAndSmallOnesDoNot() {
        Parallel.setThreads(2);
        double[][] x = data(5, 7);
        ParallelCensus census = ParallelCensus.start(ParallelCensus.Mode.INLINE);
        adam64(x, OFF, N, false, 0, 0.01);
        FusedOptimF64.sgd(x[0], OFF, x[1], OFF, x[2], OFF, N, 0, 0.9, 0.7, false, false, -0.05);
        adam64(x, OFF, (int) RowSplit.MIN_WORK - 1, false, 0, 0.01);   // below the split size: no region
        ParallelCensus.Report r = census.stop(1);
        assertEquals(2, r.regionsPerStep(), r.table(2));
        for (ParallelCensus.Site s : r.sites()) {
            assertEquals(true, s.tasks() >= 4, s.name() + ": " + s.tasks() + " tasks");
        }
    }

    private static void adam64(double[][] a, int off, int n, boolean ams, double l2, double dec) {
        FusedOptimF64.adam(a[0], off, a[1], off, a[2], off, a[3], off, ams ? a[4] : null, off, n,
                0.9, 0.1, 0.999, 0.001, 1.7, 3.1, 1e-8, l2, dec, -0.01);
    }

    private static void adam32(float[][] a, int off, int n, boolean ams, double l2, double dec) {
        FusedOptimF32.adam(a[0], off, a[1], off, a[2], off, a[3], off, ams ? a[4] : null, off, n,
                0.9f, 0.1f, 0.999f, 0.001f, 1.7f, 3.1f, 1e-8f, (float) l2, (float) dec, -0.01f);
    }

    private static double[][] data(int rows, long seed) {
        Random r = new Random(seed);
        double[][] a = new double[rows][OFF + N + 3];
        for (double[] row : a) for (int i = 0; i < row.length; i++) row[i] = r.nextGaussian();
        for (int k = 3; k < rows; k++) for (int i = 0; i < a[k].length; i++) a[k][i] = Math.abs(a[k][i]);   // v, vmax ≥ 0
        return a;
    }

    private static void assertSame64(double[][] want, double[][] got, String what) {
        for (int k = 0; k < want.length; k++) {
            for (int i = 0; i < want[k].length; i++) {
                if (Double.doubleToRawLongBits(want[k][i]) != Double.doubleToRawLongBits(got[k][i])) {
                    assertEquals(Double.doubleToRawLongBits(want[k][i]), Double.doubleToRawLongBits(got[k][i]), what + ": array " + k + " element " + i + ", " + want[k][i] + " vs " + got[k][i]);
                }
            }
        }
    }

    private static void assertSame32(float[][] want, float[][] got, String what) {
        for (int k = 0; k < want.length; k++) {
            for (int i = 0; i < want[k].length; i++) {
                if (Float.floatToRawIntBits(want[k][i]) != Float.floatToRawIntBits(got[k][i])) {
                    assertEquals(Float.floatToRawIntBits(want[k][i]), Float.floatToRawIntBits(got[k][i]), what + ": array " + k + " element " + i + ", " + want[k][i] + " vs " + got[k][i]);
                }
            }
        }
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }

    private static float[][] toFloat(double[][] a) {
        float[][] c = new float[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) c[i][j] = (float) a[i][j];
        return c;
    }
}
