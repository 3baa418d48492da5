package io.vecgrad.experiments.papers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vecgrad.optim.prox.Halfspaces;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

class P59SvmCleaningTest {

    /** The experiment's Newton projection equals Hildreth's projection onto the same halfspaces. */
    @Test
    void newtonProjectionEqualsHildreth() {
        int n = 12, d = 3;
        Rng rng = new Rng(5);
        Tensor a = rng.normal(DType.FLOAT64, 0, 1, n, d), t = rng.rademacher(DType.FLOAT64, n);
        P59SvmCleaning.Data s = new P59SvmCleaning.Data(a, t, t, new boolean[n], a, t, a, t);
        double[][] rows = new double[n][d + 1 + n];
        double[] ones = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) rows[i][j] = t.get(i) * a.get(i, j);
            rows[i][d] = t.get(i);
            rows[i][d + 1 + i] = 1;
            ones[i] = 1;
        }
        Halfspaces set = new Halfspaces(rows, ones, 1e-13, 1_000_000);
        for (int k = 0; k < 5; k++) {
            Tensor y = rng.normal(DType.FLOAT64, 0, 2, d + 1 + n);
            Halfspaces.Projection expected = set.project(y.toDoubleArray());
            Tensor got = P59SvmCleaning.project(s, y);
            assertArrayEquals(expected.point(), got.toDoubleArray(), 1e-9);
            assertEquals(0, set.maxViolation(got.toDoubleArray()), 1e-12);
        }
    }

    @Test
    void aucCountsTiesAsHalf() {
        assertEquals(1.0, P59SvmCleaning.auc(new double[] {3, 2, 1}, new boolean[] {true, false, false}));
        assertEquals(0.75, P59SvmCleaning.auc(new double[] {1, 1, 0}, new boolean[] {true, false, false}));
    }
}
