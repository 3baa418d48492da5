package io.vecgrad.optim.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.Params;
import io.vecgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class BatchSizeTestsTest {
    static final int CAP = 4096;

    static List<Params> samples(long seed, int b, double noise) {
        Random r = new Random(seed);
        List<Params> out = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            double[] w = new double[6], v = new double[3];
            for (int j = 0; j < 6; j++) w[j] = 1 + 0.2 * j + noise * r.nextGaussian();
            for (int j = 0; j < 3; j++) v[j] = -0.5 + noise * r.nextGaussian();
            out.add(Params.of("w", Tensor.of(w, 2, 3), "b", Tensor.of(v, 3)));
        }
        return out;
    }

    static List<BatchSizeTests.BatchSizeTest> tests() {
        return List.of(BatchSizeTests.norm(0.1, CAP), BatchSizeTests.innerProduct(0.1, CAP), BatchSizeTests.orthogonality(0.1, CAP),
                BatchSizeTests.augmentedInnerProduct(0.1, 0.2, CAP), BatchSizeTests.coordinate(0.5, CAP));
    }

    @Property(tries = 30)
    void nextSizeIsMonotoneCappedAndHomogeneous(@ForAll @IntRange(min = 2, max = 64) int b, @ForAll @DoubleRange(min = 0.01, max = 30) double noise,
                                                @ForAll @DoubleRange(min = -50, max = 50) double c) {
        List<Params> gs = samples(b * 31L, b, noise);
        List<Params> scaled = new ArrayList<>();
        for (Params p : gs) scaled.add(p.map(t -> t.mul(c == 0 ? 1 : c)));
        for (BatchSizeTests.BatchSizeTest t : tests()) {
            int next = t.nextBatchSize(gs, b);
            assertTrue(next >= b && next <= CAP, "next " + next);
            assertEquals(next, t.nextBatchSize(scaled, b), "homogeneity");
        }
    }

    @Property(tries = 20)
    void momentFormOfTheNormTestAgreesWithThePerSampleForm(@ForAll @IntRange(min = 2, max = 64) int b, @ForAll @DoubleRange(min = 0.01, max = 5) double noise) {
        List<Params> gs = samples(b * 13L, b, noise);
        Params sum = gs.get(0).zerosLike(), sumSq = gs.get(0).zerosLike();
        for (Params g : gs) {
            sum.addInPlace(g);
            sumSq.addInPlace(g.map(t -> t.mul(t)));
        }
        int a = BatchSizeTests.norm(0.1, CAP).nextBatchSize(gs, b);
        int m = BatchSizeTests.normFromMoments(sum, sumSq, b, b, 0.1, CAP);
        assertTrue(Math.abs(a - m) <= 1, a + " vs " + m);
    }

    @Property(tries = 10)
    void identicalSamplesKeepTheBatchSize(@ForAll @IntRange(min = 2, max = 64) int b) {
        List<Params> same = new ArrayList<>();
        Params one = samples(1, 1, 0.5).get(0);
        for (int i = 0; i < b; i++) same.add(one);
        for (BatchSizeTests.BatchSizeTest t : tests()) assertEquals(b, t.nextBatchSize(same, b));
    }

    @Property(tries = 20)
    void normTestPassesAtTheNewSizeWithTheSameEstimates(@ForAll @IntRange(min = 2, max = 64) int b, @ForAll @DoubleRange(min = 0.01, max = 5) double noise) {
        List<Params> gs = samples(b * 7L, b, noise);
        int next = BatchSizeTests.norm(0.1, Integer.MAX_VALUE).nextBatchSize(gs, b);
        double[][] g = new double[b][];
        for (int i = 0; i < b; i++) g[i] = BatchSizeTests.flatten(gs.get(i));
        double[] mean = new double[g[0].length];
        for (double[] gi : g) for (int j = 0; j < mean.length; j++) mean[j] += gi[j] / b;
        double v = 0, m2 = 0;
        for (double[] gi : g) for (int j = 0; j < mean.length; j++) v += (gi[j] - mean[j]) * (gi[j] - mean[j]) / (b - 1);
        for (double x : mean) m2 += x * x;
        assertTrue(v / next <= 0.01 * m2 * (1 + 1e-12), v / next + " > " + 0.01 * m2);
    }

    /** Two tensors, five samples; the expected figures come from tests.py's formulas run in numpy. */
    static List<Params> twoTensorBatch() {
        double[][] w = {{1, 2, 0.5, -1}, {0, 1.5, 1, -2}, {2, 0.5, -0.5, 0}, {1.5, 2.5, 0, -1.5}, {0.5, 1, 1, -0.5}};
        double[][] v = {{0.3, -0.2, 1}, {-0.1, 0.4, 0.8}, {0.2, 0, 1.2}, {0.6, -0.5, 0.9}, {0, 0.1, 1.1}};
        List<Params> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) out.add(Params.of("w", Tensor.of(w[i], 2, 2), "b", Tensor.of(v[i], 3)));
        return out;
    }

    @org.junit.jupiter.api.Test
    void innerProductAndOrthogonalityStatisticsArePerTensorSumsAsInTestsPy() {
        double[] s = BatchSizeTests.statistics(twoTensorBatch());
        // numpy, per tensor then summed (tests.py): ‖ḡ‖² 5.4516, ΣVar 2.513, IP 3.0042708, orth 1.80974508...
        // one global inner product would give IP 2.7539308 and orth 2.00783990: the test must tell them apart.
        assertEquals(5.4516, s[0], 1e-12);
        assertEquals(2.513, s[1], 1e-12);
        assertEquals(3.0042708, s[2], 1e-12);
        assertEquals(1.8097450808280302, s[3], 1e-12);
        // decisions: ⌈3.0042708/(0.01·5.4516²)⌉ = 11 (global: 10); ⌈1.80974508/(0.01·5.4516)⌉ = 34 (global: 37)
        assertEquals(11, BatchSizeTests.innerProduct(0.1, CAP).nextBatchSize(twoTensorBatch(), 5));
        assertEquals(34, BatchSizeTests.orthogonality(0.1, CAP).nextBatchSize(twoTensorBatch(), 5));
        assertEquals(34, BatchSizeTests.augmentedInnerProduct(0.1, 0.1, CAP).nextBatchSize(twoTensorBatch(), 5));
    }

    @org.junit.jupiter.api.Test
    void aSmallerRemainderBatchNeverShrinksTheHeldSize() {
        List<Params> remainder = twoTensorBatch();           // 5 samples at the end of an epoch, size held: 64
        for (BatchSizeTests.BatchSizeTest t : tests()) assertTrue(t.nextBatchSize(remainder, 64) >= 64);
        Params sum = remainder.get(0).zerosLike(), sumSq = remainder.get(0).zerosLike();
        for (Params g : remainder) {
            sum.addInPlace(g);
            sumSq.addInPlace(g.map(t -> t.mul(t)));
        }
        assertEquals(64, BatchSizeTests.normFromMoments(sum, sumSq, 5, 64, 0.5, CAP));
        assertEquals(12, BatchSizeTests.normFromMoments(sum, sumSq, 5, 5, 0.2, CAP));   // ⌈2.513/(0.04·5.4516)⌉ = ⌈11.52⌉
    }
}
