package io.vecgrad.optim.dfo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.dfo.CoveringDirectSearch.Options;
import io.vecgrad.optim.dfo.CoveringDirectSearch.PollType;
import io.vecgrad.optim.dfo.CoveringDirectSearch.Step;
import io.vecgrad.optim.zeroth.TestFunctions;
import io.vecgrad.optim.zeroth.ZerothOrderResult;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CoveringDirectSearchTest {
    static final double[] LO2 = {-5, -5}, HI2 = {5, 5};

    @Test
    void pollSizeDoublesOnPollSuccessHalvesOnFailureAndStaysOnCovering() {
        for (PollType poll : PollType.values()) {
            for (boolean covering : new boolean[] {false, true}) {
                Options o = Options.defaults().withPoll(poll).withCovering(covering, 0.3).withPollSizes(0.5, 1e-9, 2).withMaxEvaluations(400);
                CoveringDirectSearch s = new CoveringDirectSearch(TestFunctions::rastrigin, new double[] {2.3, -1.4}, LO2, HI2, o);
                int polls = 0, failures = 0;
                while (!s.stopped()) {
                    double delta = s.pollSize(), before = s.incumbentValue();
                    Step step = s.iterate();
                    if (step == Step.STOPPED) break;
                    switch (step) {
                        case POLL -> {
                            polls++;
                            assertEquals(Math.min(2, 2 * delta), s.pollSize(), 0, "poll success doubles δ (capped at δ_max)");
                            assertTrue(s.incumbentValue() < before, "a success strictly decreases f");
                        }
                        case FAILURE -> {
                            failures++;
                            assertEquals(delta / 2, s.pollSize(), 0, "an unsuccessful iteration halves δ");
                            assertEquals(before, s.incumbentValue(), 0, "a failure keeps the incumbent");
                        }
                        case COVERING -> {
                            assertEquals(delta, s.pollSize(), 0, "a covering success leaves δ");
                            assertTrue(covering && s.incumbentValue() < before);
                        }
                        default -> throw new AssertionError("no search step installed, got " + step);
                    }
                }
                assertTrue(polls > 0 && failures > 0, poll + "/" + covering + ": both kinds of iteration happen (" + polls + ", " + failures + ")");
            }
        }
    }

    @Test
    void coordinatePollPointsLieOnTheMeshOfThePollSize() {
        // with δ₀ = 2^-1 and x0 on the 2^-1 grid, every coordinate-poll point is x0 + m·2^-k for the current δ = 2^-k
        Options o = Options.defaults().withPoll(PollType.COORDINATE).withCovering(false, 0).withPollSizes(0.5, 1e-4, 0.5).withMaxEvaluations(300);
        CoveringDirectSearch s = new CoveringDirectSearch(x -> TestFunctions.sphere(new double[] {x[0] - 0.3, x[1] + 0.7}), new double[] {1.5, 2}, LO2, HI2, o);
        ZerothOrderResult r = s.run();
        double finest = s.pollSize() * 2;
        for (double[] p : s.evaluatedPoints()) {
            for (double v : p) assertEquals(0, Math.IEEEremainder(v, finest), 1e-12, "point coordinate " + v + " off the mesh of size " + finest);
        }
        assertTrue(r.reason().contains("minPollSize"), r.reason());
        assertEquals(0.3, r.x()[0], 1e-3);
        assertEquals(-0.7, r.x()[1], 1e-3);
    }

    @Test
    void pollSizeGoesToZeroAndTheIncumbentConvergesOnASmoothFunction() {
        ZerothOrderResult r = CoveringDirectSearch.minimize(x -> TestFunctions.sphere(new double[] {x[0] - 1, x[1] + 2, x[2]}), new double[] {3, 3, 3},
                new double[] {-5, -5, -5}, new double[] {5, 5, 5}, Options.defaults().withPollSizes(0.5, 1e-7, 4).withMaxEvaluations(5000));
        assertTrue(r.reason().contains("minPollSize"), "stops on δ < δ_min: " + r.reason());
        assertEquals(0, r.value(), 1e-8);
        double[] h = r.history();
        for (int i = 1; i < h.length; i++) assertTrue(h[i] <= h[i - 1], "best value never increases");
    }

    /** Largest ∞-distance from a fine grid of B∞(c, r) ∩ box to the nearest evaluated point. */
    static double fillDistance(List<double[]> evaluated, double[] c, double r, double[] lo, double[] hi, int perSide) {
        int n = c.length;
        double worst = 0;
        int total = (int) Math.pow(perSide, n);
        double[] t = new double[n];
        for (int code = 0; code < total; code++) {
            int k = code;
            for (int i = 0; i < n; i++) {
                double a = Math.max(lo[i], c[i] - r), b = Math.min(hi[i], c[i] + r);
                t[i] = a + (b - a) * (k % perSide) / (perSide - 1.0);
                k /= perSide;
            }
            double best = Double.POSITIVE_INFINITY;
            for (double[] p : evaluated) best = Math.min(best, CoveringDirectSearch.distInf(p, t));
            worst = Math.max(worst, best);
        }
        return worst;
    }

    @Test
    void coveringGuaranteeAfterTheStatedNumberOfSteps() {
        // f constant: the incumbent never moves, every iteration does one covering step
        for (double[] x0 : new double[][] {{0, 0}, {2.6, -2.9}}) {
            double[] lo = {-3, -3}, hi = {3, 3};
            double rc = 1;
            Options o = Options.defaults().withCovering(true, rc).withPollSizes(0.5, 0, 0.5).withMaxEvaluations(100_000);
            CoveringDirectSearch s = new CoveringDirectSearch(x -> 0, x0, lo, hi, o);
            for (int level = 0; level <= 3; level++) {
                int steps = (int) Math.pow((1 << (level + 1)) + 1, 2);
                while (s.iterations() < steps) s.iterate();
                double fill = fillDistance(s.evaluatedPoints(), x0, rc, lo, hi, 97);
                assertTrue(fill <= rc / (1 << (level + 1)) + 1e-12, "level " + level + " after " + steps + " steps: fill distance " + fill);
            }
            assertArrayEquals(x0, s.incumbent());
        }
    }

    @Test
    void coveringGuaranteeIsNotVacuous() {
        // without the covering step the same budget leaves holes far bigger than r_c / 2^(L+1)
        double[] lo = {-3, -3}, hi = {3, 3};
        Options on = Options.defaults().withCovering(true, 1).withPollSizes(0.5, 0, 0.5).withMaxEvaluations(100_000);
        CoveringDirectSearch with = new CoveringDirectSearch(x -> 0, new double[2], lo, hi, on);
        CoveringDirectSearch without = new CoveringDirectSearch(x -> 0, new double[2], lo, hi, on.withCovering(false, 1));
        for (int k = 0; k < 81; k++) {
            with.iterate();
            without.iterate();
        }
        assertTrue(fillDistance(with.evaluatedPoints(), new double[2], 1, lo, hi, 61) <= 0.125 + 1e-12);
        assertTrue(fillDistance(without.evaluatedPoints(), new double[2], 1, lo, hi, 61) > 0.4);
        // and fewer covering steps than stated leave a level-2 hole
        CoveringDirectSearch early = new CoveringDirectSearch(x -> 0, new double[2], lo, hi, on);
        for (int k = 0; k < 40; k++) early.iterate();
        assertTrue(fillDistance(early.evaluatedPoints(), new double[2], 1, lo, hi, 61) > 0.125);
    }

    @Test
    void coveringGuaranteeInThreeDimensions() {
        double[] lo = {-1, -1, -1}, hi = {1, 1, 1};
        Options o = Options.defaults().withCovering(true, 0.8).withPollSizes(0.5, 0, 0.5).withMaxEvaluations(100_000);
        CoveringDirectSearch s = new CoveringDirectSearch(x -> 1, new double[] {0.1, 0.2, -0.3}, lo, hi, o);
        for (int k = 0; k < 125; k++) s.iterate(); // (2^2 + 1)^3 covering steps: level 1 exhausted
        assertTrue(fillDistance(s.evaluatedPoints(), new double[] {0.1, 0.2, -0.3}, 0.8, lo, hi, 21) <= 0.8 / 4 + 1e-12);
    }

    @Test
    void sameSeedSameRunAndTheSeedMatters() {
        Options o = Options.defaults().withMaxEvaluations(300).withSeed(4);
        ZerothOrderResult a = CoveringDirectSearch.minimize(TestFunctions::ackley, new double[] {2.2, -3.1}, LO2, HI2, o);
        ZerothOrderResult b = CoveringDirectSearch.minimize(TestFunctions::ackley, new double[] {2.2, -3.1}, LO2, HI2, o);
        ZerothOrderResult c = CoveringDirectSearch.minimize(TestFunctions::ackley, new double[] {2.2, -3.1}, LO2, HI2, o.withSeed(5));
        assertArrayEquals(a.x(), b.x(), 0);
        assertArrayEquals(a.history(), b.history(), 0);
        assertEquals(a.evaluations(), b.evaluations());
        assertNotEquals(java.util.Arrays.toString(a.history()), java.util.Arrays.toString(c.history()));
    }

    @Test
    void everyDistinctPointIsEvaluatedOnceAndTheBudgetHolds() {
        AtomicInteger calls = new AtomicInteger();
        CoveringDirectSearch s = new CoveringDirectSearch(x -> {
            calls.incrementAndGet();
            return TestFunctions.rastrigin(x);
        }, new double[] {1.1, 0.9}, LO2, HI2, Options.defaults().withPoll(PollType.COORDINATE).withMaxEvaluations(150));
        ZerothOrderResult r = s.run();
        assertEquals(calls.get(), r.evaluations());
        assertTrue(r.evaluations() <= 150);
        assertTrue(r.reason().contains("maxEvaluations") || r.reason().contains("minPollSize"), r.reason());
        for (double[] p : s.evaluatedPoints()) for (int i = 0; i < 2; i++) assertTrue(p[i] >= -5 && p[i] <= 5, "points stay in the box");
    }

    @Test
    void badInputIsRejectedWithTheFigures() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CoveringDirectSearch(TestFunctions::sphere, new double[3], LO2, HI2, Options.defaults()));
        assertTrue(e.getMessage().contains("length 3") && e.getMessage().contains("2 and 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CoveringDirectSearch(TestFunctions::sphere, new double[2], new double[] {0, 1}, new double[] {1, 1}, Options.defaults()));
        assertTrue(e.getMessage().contains("side 1") && e.getMessage().contains("[1.0, 1.0]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Options.defaults().withPollSizes(-1, 0, 1));
        assertTrue(e.getMessage().contains("initialPollSize") && e.getMessage().contains("-1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Options.defaults().withMaxEvaluations(0));
        assertTrue(e.getMessage().contains("maxEvaluations"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CoveringDirectSearch(TestFunctions::sphere, new double[] {Double.NaN, 0}, LO2, HI2, Options.defaults()));
        assertTrue(e.getMessage().contains("x0[0]"), e.getMessage());
    }
}
