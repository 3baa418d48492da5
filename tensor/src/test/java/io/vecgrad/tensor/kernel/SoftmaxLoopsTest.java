package io.vecgrad.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The vector division and log-softmax loops of {@link SoftmaxF64#softmax} (and the generated
 * {@code SoftmaxF32}) apply every element the scalar loops' operations ({@code e/s},
 * {@code (x − m) − log s}): the rows equal, bit for bit, scalar loops written here over the same
 * maximum, exponentials and sum, for row lengths below, at and between vector widths, and in
 * place (attention runs the softmax so; the log form then sums its exponentials in scratch).
 */
@Tag("kernel")
class SoftmaxLoopsTest {
    private static final int[] K = {1, 3, 7, 8, 16, 17, 33, 64, 131};

    @Test
    void doubleRowsEqualTheScalarLoops() {
        Random r = new Random(3);
        for (int k : K) {
            for (boolean log : new boolean[] {false, true}) {
                int rows = 4, off = 2;
                double[] x = new double[off + rows * k];
                for (int i = 0; i < x.length; i++) x[i] = 3 * r.nextGaussian();
                double[] want = new double[rows * k], got = new double[rows * k + 1], e = new double[k];
                SoftmaxF64.softmax(x, off, got, 1, rows, k, log);
                for (int q = 0; q < rows; q++) {
                    int a = off + q * k;
                    double m = SoftmaxF64.max(x, a, k);
                    Exp.shifted(x, a, m, e, 0, k);
                    double s = SoftmaxF64.sum(e, 0, k), ls = Math.log(s);
                    for (int i = 0; i < k; i++) want[q * k + i] = log ? (x[a + i] - m) - ls : e[i] / s;
                }
                assertArrayEquals(want, java.util.Arrays.copyOfRange(got, 1, got.length), "k=" + k + " log=" + log);
                double[] inPlace = java.util.Arrays.copyOfRange(x, off, x.length);
                SoftmaxF64.softmax(inPlace, 0, inPlace, 0, rows, k, log);
                assertArrayEquals(want, inPlace, "in place k=" + k + " log=" + log);
            }
        }
    }

    @Test
    void floatRowsEqualTheScalarLoops() {
        Random r = new Random(4);
        for (int k : K) {
            for (boolean log : new boolean[] {false, true}) {
                int rows = 4, off = 2;
                float[] x = new float[off + rows * k];
                for (int i = 0; i < x.length; i++) x[i] = (float) (3 * r.nextGaussian());
                float[] want = new float[rows * k], got = new float[rows * k], e = new float[k];
                SoftmaxF32.softmax(x, off, got, 0, rows, k, log);
                for (int q = 0; q < rows; q++) {
                    int a = off + q * k;
                    float m = SoftmaxF32.max(x, a, k);
                    Exp.shifted(x, a, m, e, 0, k);
                    float s = SoftmaxF32.sum(e, 0, k), ls = (float) Math.log(s);
                    for (int i = 0; i < k; i++) want[q * k + i] = log ? (x[a + i] - m) - ls : e[i] / s;
                }
                assertArrayEquals(want, got, "k=" + k + " log=" + log);
            }
        }
    }
}
