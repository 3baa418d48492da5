package io.vecgrad.optim.online;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.random.Rng;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class OnlineTest {
    static double[] gaussian(Rng r, int d, double s) {
        double[] x = new double[d];
        for (int i = 0; i < d; i++) x[i] = s * r.nextGaussian();
        return x;
    }

    @Test
    void zeroHintIsOnlineGradientDescent() {
        Domain ball = Domain.ball(4, 1);
        SeaSequence seq = new SeaSequence(4, 0.5, 1, 30, 0.5, 0.3, 3);
        OptimisticOmd oomd = OptimisticOmd.euclidean(ball, StepRule.constant(0.1), Hint.zero());
        double[] x = ball.center();
        for (int t = 1; t <= 200; t++) {
            double[] played = oomd.play();
            assertArrayEquals(x, played, 0, "round " + t);
            double[] g = seq.apply(t).gradient(played);
            oomd.observe(g);
            double[] y = x.clone();
            for (int i = 0; i < 4; i++) y[i] -= 0.1 * g[i];
            x = ball.project(y);
        }
    }

    @Test
    void perfectHintsPlayTheNextBasePointAndKeepRegretBounded() {
        double[] g = {0.3, -0.8, 0.5};
        Domain ball = Domain.ball(3, 2);
        OptimisticOmd l = OptimisticOmd.euclidean(ball, StepRule.constant(0.05), (t, prev) -> g.clone());
        for (int t = 0; t < 50; t++) {
            double[] x = l.play();
            l.observe(g);
            assertArrayEquals(x, l.basePoint(), 1e-15, "x_t = x̂_{t+1}");
        }
        double[] regrets = new double[3];
        int[] rounds = {100, 1000, 10_000};
        for (int i = 0; i < 3; i++) {
            OptimisticOmd p = OptimisticOmd.euclidean(ball, StepRule.constant(0.05), (t, prev) -> g.clone());
            regrets[i] = OnlineLoop.run(p, t -> QuadraticLoss.linear(g), rounds[i], ball).finalRegret();
        }
        assertTrue(regrets[2] <= regrets[0] + 1e-6, "regret grows with T: " + java.util.Arrays.toString(regrets));
    }

    @Test
    void constantSequenceHasBoundedRegretEuclideanAndEntropic() {
        double[] g = {0.3, -0.8, 0.5, 0.1};
        Domain ball = Domain.ball(4, 1);
        Domain simplex = Domain.simplex(4);
        for (int variant = 0; variant < 2; variant++) {
            double[] r = new double[4];
            int[] rounds = {100, 1000, 10_000, 100_000};
            for (int i = 0; i < rounds.length; i++) {
                OnlineLearner l = variant == 0 ? OptimisticOmd.euclidean(ball, StepRule.adaptive(2, 1e-8), Hint.lastGradient())
                        : OptimisticOmd.entropic(4, StepRule.adaptive(Math.sqrt(Math.log(4)), 1e-8), Hint.lastGradient());
                r[i] = OnlineLoop.run(l, t -> QuadraticLoss.linear(g), rounds[i], variant == 0 ? ball : simplex).finalRegret();
            }
            // O(1): no growth from 1e3 to 1e5 rounds (an O(√T) learner would grow by a factor 10)
            assertTrue(r[3] <= r[1] * 1.01 + 1e-9, "variant " + variant + ": " + java.util.Arrays.toString(r));
            assertTrue(r[3] < 5, "variant " + variant + ": " + java.util.Arrays.toString(r));
        }
    }

    @Property(tries = 50)
    void entropicStaysOnTheSimplex(@ForAll @IntRange(min = 1, max = 8) int d, @ForAll @DoubleRange(min = 0.01, max = 1e3) double scale,
            @ForAll @DoubleRange(min = 0.01, max = 50) double eta, @ForAll long seed) {
        Domain simplex = Domain.simplex(d);
        OptimisticOmd l = OptimisticOmd.entropic(d, StepRule.constant(eta), Hint.lastGradient());
        Rng r = new Rng(seed);
        for (int t = 0; t < 100; t++) {
            double[] x = l.play();
            assertTrue(simplex.contains(x, 1e-12), java.util.Arrays.toString(x));
            l.observe(gaussian(r, d, scale));
        }
    }

    @Property(tries = 50)
    void euclideanIteratesStayInTheSet(@ForAll @IntRange(min = 1, max = 6) int d, @ForAll @DoubleRange(min = 0.01, max = 100) double eta, @ForAll long seed) {
        Rng r = new Rng(seed);
        for (Domain dom : new Domain[] {Domain.ball(d, 0.7), Domain.box(d, -1, 2), Domain.simplex(d)}) {
            OptimisticOmd l = OptimisticOmd.euclidean(dom, StepRule.constant(eta), Hint.lastGradient());
            for (int t = 0; t < 50; t++) {
                double[] x = l.play();
                assertTrue(dom.contains(x, 1e-9), java.util.Arrays.toString(x));
                l.observe(gaussian(r, d, 3));
            }
        }
    }

    @Property(tries = 100)
    void simplexProjectionIsTheClosestPoint(@ForAll @IntRange(min = 1, max = 6) int d, @ForAll long seed) {
        Rng r = new Rng(seed);
        Domain s = Domain.simplex(d);
        double[] x = gaussian(r, d, 2);
        double[] p = s.project(x);
        assertTrue(s.contains(p, 1e-12));
        for (int k = 0; k < 20; k++) {
            double[] q = s.project(gaussian(r, d, 2));
            assertTrue(dist(x, p) <= dist(x, q) + 1e-12);
        }
    }

    static double dist(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.sqrt(s);
    }

    @Test
    void hindsightMatchesAGridSearch() {
        Domain ball = Domain.ball(2, 1);
        SeaSequence seq = new SeaSequence(2, 0.3, 1, 10, 0.3, 0.5, 9);
        Hindsight h = new Hindsight(ball);
        for (int t = 1; t <= 30; t++) h.add(seq.apply(t));
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= 400; i++) {
            for (int j = 0; j <= 400; j++) {
                double[] x = {-1 + i / 200.0, -1 + j / 200.0};
                if (dist(x, new double[2]) > 1) continue;
                double s = 0;
                for (int t = 1; t <= 30; t++) s += seq.apply(t).value(x);
                best = Math.min(best, s);
            }
        }
        assertTrue(h.bestValue() <= best + 1e-12);
        assertEquals(best, h.bestValue(), 0.05);
    }

    @Test
    void adaptiveStepIsNonIncreasing() {
        OptimisticOmd l = OptimisticOmd.euclidean(Domain.ball(3, 1), StepRule.adaptive(2, 1e-8), Hint.lastGradient());
        SeaSequence seq = new SeaSequence(3, 0, 1, 50, 0.5, 0.5, 4);
        double last = Double.POSITIVE_INFINITY;
        for (int t = 1; t <= 500; t++) {
            double eta = l.currentStep();
            assertTrue(eta <= last);
            last = eta;
            l.observe(seq.apply(t).gradient(l.play()));
        }
    }

    @Test
    void iidStochasticQuadraticsHaveSublinearRegretScalingLikeRootT() {
        int d = 5;
        int[] rounds = {500, 2000, 8000, 32000};
        double[] logT = new double[rounds.length], logR = new double[rounds.length];
        for (int i = 0; i < rounds.length; i++) {
            double sum = 0;
            for (long seed = 1; seed <= 4; seed++) {
                SeaSequence seq = new SeaSequence(d, 1, 0, 1, 0, 1.0, seed);
                Domain ball = Domain.ball(d, 1);
                sum += OnlineLoop.run(OptimisticOmd.euclidean(ball, StepRule.adaptive(2, 1e-8), Hint.lastGradient()), seq, rounds[i], ball).finalRegret();
            }
            logT[i] = Math.log(rounds[i]);
            logR[i] = Math.log(sum / 4);
            assertTrue(sum / 4 / rounds[i] < 0.1, "average regret " + sum / 4 / rounds[i]);
        }
        double slope = slope(logT, logR);
        assertTrue(slope > 0.3 && slope < 0.7, "log-log slope " + slope);
    }

    static double slope(double[] x, double[] y) {
        double mx = 0, my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i] / x.length;
            my += y[i] / y.length;
        }
        double sxy = 0, sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxy / sxx;
    }

    @Test
    void sameSeedSameSequenceAndRun() {
        SeaSequence a = new SeaSequence(6, 0, 1, 20, 0.5, 0.2, 5), b = new SeaSequence(6, 0, 1, 20, 0.5, 0.2, 5);
        assertArrayEquals(a.apply(17).linear(), b.apply(17).linear(), 0);
        Domain s = Domain.simplex(6);
        RegretTrace r1 = OnlineLoop.run(OptimisticOmd.entropic(6, StepRule.adaptive(1, 1e-8), Hint.lastGradient()), a, 300, s);
        RegretTrace r2 = OnlineLoop.run(OptimisticOmd.entropic(6, StepRule.adaptive(1, 1e-8), Hint.lastGradient()), b, 300, s);
        assertArrayEquals(r1.regret(), r2.regret(), 0);
        assertEquals(0, new SeaSequence(6, 0, 1, 20, 0, 0, 5).stochasticVariance(100), 0);
        assertEquals(100 * 6 * 0.04, a.stochasticVariance(100), 1e-12);
    }
}
