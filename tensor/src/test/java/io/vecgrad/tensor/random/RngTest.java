package io.vecgrad.tensor.random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class RngTest {

    @Property(tries = 100)
    void sameSeedSameNumbersAndSplitsDoNotAdvance(@ForAll long seed) {
        Rng a = new Rng(seed), b = new Rng(seed);
        a.split("other").nextLong();
        assertEquals(a.nextLong(), b.nextLong());
        assertArrayEquals(a.normal(DType.FLOAT64, 0, 1, 7).toDoubleArray(), b.normal(DType.FLOAT64, 0, 1, 7).toDoubleArray());
        assertFalse(Arrays.equals(a.split("x").normal(DType.FLOAT64, 0, 1, 4).toDoubleArray(),
                a.split("y").normal(DType.FLOAT64, 0, 1, 4).toDoubleArray()));
    }

    @Property(tries = 50)
    void stateRestoresTheStream(@ForAll long seed) {
        Rng a = new Rng(seed);
        a.nextDouble();
        Rng b = Rng.fromState(a.state());
        assertEquals(a.nextLong(), b.nextLong());
    }

    @Test
    void distributionsHaveTheirMoments() {
        // n = 200k draws: the standard error of a mean is ~0.0022, so 0.01 is over 4 sigma.
        Rng r = new Rng(7);
        Tensor n = r.normal(DType.FLOAT64, 2, 3, 200_000);
        assertEquals(2, n.mean().item(), 0.03);
        assertEquals(3, n.std(null, false, 1).item(), 0.03);
        Tensor u = r.uniform(DType.FLOAT64, -1, 1, 200_000);
        assertEquals(0, u.mean().item(), 0.01);
        assertTrue(u.min().item() >= -1 && u.max().item() < 1);
        assertEquals(0.3, r.bernoulli(DType.FLOAT32, 0.3, 200_000).mean().item(), 0.01);
        assertEquals(0, r.rademacher(DType.FLOAT64, 200_000).mean().item(), 0.01);
        Tensor ints = r.randint(-3, 4, 200_000);
        assertEquals(-3, ints.min().item());
        assertEquals(3, ints.max().item());
        assertEquals(0, ints.to(DType.FLOAT64).mean().item(), 0.02);
    }

    @Test
    void permutationIsAPermutation() {
        long[] p = new Rng(3).permutation(1000).toLongArray();
        long[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) assertEquals(i, sorted[i]);
        assertFalse(Arrays.equals(p, sorted));
        assertThrows(IllegalArgumentException.class, () -> new Rng(1).randint(3, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> new Rng(1).bernoulli(DType.FLOAT32, 1.5, 2));
    }
}
