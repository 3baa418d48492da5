package io.vecgrad.distributed.robust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.distributed.Aggregator;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared aggregator suite: permutation invariance, translation equivariance, breakdown under f outliers. */
class AggregatorsTest {
    private static final int N = 9, F = 2, D = 6;

    private static List<Aggregator> robustRules() {
        return List.of(Aggregators.coordinateMedian(), Aggregators.trimmedMean(F), Aggregators.krum(F), Aggregators.geometricMedian(),
                Aggregators.nna(F));
    }

    private static List<ParamVector> cloud(long seed, ParamVector center, double spread) {
        Rng rng = new Rng(seed);
        List<ParamVector> xs = new ArrayList<>();
        for (int k = 0; k < N; k++) {
            double[] v = center.data().clone();
            for (int j = 0; j < D; j++) v[j] += spread * rng.nextGaussian();
            xs.add(new ParamVector(v));
        }
        return xs;
    }

    private static ParamVector center() {
        return ParamVector.of(1, -2, 3, 0.5, -1, 2);
    }

    @Test
    void permutationInvariance() {
        List<ParamVector> xs = cloud(1, center(), 1);
        List<ParamVector> shuffled = new ArrayList<>(xs);
        Collections.shuffle(shuffled, new java.util.Random(3));
        for (Aggregator a : robustRules()) {
            assertArrayEquals(a.aggregate(center(), xs).data(), a.aggregate(center(), shuffled).data(), 1e-9, a.name());
        }
        assertArrayEquals(Aggregator.mean().aggregate(xs).data(), Aggregator.mean().aggregate(shuffled).data(), 1e-12);
    }

    @Test
    void translationEquivariance() {
        List<ParamVector> xs = cloud(2, center(), 1);
        ParamVector c = ParamVector.of(10, -20, 5, 0, 3, 7);
        List<ParamVector> moved = xs.stream().map(x -> x.plus(c)).toList();
        for (Aggregator a : robustRules()) {
            ParamVector base = a.aggregate(center(), xs), shifted = a.aggregate(center().plus(c), moved);
            assertArrayEquals(base.plus(c).data(), shifted.data(), 1e-7, a.name());
        }
    }

    @Test
    void fOutliersFarAwayDoNotMoveTheRobustRulesButMoveTheMean() {
        List<ParamVector> honest = cloud(3, center(), 0.1);
        for (Aggregator a : robustRules()) {
            List<ParamVector> clean = new ArrayList<>(honest);
            List<ParamVector> attacked = new ArrayList<>(honest);
            for (int k = 0; k < F; k++) {
                attacked.set(k, ParamVector.of(1e6, -1e6, 1e6, 1e6, -1e6, 1e6));
                clean.set(k, clean.get(k));
            }
            ParamVector out = a.aggregate(center(), attacked);
            assertTrue(Math.sqrt(out.squaredDistance(center())) < 1.0, a.name() + " moved to " + out);
        }
        List<ParamVector> attacked = new ArrayList<>(honest);
        attacked.set(0, ParamVector.of(1e6, 0, 0, 0, 0, 0));
        assertTrue(Aggregator.mean().aggregate(attacked).get(0) > 1e5);
    }

    @Test
    void nnaOracleReturnsTheCommonHonestVectorExactly() {
        ParamVector v = ParamVector.of(0.5, -0.25, 2, 1, 0, 3);
        List<ParamVector> xs = new ArrayList<>();
        for (int k = 0; k < N - F; k++) xs.add(v.copy());
        xs.add(v.plus(ParamVector.of(1e6, 0, 0, 0, 0, 0)));
        xs.add(v.plus(ParamVector.of(0, -1e6, 0, 0, 0, 0)));
        assertArrayEquals(v.data(), Aggregators.nna(F).aggregate(v, xs).data(), 0.0);
        assertEquals(Aggregators.nna(0).aggregate(v, xs.subList(0, 3)).get(2), 2.0, 0.0);
        assertThrows(IllegalArgumentException.class, () -> Aggregators.nna(F).aggregate(xs));
    }

    @Test
    void nnaWithKeepAllIsTheMeanAndLiesInTheHull() {
        List<ParamVector> xs = cloud(5, center(), 1);
        assertArrayEquals(ParamVector.mean(xs).data(), Aggregators.nna(0).aggregate(xs.get(0), xs).data(), 1e-12);
        ParamVector out = Aggregators.nna(3).aggregate(xs.get(0), xs);
        for (int j = 0; j < D; j++) {
            final int jj = j;
            double lo = xs.stream().mapToDouble(x -> x.get(jj)).min().orElseThrow(), hi = xs.stream().mapToDouble(x -> x.get(jj)).max().orElseThrow();
            assertTrue(out.get(j) >= lo && out.get(j) <= hi);
        }
    }

    @Test
    void majorityVoteIsTheSignOfTheSumWithTiesZero() {
        List<ParamVector> votes = List.of(ParamVector.of(1, -1, 1, -1), ParamVector.of(1, -1, -1, 1), ParamVector.of(-1, -1, 1, 0));
        assertArrayEquals(new double[] {1, -1, 1, 0}, Aggregators.majorityVote().aggregate(votes).data(), 0.0);
    }

    @Test
    void medianAndTrimmedMeanAgreeWithHandComputedValues() {
        List<ParamVector> xs = List.of(ParamVector.of(1), ParamVector.of(100), ParamVector.of(2), ParamVector.of(3), ParamVector.of(-50));
        assertEquals(2.0, Aggregators.coordinateMedian().aggregate(xs).get(0), 0.0);
        assertEquals(2.0, Aggregators.trimmedMean(1).aggregate(xs).get(0), 0.0);
        assertEquals(2.5, Aggregators.coordinateMedian().aggregate(xs.subList(0, 4)).get(0), 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Aggregators.trimmedMean(3).aggregate(xs));
        assertTrue(e.getMessage().contains("n = 5") && e.getMessage().contains("f = 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Aggregators.krum(2).aggregate(xs));
    }

    @Test
    void geometricMedianOfCollinearPointsIsTheMiddleOne() {
        List<ParamVector> xs = List.of(ParamVector.of(0, 0), ParamVector.of(1, 0), ParamVector.of(10, 0));
        assertArrayEquals(new double[] {1, 0}, Aggregators.geometricMedian().aggregate(xs).data(), 1e-6);
    }

    @Test
    void alieZFollowsTheFormulaAndAttacksUseTheHonestVectors() {
        // n = 50, f = 12: s = 26 − 12 = 14, z = Φ⁻¹(36/50)
        assertEquals(0.5828415073, Attacks.alieZ(50, 12), 1e-8);
        assertEquals(0.0, Attacks.inverseNormalCdf(0.5), 1e-12);
        assertEquals(-1.959963985, Attacks.inverseNormalCdf(0.025), 1e-8);
        List<ParamVector> honest = List.of(ParamVector.of(1, 2), ParamVector.of(3, 2));
        ParamVector forged = Attacks.alie(1.0).forge(0, ParamVector.of(0, 0), honest, 1, new Rng(1));
        assertArrayEquals(new double[] {2 - Math.sqrt(2), 2}, forged.data(), 1e-12);
        assertArrayEquals(new double[] {-0.2, -0.2}, Attacks.ipm(0.1).forge(0, ParamVector.of(9, 9), honest, 1, new Rng(1)).data(), 1e-15);
    }
}
