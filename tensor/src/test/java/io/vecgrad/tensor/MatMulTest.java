package io.vecgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** matmul semantics (shapes, batching, broadcasting, transposed views) against a triple loop. */
class MatMulTest {

    @Property(tries = 200)
    void batchedMatmulMatchesTripleLoop(@ForAll long seed) {
        Random r = new Random(seed);
        int m = Gen.interestingSize(r) % 20, n = Gen.interestingSize(r) % 20, k = Gen.interestingSize(r) % 20;
        int[] batchA = Gen.shape(r, 2, 3);
        int[] batchB = Gen.broadcastPartner(r, batchA);
        if (r.nextBoolean()) { int[] t = batchA; batchA = batchB; batchB = t; }
        Tensor a = operand(r, batchA, m, k);
        Tensor b = operand(r, batchB, k, n);
        Tensor c = a.matmul(b);
        int[] batch = Shape.broadcast("test", batchA, batchB);
        int[] fa = batchA, fb = batchB;
        Gen.forEachIndex(c.shape(), idx -> {
            int[] bi = java.util.Arrays.copyOf(idx, batch.length);
            int i = idx[batch.length], j = idx[batch.length + 1];
            double s = 0, abs = 0;
            for (int p = 0; p < k; p++) {
                double x = a.get(cat(Gen.broadcastIndex(bi, fa), i, p)) * b.get(cat(Gen.broadcastIndex(bi, fb), p, j));
                s += x;
                abs += Math.abs(x);
            }
            assertEquals(s, c.get(idx), 4 * k * Math.ulp(1.0) * abs + 1e-300);
        });
    }

    /** A float64 [batch..., rows, cols] operand, sometimes stored transposed. */
    private static Tensor operand(Random r, int[] batch, int rows, int cols) {
        if (r.nextBoolean()) return Gen.tensor(r, DType.FLOAT64, cat(batch, rows, cols), r.nextBoolean());
        return Gen.tensor(r, DType.FLOAT64, cat(batch, cols, rows), false).mT();
    }

    private static int[] cat(int[] b, int x, int y) {
        int[] s = java.util.Arrays.copyOf(b, b.length + 2);
        s[b.length] = x;
        s[b.length + 1] = y;
        return s;
    }

    @Test
    void vectorCasesDropTheirAxis() {
        Tensor v = Tensor.of(new double[] {1, 2, 3});
        Tensor m = Tensor.arange(DType.FLOAT64, 0, 6, 1).reshape(3, 2);
        assertEquals(14, v.matmul(v).item());
        assertArrayEquals(new int[] {}, v.matmul(v).shape());
        assertArrayEquals(new double[] {16, 22}, v.matmul(m).toDoubleArray());
        assertArrayEquals(new double[] {16, 22}, m.mT().matmul(v).toDoubleArray());
        Tensor batched = Tensor.stack(0, m.mT(), m.mT());
        assertArrayEquals(new int[] {2, 2}, batched.matmul(v).shape());
        assertEquals(DType.FLOAT32, Tensor.of(new int[] {1, 2}).matmul(Tensor.of(new int[] {3, 4})).dtype());
    }

    @Test
    void innerSizeMismatchNamesBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5)));
        assertTrue(e.getMessage().contains("matmul") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 5]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 2, 3).matmul(Tensor.zeros(3, 3, 1)));
        assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(DType.FLOAT32, 1).matmul(Tensor.zeros(1)));
    }

    /**
     * Plain matrices take the single-GEMM fast path; the same matrices with a batch axis of one
     * take the batched path. Both must give the same bits, for transposed views and mixed dtypes too.
     */
    @Property(tries = 150)
    void matrixFastPathMatchesTheBatchedPathBitwise(@ForAll long seed) {
        Random r = new Random(seed);
        int m = Gen.interestingSize(r) % 40, k = Gen.interestingSize(r) % 40, n = Gen.interestingSize(r) % 40;
        DType da = r.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        DType db = r.nextInt(4) == 0 ? DType.FLOAT64 : da;
        Tensor a = r.nextBoolean() ? Gen.tensor(r, da, new int[] {k, m}, false).mT() : Gen.tensor(r, da, new int[] {m, k}, r.nextBoolean());
        Tensor b = r.nextBoolean() ? Gen.tensor(r, db, new int[] {n, k}, false).mT() : Gen.tensor(r, db, new int[] {k, n}, r.nextBoolean());
        Tensor fast = a.matmul(b);
        Tensor batched = a.unsqueeze(0).matmul(b.unsqueeze(0));
        assertArrayEquals(new int[] {m, n}, fast.shape());
        assertArrayEquals(new int[] {1, m, n}, batched.shape());
        assertEquals(batched.dtype(), fast.dtype());
        assertArrayEquals(batched.toDoubleArray(), fast.toDoubleArray());
    }
}
