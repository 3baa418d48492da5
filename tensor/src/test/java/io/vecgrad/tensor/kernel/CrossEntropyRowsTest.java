package io.vecgrad.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link SoftmaxF64#crossEntropyRows} and {@link SoftmaxF64#crossEntropyBackwardRows} (and the
 * generated float twins) take the exponentials of many rows in one {@link Exp#shifted} pass;
 * each row must still get the bits of the per-row arithmetic written out here: the loss from
 * {@code m = max}, {@code e = exp(x − m)}, {@code s = sum(e)}, {@code −((x_y − m) − log s)}; the
 * cotangent from {@code p = exp((x − m) − log s)} (double rows: {@code Math.exp}, as before the
 * bulk pass), {@code 0 − p·(−g)} and {@code −g − p_y·(−g)} at the label. Row counts cross the
 * 4,096-element passes (k = 10: 409 rows a pass), the rows start at an offset, and each call
 * covers a sub-range of the rows, as {@code RowSplit} runs them.
 */
@Tag("kernel")
class CrossEntropyRowsTest {
    private static final int[] K = {1, 3, 8, 10, 17, 4097};
    private static final int OFF = 3;

    /** Rows [0, h) and [h, n), h not on a pass boundary. */
    private static int[][] halves(int n) {
        int h = n / 2 + 1;
        return new int[][] {{0, h}, {h, n}};
    }

    @Test
    void floatRowsEqualThePerRowArithmetic() {
        Random r = new Random(5);
        for (int k : K) {
            int n = k > 4096 ? 3 : 1000;
            float[] x = new float[OFF + n * k], g = new float[n];
            long[] y = new long[n];
            for (int i = 0; i < x.length; i++) x[i] = (float) (3 * r.nextGaussian());
            for (int i = 0; i < n; i++) {
                g[i] = (float) r.nextGaussian();
                y[i] = r.nextInt(k);
            }
            float[] loss = new float[n], stats = new float[2 * n], dx = new float[OFF + n * k];
            for (int[] rows : halves(n)) {   // as RowSplit calls them: sub-ranges of whole rows
                SoftmaxF32.crossEntropyRows(x, OFF, rows[0], rows[1], k, y, 0, loss, 0, stats, null);
                SoftmaxF32.crossEntropyBackwardRows(x, OFF, rows[0], rows[1], k, y, 0, stats, g, 0, 1, dx, OFF);
            }
            float[] wantLoss = new float[n], wantDx = new float[n * k], e = new float[k], t = new float[k];
            for (int q = 0; q < n; q++) {
                int a = OFF + q * k;
                float m = SoftmaxF32.max(x, a, k);
                Exp.shifted(x, a, m, e, 0, k);
                float ls = (float) Math.log(SoftmaxF32.sum(e, 0, k));
                wantLoss[q] = -((x[a + (int) y[q]] - m) - ls);
                for (int i = 0; i < k; i++) t[i] = x[a + i] - m;
                Exp.shifted(t, 0, ls, e, 0, k);
                float total = -g[q];
                for (int i = 0; i < k; i++) wantDx[q * k + i] = 0 - e[i] * total;
                wantDx[q * k + (int) y[q]] = total - e[(int) y[q]] * total;
            }
            assertArrayEquals(wantLoss, loss, "loss k=" + k);
            assertArrayEquals(wantDx, Arrays.copyOfRange(dx, OFF, dx.length), "dx k=" + k);
        }
    }

    @Test
    void doubleRowsEqualThePerRowArithmetic() {
        Random r = new Random(6);
        for (int k : K) {
            int n = k > 4096 ? 3 : 1000;
            double[] x = new double[OFF + n * k], g = new double[n];
            long[] y = new long[n];
            for (int i = 0; i < x.length; i++) x[i] = 3 * r.nextGaussian();
            for (int i = 0; i < n; i++) {
                g[i] = r.nextGaussian();
                y[i] = r.nextInt(k);
            }
            double[] loss = new double[n], stats = new double[2 * n], dx = new double[OFF + n * k];
            for (int[] rows : halves(n)) {   // as RowSplit calls them: sub-ranges of whole rows
                SoftmaxF64.crossEntropyRows(x, OFF, rows[0], rows[1], k, y, 0, loss, 0, stats, new double[k]);
                SoftmaxF64.crossEntropyBackwardRows(x, OFF, rows[0], rows[1], k, y, 0, stats, g, 0, 1, dx, OFF);
            }
            double[] wantLoss = new double[n], wantDx = new double[n * k], e = new double[k];
            for (int q = 0; q < n; q++) {
                int a = OFF + q * k;
                double m = SoftmaxF64.max(x, a, k);
                for (int i = 0; i < k; i++) e[i] = Math.exp(x[a + i] - m);
                double ls = Math.log(SoftmaxF64.sum(e, 0, k)), total = -g[q];
                wantLoss[q] = -((x[a + (int) y[q]] - m) - ls);
                for (int i = 0; i < k; i++) wantDx[q * k + i] = 0 - Math.exp((x[a + i] - m) - ls) * total;
                int l = a + (int) y[q];
                wantDx[q * k + (int) y[q]] = total - Math.exp((x[l] - m) - ls) * total;
            }
            assertArrayEquals(wantLoss, loss, "loss k=" + k);
            assertArrayEquals(wantDx, Arrays.copyOfRange(dx, OFF, dx.length), "dx k=" + k);
        }
    }
}
