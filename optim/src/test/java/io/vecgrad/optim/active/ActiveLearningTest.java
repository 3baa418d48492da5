package io.vecgrad.optim.active;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActiveLearningTest {

    @Test
    void thresholdSeparationFactorIsTwoInsideAndOneAtTheEnds() {
        IdentificationProblem p = IdentificationProblem.thresholds(10);
        assertEquals(1.0, p.separationFactor(0), 0.01);
        assertEquals(1.0, p.separationFactor(10), 0.01);
        for (int z = 1; z < 10; z++) assertEquals(2.0, p.separationFactor(z), 0.02, "z=" + z);
    }

    @Test
    void gapForInvertsTheComplexity() {
        IdentificationProblem p = IdentificationProblem.thresholds(6);
        for (double r : new double[] {1.5, 4, 16}) {
            for (int h : new int[] {0, 3}) {
                double g = p.gapFor(h, r);
                assertEquals(r, p.complexity(h, g), 1e-9 * r);
            }
        }
        assertTrue(p.gapFor(3, 16) < p.gapFor(3, 4), "a larger class allows smaller gaps");
        assertEquals(Double.POSITIVE_INFINITY, IdentificationProblem.kl(0.5));
    }

    @Test
    void lossIsTheTieBrokenMaximumLikelihoodError() {
        IdentificationProblem p = IdentificationProblem.thresholds(4);
        QueryHistory h = new QueryHistory(4, 3);
        assertEquals(1 - 1.0 / 5, p.loss(2, h), 1e-15); // nothing asked: uniform guess over 5
        h.record(1, true); // z <= 1
        assertEquals(0.5, p.loss(0, h), 1e-15);
        assertEquals(1.0, p.loss(3, h), 1e-15);
        h.record(0, false); // z >= 1
        assertEquals(0.0, p.loss(1, h), 1e-15);
    }

    @Test
    void learnedPolicyDistributionIsValidEvenForExtremeWeights() {
        LearnedQueryPolicy pi = new LearnedQueryPolicy(7, 5, new Rng(3));
        double[] psi = pi.parameters();
        Rng r = new Rng(11);
        for (int trial = 0; trial < 20; trial++) {
            double scale = trial < 10 ? 1 : 1e4;
            for (int i = 0; i < psi.length; i++) psi[i] = scale * r.nextGaussian();
            QueryHistory h = randomHistory(7, 6, r);
            double[] p = pi.distribution(h);
            double s = 0;
            for (double v : p) {
                assertTrue(v >= 0 && v <= 1 && !Double.isNaN(v));
                s += v;
            }
            assertEquals(1.0, s, 1e-12);
        }
    }

    @Test
    void untrainedPolicyIsUniform() {
        LearnedQueryPolicy pi = new LearnedQueryPolicy(5, 4, new Rng(3));
        double[] p = pi.distribution(new QueryHistory(5, 3));
        for (double v : p) assertEquals(0.2, v, 1e-15);
    }

    @Test
    void logProbGradientMatchesCentralDifferences() {
        LearnedQueryPolicy pi = new LearnedQueryPolicy(4, 3, new Rng(5));
        double[] psi = pi.parameters();
        Rng r = new Rng(6);
        for (int i = 0; i < psi.length; i++) psi[i] = 0.7 * r.nextGaussian();
        QueryHistory h = randomHistory(4, 5, r);
        int a = 2;
        double[] g = new double[psi.length];
        pi.addLogProbGradient(h, a, 1.0, g);
        for (int i = 0; i < psi.length; i++) {
            double old = psi[i], e = 1e-6;
            psi[i] = old + e;
            double up = Math.log(pi.distribution(h)[a]);
            psi[i] = old - e;
            double down = Math.log(pi.distribution(h)[a]);
            psi[i] = old;
            assertEquals((up - down) / (2 * e), g[i], 1e-7, "parameter " + i);
        }
    }

    @Test
    void sharedScorePolicyIsAValidDistributionWithCorrectScores() {
        IdentificationProblem p = IdentificationProblem.thresholds(6);
        SharedScorePolicy pi = new SharedScorePolicy(p, 5, 0.25, new Rng(4));
        double[] psi = pi.parameters();
        Rng r = new Rng(12);
        for (int trial = 0; trial < 10; trial++) {
            double scale = trial < 5 ? 1 : 1e3;
            for (int i = 0; i < psi.length; i++) psi[i] = scale * r.nextGaussian();
            double[] d = pi.distribution(randomHistory(6, 8, r));
            double s = 0;
            for (double v : d) {
                assertTrue(v >= 0 && !Double.isNaN(v));
                s += v;
            }
            assertEquals(1.0, s, 1e-12);
        }
        for (int i = 0; i < psi.length; i++) psi[i] = 0.6 * r.nextGaussian();
        QueryHistory h = randomHistory(6, 8, r);
        double[] g = new double[psi.length];
        pi.addLogProbGradient(h, 4, 1.0, g);
        for (int i = 0; i < psi.length; i++) {
            double old = psi[i], e = 1e-6;
            psi[i] = old + e;
            double up = Math.log(pi.distribution(h)[4]);
            psi[i] = old - e;
            double down = Math.log(pi.distribution(h)[4]);
            psi[i] = old;
            assertEquals((up - down) / (2 * e), g[i], 1e-7, "parameter " + i);
        }
    }

    @Test
    void sharedScorePolicyIsIndependentOfQueryNumbering() {
        // reversing the points of a threshold problem maps hypotheses z -> n - z with flipped answers;
        // the per-query scorer sees the mirrored features, so its distribution is the mirror image
        boolean[][] a = new boolean[6][5], b = new boolean[6][5];
        for (int z = 0; z <= 5; z++) for (int i = 0; i < 5; i++) {
            a[z][i] = i >= z;
            b[z][i] = 4 - i >= z;
        }
        IdentificationProblem pa = IdentificationProblem.fromAnswers(a), pb = IdentificationProblem.fromAnswers(b);
        SharedScorePolicy sa = new SharedScorePolicy(pa, 4, 0.3, new Rng(9)), sb = new SharedScorePolicy(pb, 4, 0.3, new Rng(9));
        QueryHistory ha = new QueryHistory(5, 4), hb = new QueryHistory(5, 4);
        ha.record(1, true);
        hb.record(3, true);
        ha.record(0, false);
        hb.record(4, false);
        double[] da = sa.distribution(ha), db = sb.distribution(hb);
        for (int i = 0; i < 5; i++) assertEquals(da[i], db[4 - i], 1e-12);
    }

    /** Exact E[loss] over every query/answer sequence of a tiny problem. */
    static double exactLoss(IdentificationProblem p, TrainablePolicy pi, int truth, double gap, int budget, double[] scoreExpectation) {
        return enumerate(p, pi, truth, gap, new QueryHistory(p.queries(), budget), 1.0, new int[budget], new boolean[budget], scoreExpectation);
    }

    private static double enumerate(IdentificationProblem p, TrainablePolicy pi, int truth, double gap, QueryHistory h, double prob, int[] qs, boolean[] ys, double[] score) {
        int t = h.asked();
        if (h.remaining() == 0) {
            double loss = p.loss(truth, h);
            if (score != null) Reinforce.addScore(p, pi, new Rollouts.Episode(qs.clone(), ys.clone(), loss), h.budget(), prob * loss, score);
            return prob * loss;
        }
        double[] dist = pi.distribution(h);
        double total = 0;
        for (int x = 0; x < dist.length; x++) {
            for (boolean y : new boolean[] {true, false}) {
                double py = (y == p.answer(truth, x)) ? 0.5 + gap : 0.5 - gap;
                QueryHistory next = copy(h);
                next.record(x, y);
                qs[t] = x;
                ys[t] = y;
                total += enumerate(p, pi, truth, gap, next, prob * dist[x] * py, qs, ys, score);
            }
        }
        return total;
    }

    @Test
    void reinforceIsUnbiasedAgainstTheEnumeratedGradient() {
        IdentificationProblem p = IdentificationProblem.thresholds(3);
        int budget = 2, truth = 1;
        double gap = 0.3;
        LearnedQueryPolicy pi = new LearnedQueryPolicy(3, 3, new Rng(2));
        double[] psi = pi.parameters();
        Rng r = new Rng(8);
        for (int i = 0; i < psi.length; i++) psi[i] = 0.8 * r.nextGaussian();
        // exact gradient by central differences of the enumerated expectation
        double[] exact = new double[psi.length];
        for (int i = 0; i < psi.length; i++) {
            double old = psi[i], e = 1e-6;
            psi[i] = old + e;
            double up = exactLoss(p, pi, truth, gap, budget, null);
            psi[i] = old - e;
            double down = exactLoss(p, pi, truth, gap, budget, null);
            psi[i] = old;
            exact[i] = (up - down) / (2 * e);
        }
        // the score-function identity holds exactly: E[L ∇log π] = ∇E[L]
        double[] score = new double[psi.length];
        exactLoss(p, pi, truth, gap, budget, score);
        assertArrayEquals(exact, score, 1e-8);
        // the implemented estimator (leave-one-out baseline, M = 4): Monte Carlo mean within 4.5 standard errors
        int reps = 4000;
        double[] mean = new double[psi.length], sq = new double[psi.length];
        Rng mc = new Rng(99);
        for (int k = 0; k < reps; k++) {
            double[] g = new double[psi.length];
            Reinforce.accumulate(p, pi, truth, gap, budget, 4, 1.0, mc.split(k), g);
            for (int i = 0; i < psi.length; i++) {
                mean[i] += g[i] / reps;
                sq[i] += g[i] * g[i] / reps;
            }
        }
        double norm = 0;
        for (double v : exact) norm = Math.max(norm, Math.abs(v));
        assertTrue(norm > 1e-3, "the test needs a non-trivial gradient, got max |g| = " + norm);
        for (int i = 0; i < psi.length; i++) {
            double se = Math.sqrt(Math.max(sq[i] - mean[i] * mean[i], 0) / reps);
            assertEquals(exact[i], mean[i], 4.5 * se + 1e-12, "parameter " + i);
        }
    }

    @Test
    void binarySearchIsOptimalOnNoiselessThresholds() {
        // 2^T thresholds, T queries: binary search names every one exactly; no policy can beat the
        // information bound 1 − 2^T/|H| on the average error when |H| > 2^T.
        for (int budget = 1; budget <= 4; budget++) {
            int points = (1 << budget) - 1;
            IdentificationProblem p = IdentificationProblem.thresholds(points);
            ProblemClass noiseless = ProblemClass.uniformGap(p, 0.5);
            double[] losses = Rollouts.meanLosses(p, new BinarySearch(points), noiseless, budget, 1, new Rng(1));
            for (double l : losses) assertEquals(0.0, l, 0.0);
        }
        IdentificationProblem p = IdentificationProblem.thresholds(15); // 16 hypotheses, budget 3: at most 8 told apart
        ProblemClass noiseless = ProblemClass.uniformGap(p, 0.5);
        for (QueryPolicy pol : List.of(new BinarySearch(15), new UncertaintySampling(p, 0.5), new UncertaintySampling(p, 0.2))) {
            double avg = mean(Rollouts.meanLosses(p, pol, noiseless, 3, 1, new Rng(1)));
            assertTrue(avg >= 1 - 8.0 / 16 - 1e-12, "average error " + avg + " below the information bound");
            if (pol instanceof BinarySearch) assertEquals(0.5, avg, 1e-12);
        }
    }

    @Test
    void uncertaintySamplingWithoutNoiseIsBinarySearch() {
        IdentificationProblem p = IdentificationProblem.thresholds(7);
        UncertaintySampling us = new UncertaintySampling(p, 0.5);
        BinarySearch bs = new BinarySearch(7);
        for (int z = 0; z <= 7; z++) {
            QueryHistory h = new QueryHistory(7, 3);
            for (int t = 0; t < 3; t++) {
                int a = argmax(us.distribution(h)), b = argmax(bs.distribution(h));
                // both halve the consistent set (the split point may differ by one on odd sizes)
                assertTrue(Math.abs(a - b) <= 1, "z=" + z + " t=" + t + ": " + a + " vs " + b);
                h.record(a, p.answer(z, a));
            }
            assertEquals(0.0, p.loss(z, h), 0.0);
        }
    }

    @Test
    void bestArmIsTheIdentityTableWithSeparationOne() {
        IdentificationProblem p = IdentificationProblem.bestArm(6);
        assertEquals(6, p.hypotheses());
        assertEquals(6, p.queries());
        for (int h = 0; h < 6; h++) {
            // knowing h, pulling arm h alone separates it from every alternative: g(h) = 1
            assertEquals(1.0, p.separationFactor(h), 0.01, "h=" + h);
            for (int x = 0; x < 6; x++) assertEquals(x == h, p.answer(h, x), "h=" + h + " x=" + x);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdentificationProblem.bestArm(1));
        assertTrue(e.getMessage().contains("bestArm") && e.getMessage().contains("got 1"), e.getMessage());
    }

    @Test
    void uncertaintySamplingFindsTheNoiselessBestArmInArmsMinusOnePulls() {
        IdentificationProblem p = IdentificationProblem.bestArm(5);
        UncertaintySampling us = new UncertaintySampling(p, 0.5);
        for (int best = 0; best < 5; best++) {
            QueryHistory h = new QueryHistory(5, 4);
            boolean found = false;
            for (int t = 0; t < 4; t++) {
                int a = argmax(us.distribution(h));
                // until the good arm answers, every pull must eliminate a new arm
                if (!found) assertEquals(0, h.yeses(a) + h.noes(a), "best=" + best + " t=" + t + ": arm " + a + " pulled twice without noise");
                found |= p.answer(best, a);
                h.record(a, p.answer(best, a));
            }
            assertEquals(0.0, p.loss(best, h), 0.0, "best=" + best);
        }
    }

    @Test
    void uncertaintySamplingPicksTheMaxUncertaintyQuery() {
        IdentificationProblem p = IdentificationProblem.fromAnswers(new boolean[][] {
            {true, true, false}, {true, false, false}, {false, true, true}, {false, false, true}});
        QueryHistory h = new QueryHistory(3, 5);
        h.record(0, true);
        h.record(0, true);
        double gap = 0.3;
        UncertaintySampling us = new UncertaintySampling(p, gap);
        // by hand: posterior ∝ exp(−β d), d = (0, 0, 2, 2), β = ln(0.8/0.2)
        double beta = Math.log(0.8 / 0.2), a = 1, b = Math.exp(-2 * beta), z = 2 * a + 2 * b;
        double[] want = {
            (2 * a * 0.8 + 2 * b * 0.2) / z, ((a + b) * 0.8 + (a + b) * 0.2) / z, (2 * a * 0.2 + 2 * b * 0.8) / z};
        assertArrayEquals(want, us.predictedYes(h), 1e-12);
        assertArrayEquals(new double[] {0, 1, 0}, us.distribution(h), 0.0); // query 1 splits the likely items 50/50
    }

    @Test
    void trainingIsDeterministicPerSeed() {
        IdentificationProblem p = IdentificationProblem.thresholds(5);
        List<ProblemClass> cls = List.of(ProblemClass.of(p, 3), ProblemClass.of(p, 8));
        RobustPolicyTraining.Config c = RobustPolicyTraining.Config.defaults(4).withIterations(5).withHidden(6);
        RobustPolicyTraining.Result a = RobustPolicyTraining.train(p, cls, new double[2], c, 7);
        RobustPolicyTraining.Result b = RobustPolicyTraining.train(p, cls, new double[2], c, 7);
        RobustPolicyTraining.Result d = RobustPolicyTraining.train(p, cls, new double[2], c, 8);
        assertArrayEquals(a.policy().parameters(), b.policy().parameters(), 0.0);
        assertArrayEquals(a.objective(), b.objective(), 0.0);
        assertTrue(!java.util.Arrays.equals(a.policy().parameters(), d.policy().parameters()));
        double[] w = a.particleWeights()[0];
        assertEquals(1.0, mean(w) * w.length, 1e-12);
        assertEquals(1.0, a.classWeights()[0] + a.classWeights()[1], 1e-12);
    }

    @Test
    void adversaryConcentratesOnTheHardestInstances() {
        // with a frozen policy (learning rate 1e-12) the exponentiated-gradient adversary must put its
        // largest weight on an instance whose true mean loss is (near) the largest of the class
        IdentificationProblem p = IdentificationProblem.thresholds(4);
        ProblemClass cls = ProblemClass.of(p, 4);
        RobustPolicyTraining.Config c = new RobustPolicyTraining.Config(4, 80, 8, 4, 1e-12, 1.0, 0.0, 0.0, 0);
        RobustPolicyTraining.Result r = RobustPolicyTraining.train(p, List.of(cls), new double[1], c, 3);
        double[] w = r.particleWeights()[0];
        double[] loss = Rollouts.meanLosses(p, r.policy(), cls, 4, 4000, new Rng(4));
        int top = argmax(w);
        double max = 0, min = 1;
        for (double l : loss) {
            max = Math.max(max, l);
            min = Math.min(min, l);
        }
        assertTrue(max - min > 0.05, "the class must have easier and harder instances: " + java.util.Arrays.toString(loss));
        assertTrue(loss[top] >= max - 0.03, "adversary's top instance " + top + " has loss " + loss[top] + ", the worst " + max + " " + java.util.Arrays.toString(loss));
        assertTrue(w[top] > 0.5, "weights " + java.util.Arrays.toString(w));
    }

    @Test
    void learnedPolicyMatchesBinarySearchOnATinyNoiselessInstance() {
        // 8 thresholds, 3 noiseless queries: binary search has worst-case error 0. The adversarially
        // trained policy, played greedily (argmax), must reach worst-case error <= 0.125 (one miss in 8).
        IdentificationProblem p = IdentificationProblem.thresholds(7);
        ProblemClass noiseless = ProblemClass.uniformGap(p, 0.5);
        RobustPolicyTraining.Config c = new RobustPolicyTraining.Config(3, 400, 4, 16, 0.02, 2.0, 0.0, 0.05, 0);
        RobustPolicyTraining.Result r = RobustPolicyTraining.train(p, List.of(noiseless), new double[1], c, 1);
        QueryPolicy greedy = h -> QueryPolicy.oneHot(7, argmax(r.policy().distribution(h)));
        double worstGreedy = Rollouts.worstCase(p, greedy, noiseless, 3, 1, new Rng(2));
        double worstSampled = Rollouts.worstCase(p, r.policy(), noiseless, 3, 400, new Rng(2));
        assertTrue(worstGreedy <= 0.125, "greedy learned policy worst-case error " + worstGreedy + " (sampled " + worstSampled + ")");
        double untrained = Rollouts.worstCase(p, new LearnedQueryPolicy(7, 16, new Rng(1)), noiseless, 3, 400, new Rng(2));
        assertTrue(worstSampled < untrained, "training lowers the worst-case error: " + worstSampled + " vs " + untrained);
    }

    @Test
    void badInputIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IdentificationProblem.fromAnswers(new boolean[][] {{true, false}, {true}}));
        assertTrue(e.getMessage().contains("fromAnswers") && e.getMessage().contains("item 1 has 1 answers"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> IdentificationProblem.fromAnswers(new boolean[][] {{true, false}, {true, false}}));
        assertTrue(e.getMessage().contains("items 0 and 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> IdentificationProblem.kl(0.7));
        assertTrue(e.getMessage().contains("kl") && e.getMessage().contains("0.7"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> IdentificationProblem.thresholds(4).gapFor(0, -1));
        assertTrue(e.getMessage().contains("gapFor") && e.getMessage().contains("-1"), e.getMessage());
        QueryHistory h = new QueryHistory(3, 1);
        e = assertThrows(IllegalArgumentException.class, () -> h.record(3, true));
        assertTrue(e.getMessage().contains("query 3 outside [0, 3)"), e.getMessage());
        h.record(0, true);
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> h.record(0, true));
        assertTrue(s.getMessage().contains("budget of 1"), s.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> IdentificationProblem.thresholds(4).loss(0, new QueryHistory(3, 1)));
        assertTrue(e.getMessage().contains("history has 3 queries, the problem 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RobustPolicyTraining.Config(0, 1, 1, 1, 0.1, 1, 1, 0, 0));
        assertTrue(e.getMessage().contains("budget 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> RobustPolicyTraining.train(IdentificationProblem.thresholds(3), List.of(), new double[0], RobustPolicyTraining.Config.defaults(2), 1));
        assertTrue(e.getMessage().contains("no problem classes"), e.getMessage());
    }

    static QueryHistory randomHistory(int q, int budget, Rng r) {
        QueryHistory h = new QueryHistory(q, budget);
        int n = r.nextInt(budget);
        for (int t = 0; t < n; t++) h.record(r.nextInt(q), r.nextDouble() < 0.5);
        return h;
    }

    static QueryHistory copy(QueryHistory h) {
        QueryHistory c = new QueryHistory(h.queries(), h.budget());
        for (int x = 0; x < h.queries(); x++) {
            for (int k = 0; k < h.yeses(x); k++) c.record(x, true);
            for (int k = 0; k < h.noes(x); k++) c.record(x, false);
        }
        return c;
    }

    static int argmax(double[] p) {
        int b = 0;
        for (int i = 1; i < p.length; i++) if (p[i] > p[b]) b = i;
        return b;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }
}
