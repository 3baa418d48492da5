package io.vecgrad.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.FusedRows;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fused row kernels (SoftmaxF64/F32, LayerNormF64/F32 through FusedRows) against the
 * composed tensor ops and a float64 reference, over generated shapes; this suite also runs
 * with the scalar twins forced. Bounds: the only reordered arithmetic is the row sums of
 * {@code k} terms, so errors stay within about {@code (k + c)} ulps of the result's scale.
 */
@Tag("kernel")
class FusedRowsKernelTest {

    private static double ulp(DType dt) {
        return dt == DType.FLOAT32 ? 0x1p-24 : 0x1p-53;
    }

    private static void close(double want, double got, double tol, String what) {
        assertTrue(Math.abs(want - got) <= tol * Math.max(1, Math.abs(want)), what + ": want " + want + " got " + got + " tol " + tol);
    }

    @Test
    void softmaxAndLogSoftmaxMatchTheComposedOps() {
        Rng r = new Rng(1);
        for (int trial = 0; trial < 60; trial++) {
            int rank = 1 + r.nextInt(3);
            int[] s = new int[rank];
            for (int i = 0; i < rank; i++) s[i] = 1 + r.nextInt(i == rank - 1 ? 70 : 6);
            for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                Tensor x = r.normal(dt, 0, 4, s);
                int k = s[rank - 1];
                double tol = 4 * (k + 4) * ulp(dt);
                for (boolean log : new boolean[] {false, true}) {
                    double[] want = (log ? x.logSoftmax(rank - 1) : x.softmax(rank - 1)).toDoubleArray();
                    double[] got = FusedRows.softmax(x, log).toDoubleArray();
                    for (int i = 0; i < want.length; i++) close(want[i], got[i], tol, (log ? "logSoftmax " : "softmax ") + dt + " k=" + k);
                }
            }
        }
    }

    @Test
    void crossEntropyMatchesAFloat64Reference() {
        Rng r = new Rng(2);
        for (int trial = 0; trial < 40; trial++) {
            int n = 1 + r.nextInt(30), k = 1 + r.nextInt(50);
            for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                Tensor x = r.normal(dt, 0, 3, n, k), y = r.randint(0, k, n), g = r.normal(dt, 0, 1, n);
                Tensor[] out = FusedRows.crossEntropy(x, y);
                double[] loss = out[0].toDoubleArray(), dx = FusedRows.crossEntropyBackward(x, y, out[1], g).toDoubleArray();
                double[] xs = x.toDoubleArray(), gs = g.toDoubleArray();
                long[] ys = y.toLongArray();
                double tol = 8 * (k + 4) * ulp(dt);
                for (int i = 0; i < n; i++) {
                    double m = Double.NEGATIVE_INFINITY, s = 0;
                    for (int j = 0; j < k; j++) m = Math.max(m, xs[i * k + j]);
                    for (int j = 0; j < k; j++) s += Math.exp(xs[i * k + j] - m);
                    double lse = m + Math.log(s);
                    close(lse - xs[i * k + (int) ys[i]], loss[i], tol * Math.max(1, Math.abs(lse)), "loss " + dt);
                    for (int j = 0; j < k; j++) {
                        double want = gs[i] * (Math.exp(xs[i * k + j] - lse) - (j == ys[i] ? 1 : 0));
                        close(want, dx[i * k + j], tol * Math.max(1, Math.abs(lse)), "dx " + dt);
                    }
                }
            }
        }
    }

    @Test
    void layerNormMatchesAFloat64Reference() {
        Rng r = new Rng(3);
        for (int trial = 0; trial < 40; trial++) {
            int rows = 1 + r.nextInt(10), d = 1 + r.nextInt(130);
            for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                Tensor x = r.normal(dt, 1, 2, rows, d), w = r.normal(dt, 1, 0.3, d), b = r.normal(dt, 0, 0.3, d), g = r.normal(dt, 0, 1, rows, d);
                Tensor[] f = FusedRows.layerNorm(x, d, w, b, 1e-5);
                Tensor[] bw = FusedRows.layerNormBackward(x, d, w, f[1], g, true, true);
                double[] xs = x.toDoubleArray(), ws = w.toDoubleArray(), bs = b.toDoubleArray(), gs = g.toDoubleArray();
                double[] y = f[0].toDoubleArray(), dx = bw[0].toDoubleArray(), dw = bw[1].toDoubleArray(), db = bw[2].toDoubleArray();
                double[] rdw = new double[d], rdb = new double[d];
                double tol = 16 * (d + 8) * ulp(dt);
                for (int i = 0; i < rows; i++) {
                    double mean = 0, var = 0;
                    for (int j = 0; j < d; j++) mean += xs[i * d + j] / d;
                    for (int j = 0; j < d; j++) var += (xs[i * d + j] - mean) * (xs[i * d + j] - mean) / d;
                    double rstd = 1 / Math.sqrt(var + 1e-5), m1 = 0, m2 = 0;
                    for (int j = 0; j < d; j++) {
                        double xh = (xs[i * d + j] - mean) * rstd, gh = gs[i * d + j] * ws[j];
                        close(xh * ws[j] + bs[j], y[i * d + j], tol, "y " + dt);
                        m1 += gh / d;
                        m2 += gh * xh / d;
                        rdw[j] += gs[i * d + j] * xh;
                        rdb[j] += gs[i * d + j];
                    }
                    for (int j = 0; j < d; j++) {
                        double xh = (xs[i * d + j] - mean) * rstd;
                        close(rstd * (gs[i * d + j] * ws[j] - m1 - xh * m2), dx[i * d + j], tol * Math.max(1, rstd * 4), "dx " + dt);
                    }
                }
                for (int j = 0; j < d; j++) {
                    close(rdw[j], dw[j], tol * rows, "dw " + dt);
                    close(rdb[j], db[j], tol * rows, "db " + dt);
                }
            }
        }
    }
}
