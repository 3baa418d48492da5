package io.vecgrad.optim.first;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vecgrad.tensor.kernel.OptimKernelsF32;
import io.vecgrad.tensor.kernel.OptimKernelsF64;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The fused Adam kernel's vector path equals its scalar loop bitwise: a call over n elements
 * (vector body + scalar tail) is compared with n one-element calls (scalar loop only), for every
 * combination of AMSGrad, coupled L2, decoupled decay and in-place/update output.
 */
class AdamKernelTest {
    @Property(tries = 40)
    void vectorAndScalarPathsAgreeBitwise(@ForAll @IntRange(min = 1, max = 70) int n, @ForAll @IntRange(min = 0, max = 15) int flags) {
        boolean ams = (flags & 1) != 0, inPlace = (flags & 8) != 0;
        double l2 = (flags & 2) != 0 ? 0.01 : 0, decay = (flags & 4) != 0 ? 0.999 : 1;
        Random r = new Random(n * 31L + flags);
        double[][] a = new double[5][n];
        for (double[] row : a) for (int i = 0; i < n; i++) row[i] = r.nextGaussian();
        for (int i = 0; i < n; i++) a[3][i] = Math.abs(a[3][i]);
        for (int i = 0; i < n; i++) a[4][i] = Math.abs(a[4][i]);
        // float64
        double[][] x = copy(a), y = copy(a);
        double[] ox = new double[n], oy = new double[n];
        OptimKernelsF64.adam(x[0], 0, x[1], 0, x[2], 0, x[3], 0, ams ? x[4] : null, 0, inPlace ? x[0] : ox, 0, n,
                0.9, 0.999, 0.01, 0.3, 1e-8, decay, l2, inPlace);
        for (int i = 0; i < n; i++) {
            OptimKernelsF64.adam(y[0], i, y[1], i, y[2], i, y[3], i, ams ? y[4] : null, i, inPlace ? y[0] : oy, i, 1,
                    0.9, 0.999, 0.01, 0.3, 1e-8, decay, l2, inPlace);
        }
        for (int k = 0; k < 5; k++) for (int i = 0; i < n; i++) assertEquals(Double.doubleToRawLongBits(y[k][i]), Double.doubleToRawLongBits(x[k][i]));
        for (int i = 0; i < n; i++) assertEquals(Double.doubleToRawLongBits(oy[i]), Double.doubleToRawLongBits(ox[i]));
        // float32
        float[][] f = toFloat(a), h = toFloat(a);
        float[] of = new float[n], oh = new float[n];
        OptimKernelsF32.adam(f[0], 0, f[1], 0, f[2], 0, f[3], 0, ams ? f[4] : null, 0, inPlace ? f[0] : of, 0, n,
                0.9f, 0.999f, 0.01f, 0.3f, 1e-8f, (float) decay, (float) l2, inPlace);
        for (int i = 0; i < n; i++) {
            OptimKernelsF32.adam(h[0], i, h[1], i, h[2], i, h[3], i, ams ? h[4] : null, i, inPlace ? h[0] : oh, i, 1,
                    0.9f, 0.999f, 0.01f, 0.3f, 1e-8f, (float) decay, (float) l2, inPlace);
        }
        for (int k = 0; k < 5; k++) for (int i = 0; i < n; i++) assertEquals(Float.floatToRawIntBits(h[k][i]), Float.floatToRawIntBits(f[k][i]));
        for (int i = 0; i < n; i++) assertEquals(Float.floatToRawIntBits(oh[i]), Float.floatToRawIntBits(of[i]));
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
