package io.vecgrad.optim.first;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vecgrad.tensor.kernel.FusedOptimF32;
import io.vecgrad.tensor.kernel.FusedOptimF64;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The chain-ordered Adam and SGD kernels' vector path equals its scalar twin bitwise: a call over n
 * elements (vector body + scalar tail) against n one-element calls (scalar loop only), for every
 * combination of AMSGrad, coupled L2 and decoupled decay, in both precisions.
 */
class FusedOptimKernelTest {
    @Property(tries = 40)
    void vectorAndScalarPathsAgreeBitwise(@ForAll @IntRange(min = 1, max = 70) int n, @ForAll @IntRange(min = 0, max = 7) int flags) {
        boolean ams = (flags & 1) != 0;
        double l2 = (flags & 2) != 0 ? 0.01 : 0, dec = (flags & 4) != 0 ? 0.02 : 0;
        Random r = new Random(n * 131L + flags);
        double[][] a = new double[5][n];
        for (double[] row : a) for (int i = 0; i < n; i++) row[i] = r.nextGaussian();
        for (int i = 0; i < n; i++) {
            a[3][i] = Math.abs(a[3][i]);
            a[4][i] = Math.abs(a[4][i]);
        }
        double[][] x = copy(a), y = copy(a);
        FusedOptimF64.adam(x[0], 0, x[1], 0, x[2], 0, x[3], 0, ams ? x[4] : null, 0, n, 0.9, 0.1, 0.999, 0.001, 1.7, 3.1, 1e-8, l2, dec, -0.01);
        for (int i = 0; i < n; i++) {
            FusedOptimF64.adam(y[0], i, y[1], i, y[2], i, y[3], i, ams ? y[4] : null, i, 1, 0.9, 0.1, 0.999, 0.001, 1.7, 3.1, 1e-8, l2, dec, -0.01);
        }
        for (int k = 0; k < 5; k++) for (int i = 0; i < n; i++) assertEquals(Double.doubleToRawLongBits(y[k][i]), Double.doubleToRawLongBits(x[k][i]));
        float[][] f = toFloat(a), h = toFloat(a);
        FusedOptimF32.adam(f[0], 0, f[1], 0, f[2], 0, f[3], 0, ams ? f[4] : null, 0, n, 0.9f, 0.1f, 0.999f, 0.001f, 1.7f, 3.1f, 1e-8f,
                (float) l2, (float) dec, -0.01f);
        for (int i = 0; i < n; i++) {
            FusedOptimF32.adam(h[0], i, h[1], i, h[2], i, h[3], i, ams ? h[4] : null, i, 1, 0.9f, 0.1f, 0.999f, 0.001f, 1.7f, 3.1f, 1e-8f,
                    (float) l2, (float) dec, -0.01f);
        }
        for (int k = 0; k < 5; k++) for (int i = 0; i < n; i++) assertEquals(Float.floatToRawIntBits(h[k][i]), Float.floatToRawIntBits(f[k][i]));
    }

    @Property(tries = 40)
    void sgdVectorAndScalarPathsAgreeBitwise(@ForAll @IntRange(min = 1, max = 70) int n, @ForAll @IntRange(min = 0, max = 15) int flags) {
        boolean mom = (flags & 1) != 0, first = (flags & 4) != 0, nesterov = mom && (flags & 8) != 0;
        double l2 = (flags & 2) != 0 ? 0.01 : 0;
        Random r = new Random(n * 17L + flags);
        double[][] a = new double[3][n];
        for (double[] row : a) for (int i = 0; i < n; i++) row[i] = r.nextGaussian();
        double[][] x = copy(a), y = copy(a);
        FusedOptimF64.sgd(x[0], 0, x[1], 0, mom ? x[2] : null, 0, n, l2, 0.9, 0.7, first, nesterov, -0.05);
        for (int i = 0; i < n; i++) FusedOptimF64.sgd(y[0], i, y[1], i, mom ? y[2] : null, i, 1, l2, 0.9, 0.7, first, nesterov, -0.05);
        for (int k = 0; k < 3; k++) for (int i = 0; i < n; i++) assertEquals(Double.doubleToRawLongBits(y[k][i]), Double.doubleToRawLongBits(x[k][i]));
        float[][] f = toFloat(a), h = toFloat(a);
        FusedOptimF32.sgd(f[0], 0, f[1], 0, mom ? f[2] : null, 0, n, (float) l2, 0.9f, 0.7f, first, nesterov, -0.05f);
        for (int i = 0; i < n; i++) FusedOptimF32.sgd(h[0], i, h[1], i, mom ? h[2] : null, i, 1, (float) l2, 0.9f, 0.7f, first, nesterov, -0.05f);
        for (int k = 0; k < 3; k++) for (int i = 0; i < n; i++) assertEquals(Float.floatToRawIntBits(h[k][i]), Float.floatToRawIntBits(f[k][i]));
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
