package io.vecgrad.optim.prox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Nuclear-norm prox: minimizes its objective, Moreau identity with the spectral-ball projection, known cases. */
class NuclearNormTest {
    @Property(tries = 40)
    void minimizesAndSatisfiesMoreau(@ForAll @IntRange(min = 1, max = 5) int rows, @ForAll @IntRange(min = 1, max = 5) int cols,
                                     @ForAll @DoubleRange(min = 0, max = 3) double lambda, @ForAll @DoubleRange(min = 0.1, max = 3) double t,
                                     @ForAll @IntRange(min = 0, max = 10_000) int seed) {
        Random rnd = new Random(seed);
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = 3 * rnd.nextGaussian();
        NuclearNorm g = new NuclearNorm(lambda, rows, cols);
        ProxPropertiesTest.assertMinimizes(g, v, t, seed);
        // g* is the indicator of {‖Y‖₂ ≤ λ}; its prox clips the singular values at λ
        ProxPropertiesTest.assertMoreau(g, v, t, y -> {
            double[] out = new double[y.length];
            NuclearNorm.shrinkSingularValues(y, rows, cols, out, s -> Math.min(s, lambda));
            return out;
        });
    }

    @Test
    void diagonalMatrixShrinksItsDiagonal() {
        NuclearNorm g = new NuclearNorm(1, 2, 2);
        assertArrayEquals(new double[] {2, 0, 0, 0}, g.prox(new double[] {3, 0, 0, 0.5}, 1.0), 1e-12);
        assertEquals(3.5, g.value(new double[] {3, 0, 0, -0.5}), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> g.prox(new double[3], 1.0));
        assertThrows(IllegalArgumentException.class, () -> new NuclearNorm(-1, 2, 2));
    }
}
