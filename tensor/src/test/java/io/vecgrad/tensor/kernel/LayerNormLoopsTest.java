package io.vecgrad.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The vector loops of {@link LayerNormF64} (and the generated {@code LayerNormF32}) apply every
 * element the operations of the scalar loops, in the same order: forward, {@code dx} and the
 * affine gradients equal, bit for bit, scalar loops written here (the row sums go through the
 * same {@code SoftmaxF64.sum}), for row lengths below, at and between vector widths, with and
 * without the affine map, and over sub-ranges of affine columns.
 */
@Tag("kernel")
class LayerNormLoopsTest {
    private static final int[] DIMS = {1, 3, 7, 8, 16, 17, 33, 128, 131};

    @Test
    void doubleRowsEqualTheScalarLoops() {
        Random r = new Random(1);
        for (int d : DIMS) {
            for (boolean affine : new boolean[] {true, false}) {
                int rows = 5, off = 3;
                double[] x = normal(r, off + rows * d), g = normal(r, off + rows * d), w = affine ? normal(r, d + 2) : null, b = affine ? normal(r, d + 2) : null;
                double[] y = new double[rows * d + 1], stats = new double[2 * rows], wantY = new double[y.length], wantStats = new double[stats.length];
                LayerNormF64.forward(x, off, rows, d, w, 2, b, 1, 1e-5, y, 1, stats, new double[d]);
                for (int q = 0; q < rows; q++) {
                    int a = off + q * d;
                    double mean = SoftmaxF64.sum(x, a, d) / d;
                    double[] sq = new double[d];
                    for (int i = 0; i < d; i++) sq[i] = (x[a + i] - mean) * (x[a + i] - mean);
                    double rstd = 1 / Math.sqrt(SoftmaxF64.sum(sq, 0, d) / d + 1e-5);
                    wantStats[2 * q] = mean;
                    wantStats[2 * q + 1] = rstd;
                    for (int i = 0; i < d; i++) wantY[1 + q * d + i] = affine ? (x[a + i] - mean) * rstd * w[2 + i] + b[1 + i] : (x[a + i] - mean) * rstd;
                }
                same(wantStats, stats, "stats d=" + d);
                same(wantY, y, "y d=" + d + " affine=" + affine);
                double[] dx = new double[rows * d], wantDx = new double[dx.length];
                double[] dw = normal(r, d), db = normal(r, d), wantDw = dw.clone(), wantDb = db.clone();
                LayerNormF64.backward(x, off, rows, d, w, 2, stats, g, off, dx, 0, null, null, new double[2 * d]);
                int c0 = d / 3, c1 = d - d / 5;
                LayerNormF64.backwardAffine(x, off, rows, d, c0, c1, stats, g, off, dw, db);
                for (int q = 0; q < rows; q++) {
                    int a = off + q * d;
                    double mean = stats[2 * q], rstd = stats[2 * q + 1];
                    double[] gh = new double[d], ghx = new double[d];
                    for (int i = 0; i < d; i++) {
                        gh[i] = affine ? g[a + i] * w[2 + i] : g[a + i];
                        ghx[i] = gh[i] * ((x[a + i] - mean) * rstd);
                    }
                    double m1 = SoftmaxF64.sum(gh, 0, d) / d, m2 = SoftmaxF64.sum(ghx, 0, d) / d;
                    for (int i = 0; i < d; i++) wantDx[q * d + i] = rstd * (gh[i] - m1 - ((x[a + i] - mean) * rstd) * m2);
                    for (int i = c0; i < c1; i++) {
                        wantDw[i] += g[a + i] * ((x[a + i] - mean) * rstd);
                        wantDb[i] += g[a + i];
                    }
                }
                same(wantDx, dx, "dx d=" + d + " affine=" + affine);
                same(wantDw, dw, "dw d=" + d);
                same(wantDb, db, "db d=" + d);
            }
        }
    }

    @Test
    void floatRowsEqualTheScalarLoops() {
        Random r = new Random(2);
        for (int d : DIMS) {
            for (boolean affine : new boolean[] {true, false}) {
                int rows = 4, off = 5;
                float[] x = normalF(r, off + rows * d), g = normalF(r, off + rows * d), w = affine ? normalF(r, d) : null, b = affine ? normalF(r, d) : null;
                float[] y = new float[rows * d], stats = new float[2 * rows], wantY = new float[y.length], wantStats = new float[stats.length];
                LayerNormF32.forward(x, off, rows, d, w, 0, b, 0, 1e-5f, y, 0, stats, new float[d]);
                for (int q = 0; q < rows; q++) {
                    int a = off + q * d;
                    float mean = SoftmaxF32.sum(x, a, d) / d;
                    float[] sq = new float[d];
                    for (int i = 0; i < d; i++) sq[i] = (x[a + i] - mean) * (x[a + i] - mean);
                    float rstd = 1 / (float) Math.sqrt(SoftmaxF32.sum(sq, 0, d) / d + 1e-5f);
                    wantStats[2 * q] = mean;
                    wantStats[2 * q + 1] = rstd;
                    for (int i = 0; i < d; i++) wantY[q * d + i] = affine ? (x[a + i] - mean) * rstd * w[i] + b[i] : (x[a + i] - mean) * rstd;
                }
                sameF(wantStats, stats, "stats d=" + d);
                sameF(wantY, y, "y d=" + d + " affine=" + affine);
                float[] dx = new float[rows * d], wantDx = new float[dx.length];
                float[] dw = normalF(r, d), db = normalF(r, d), wantDw = dw.clone(), wantDb = db.clone();
                LayerNormF32.backward(x, off, rows, d, w, 0, stats, g, off, dx, 0, dw, db, new float[2 * d]);
                for (int q = 0; q < rows; q++) {
                    int a = off + q * d;
                    float mean = stats[2 * q], rstd = stats[2 * q + 1];
                    float[] gh = new float[d], ghx = new float[d];
                    for (int i = 0; i < d; i++) {
                        gh[i] = affine ? g[a + i] * w[i] : g[a + i];
                        ghx[i] = gh[i] * ((x[a + i] - mean) * rstd);
                    }
                    float m1 = SoftmaxF32.sum(gh, 0, d) / d, m2 = SoftmaxF32.sum(ghx, 0, d) / d;
                    for (int i = 0; i < d; i++) {
                        wantDx[q * d + i] = rstd * (gh[i] - m1 - ((x[a + i] - mean) * rstd) * m2);
                        wantDw[i] += g[a + i] * ((x[a + i] - mean) * rstd);
                        wantDb[i] += g[a + i];
                    }
                }
                sameF(wantDx, dx, "dx d=" + d + " affine=" + affine);
                sameF(wantDw, dw, "dw d=" + d);
                sameF(wantDb, db, "db d=" + d);
            }
        }
    }

    private static double[] normal(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = r.nextGaussian() * 2 + 0.5;
        return v;
    }

    private static float[] normalF(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * 2 + 0.5);
        return v;
    }

    private static void same(double[] want, double[] got, String what) {
        for (int i = 0; i < want.length; i++) assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(got[i]), what + " [" + i + "]: want " + want[i] + " got " + got[i]);
    }

    private static void sameF(float[] want, float[] got, String what) {
        for (int i = 0; i < want.length; i++) assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), what + " [" + i + "]: want " + want[i] + " got " + got[i]);
    }
}
