package io.vecgrad.tensor.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {
    @Test
    void twoByTwo() {
        assertArrayEquals(new double[] {1, 3}, SymmetricEigen.values(new double[][] {{2, 1}, {1, 2}}), 1e-12);
    }

    /** Trace and Frobenius norm are invariants: Σλ = tr A and Σλ² = ‖A‖²_F. */
    @Property(tries = 30)
    void invariants(@ForAll @IntRange(min = 1, max = 12) int n, @ForAll long seed) {
        Random r = new Random(seed);
        double[][] a = new double[n][n];
        double trace = 0;
        double fro = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                a[i][j] = a[j][i] = r.nextGaussian();
            }
        }
        for (int i = 0; i < n; i++) {
            trace += a[i][i];
            for (int j = 0; j < n; j++) fro += a[i][j] * a[i][j];
        }
        double[] ev = SymmetricEigen.values(a);
        double sum = 0;
        double sq = 0;
        for (double v : ev) {
            sum += v;
            sq += v * v;
        }
        assertEquals(trace, sum, 1e-9 * (1 + Math.abs(trace) + fro));
        assertEquals(fro, sq, 1e-9 * (1 + fro));
        for (int i = 1; i < n; i++) assertEquals(true, ev[i - 1] <= ev[i]);
    }

    /** A diagonal matrix conjugated by a rotation keeps its spectrum, including tiny eigenvalues. */
    @Test
    void rotatedDiagonalKeepsSmallEigenvalue() {
        double c = Math.cos(0.3);
        double s = Math.sin(0.3);
        double l1 = 5;
        double l2 = 1e-6;
        double[][] a = {{c * c * l1 + s * s * l2, c * s * (l1 - l2)}, {c * s * (l1 - l2), s * s * l1 + c * c * l2}};
        double[] ev = SymmetricEigen.values(a);
        assertEquals(l2, ev[0], 1e-12);
        assertEquals(l1, ev[1], 1e-12);
    }
}
