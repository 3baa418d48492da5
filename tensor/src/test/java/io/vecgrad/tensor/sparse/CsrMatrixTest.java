package io.vecgrad.tensor.sparse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CsrMatrixTest {
    /** A dense matrix with about {@code density} nonzeros; whole rows are often empty. */
    static Tensor sparseDense(long seed, int rows, int cols, double density, DType dtype) {
        Rng rng = new Rng(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            boolean emptyRow = rng.nextDouble() < 0.25;
            for (int j = 0; j < cols; j++) {
                if (!emptyRow && rng.nextDouble() < density) v[i * cols + j] = Math.rint(rng.nextGaussian() * 8) / 4;
            }
        }
        return Tensor.wrap(v, rows, cols).to(dtype);
    }

    static void assertClose(Tensor expected, Tensor actual) {
        assertEquals(expected.dtype(), actual.dtype());
        assertArrayEquals(expected.shape(), actual.shape());
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        double tol = expected.dtype() == DType.FLOAT32 ? 1e-5 : 1e-12;
        for (int i = 0; i < e.length; i++) assertEquals(e[i], a[i], tol * (1 + Math.abs(e[i])), "element " + i);
    }

    @Property(tries = 300)
    void productsMatchDenseMatmul(@ForAll long seed, @ForAll @IntRange(max = 9) int rows, @ForAll @IntRange(max = 9) int cols,
                                  @ForAll @IntRange(min = 1, max = 4) int k, @ForAll @DoubleRange(max = 1) double density,
                                  @ForAll boolean f32) {
        DType dt = f32 ? DType.FLOAT32 : DType.FLOAT64;
        Tensor dense = sparseDense(seed, rows, cols, density, dt);
        CsrMatrix a = CsrMatrix.fromDense(dense);
        Rng rng = new Rng(seed + 1);
        Tensor x = rng.normal(dt, 0, 1, cols).mul(4);
        Tensor y = rng.normal(dt, 0, 1, rows).mul(4);
        Tensor b = rng.normal(dt, 0, 1, cols, k).mul(4);
        assertClose(dense, a.toDense());
        if (rows > 0 && cols > 0) {
            assertClose(dense.matmul(x), a.matvec(x));
            assertClose(dense.mT().matmul(y), a.transposeMatvec(y));
            assertClose(dense.matmul(b), a.matmul(b));
        } else {
            assertClose(Tensor.zeros(dt, rows), a.matvec(x));
            assertClose(Tensor.zeros(dt, cols), a.transposeMatvec(y));
            assertClose(Tensor.zeros(dt, rows, k), a.matmul(b));
        }
        assertClose(dense.mT().contiguous(), a.transpose().toDense());
        for (int i = 0; i < rows; i++) assertClose(dense.select(0, i).contiguous(), a.row(i));
    }

    @Property(tries = 200)
    void cooWithDuplicatesSumsThem(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int rows, @ForAll @IntRange(min = 1, max = 6) int cols,
                                   @ForAll @IntRange(max = 30) int n) {
        Rng rng = new Rng(seed);
        int[] r = new int[n];
        int[] c = new int[n];
        double[] v = new double[n];
        double[] dense = new double[rows * cols];
        for (int e = 0; e < n; e++) {
            r[e] = rng.nextInt(rows);
            c[e] = rng.nextInt(cols);
            v[e] = rng.nextInt(9) - 4;
            dense[r[e] * cols + c[e]] += v[e];
        }
        CsrMatrix a = CsrMatrix.fromCoo(rows, cols, r, c, v, DType.FLOAT64);
        assertArrayEquals(dense, a.toDense().toDoubleArray());
        int[] pick = {rows - 1, 0, rows - 1};
        CsrMatrix sub = a.selectRows(pick);
        for (int b = 0; b < pick.length; b++) assertClose(a.row(pick[b]), sub.row(b));
    }

    @Test
    void zeroByNAndEmptyRows() {
        CsrMatrix z = CsrMatrix.of(0, 5, new int[] {0}, new int[0], new double[0]);
        assertArrayEquals(new int[] {0}, z.matvec(Tensor.zeros(DType.FLOAT64, 5)).shape());
        assertArrayEquals(new double[5], z.transposeMatvec(Tensor.zeros(DType.FLOAT64, 0)).toDoubleArray());
        CsrMatrix e = CsrMatrix.of(3, 2, new int[] {0, 0, 1, 1}, new int[] {1}, new float[] {2f});
        assertArrayEquals(new double[] {0, 6, 0}, e.matvec(Tensor.of(new float[] {1, 3})).toDoubleArray());
        assertEquals(DType.FLOAT32, e.dtype());
    }

    @Test
    void constructorValidates() {
        assertThrows(IllegalArgumentException.class, () -> CsrMatrix.of(2, 2, new int[] {0, 1}, new int[] {0}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> CsrMatrix.of(1, 2, new int[] {0, 2}, new int[] {1, 0}, new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> CsrMatrix.of(1, 2, new int[] {0, 1}, new int[] {2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> CsrMatrix.of(2, 2, new int[] {0, 1, 0}, new int[] {0}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> CsrMatrix.of(1, 2, new int[] {0, 1}, new int[] {0}, new double[] {1, 2}));
        CsrMatrix a = CsrMatrix.of(1, 2, new int[] {0, 1}, new int[] {0}, new double[] {1});
        assertThrows(IllegalArgumentException.class, () -> a.matvec(Tensor.zeros(DType.FLOAT64, 3)));
        assertThrows(IllegalArgumentException.class, () -> a.transposeMatvec(Tensor.zeros(DType.FLOAT64, 2)));
    }
}
