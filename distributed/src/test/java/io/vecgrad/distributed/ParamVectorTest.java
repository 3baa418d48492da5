package io.vecgrad.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParamVectorTest {
    private static ParamVector random(Rng rng, int d) {
        double[] v = new double[d];
        for (int i = 0; i < d; i++) v[i] = rng.nextGaussian();
        return new ParamVector(v);
    }

    @Test
    void kernelsMatchScalarLoopsOverManyLengths() {
        Rng rng = new Rng(1);
        for (int d : new int[] {0, 1, 3, 7, 8, 17, 64, 129}) {
            ParamVector x = random(rng, d), y = random(rng, d);
            double dot = 0, dist = 0;
            double[] axpy = new double[d];
            for (int i = 0; i < d; i++) {
                dot += x.get(i) * y.get(i);
                dist += (x.get(i) - y.get(i)) * (x.get(i) - y.get(i));
                axpy[i] = y.get(i) + 0.5 * x.get(i);
            }
            assertEquals(dot, x.dot(y), 1e-12 * (1 + Math.abs(dot)));
            assertEquals(dist, x.squaredDistance(y), 1e-12 * (1 + dist));
            assertArrayEquals(axpy, y.copy().axpyInPlace(0.5, x).data(), 1e-15);
        }
    }

    @Test
    void meanAndWeightedSumSumInListOrder() {
        Rng rng = new Rng(2);
        List<ParamVector> xs = new ArrayList<>();
        for (int k = 0; k < 5; k++) xs.add(random(rng, 11));
        double[] expect = new double[11];
        for (ParamVector x : xs) for (int i = 0; i < 11; i++) expect[i] += x.get(i);
        for (int i = 0; i < 11; i++) expect[i] *= 1.0 / 5;
        assertArrayEquals(expect, ParamVector.mean(xs).data(), 0.0);
        ParamVector w = ParamVector.weightedSum(new double[] {1, 0, 0, 0, 2}, xs);
        assertArrayEquals(xs.get(0).plus(xs.get(4).times(2)).data(), w.data(), 1e-15);
    }

    @Test
    void consensusDistanceIsSpreadAroundTheMean() {
        List<ParamVector> xs = List.of(ParamVector.of(0, 0), ParamVector.of(2, 0));
        assertEquals(1.0, ParamVector.consensusDistance(xs), 0.0);
        assertEquals(0.0, ParamVector.consensusDistance(List.of(ParamVector.of(3, 1), ParamVector.of(3, 1))), 0.0);
    }

    @Test
    void topKPicksLargestMagnitudesLowerIndexOnTies() {
        ParamVector x = ParamVector.of(1, -5, 3, 5, 0);
        assertArrayEquals(new int[] {1, 3}, x.topKIndices(2));
        assertArrayEquals(new int[] {1, 2, 3}, x.topKIndices(3));
    }

    @Test
    void mismatchedDimensionsNameTheOperation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ParamVector.of(1, 2).dot(ParamVector.of(1, 2, 3)));
        assertTrue(e.getMessage().contains("dot") && e.getMessage().contains("3") && e.getMessage().contains("2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ParamVector.weightedSum(new double[] {1}, List.of(ParamVector.of(1), ParamVector.of(2))));
    }
}
