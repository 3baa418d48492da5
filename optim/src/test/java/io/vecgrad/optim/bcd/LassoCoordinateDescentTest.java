package io.vecgrad.optim.bcd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Lasso coordinate descent: KKT conditions, scikit-learn golden solutions, duality gaps, determinism. */
class LassoCoordinateDescentTest {
    /** A random n×p problem with a k-sparse truth, as in WORKLOADS.md's lasso-cd. */
    record Problem(double[] a, int n, int p, double[] b) {
        static Problem random(int n, int p, int k, long seed) {
            Random rnd = new Random(seed);
            double[] a = new double[n * p], xs = new double[p], b = new double[n];
            for (int i = 0; i < a.length; i++) a[i] = rnd.nextGaussian();
            for (int i = 0; i < k; i++) xs[rnd.nextInt(p)] = rnd.nextGaussian();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < p; j++) b[i] += a[i * p + j] * xs[j];
                b[i] += 0.01 * rnd.nextGaussian();
            }
            return new Problem(a, n, p, b);
        }

        /** ∇ of ½n⁻¹‖Ax − b‖². */
        double[] grad(double[] x) {
            double[] g = new double[p];
            for (int i = 0; i < n; i++) {
                double ri = -b[i];
                for (int j = 0; j < p; j++) ri += a[i * p + j] * x[j];
                for (int j = 0; j < p; j++) g[j] += a[i * p + j] * ri / n;
            }
            return g;
        }
    }

    static CoordinateDescentOptions tight(Selection s) {
        return CoordinateDescentOptions.defaults().withSelection(s).withTol(1e-14).withMaxEpochs(100_000).withSeed(7);
    }

    /** Largest violation of the Lasso's optimality conditions 0 ∈ ∇f(x) + α∂‖x‖₁. */
    static double kktViolation(Problem pr, double[] x, double alpha) {
        double[] g = pr.grad(x);
        double worst = 0;
        for (int j = 0; j < x.length; j++) {
            double v = x[j] != 0 ? Math.abs(g[j] + alpha * Math.signum(x[j])) : Math.max(Math.abs(g[j]) - alpha, 0);
            worst = Math.max(worst, v);
        }
        return worst;
    }

    @Property(tries = 12)
    void solutionSatisfiesKkt(@ForAll @IntRange(min = 0, max = 1000) int seed, @ForAll Selection rule,
                              @ForAll @IntRange(min = 1, max = 3) int alphaLevel) {
        Problem pr = Problem.random(60, 30 + seed % 50, 6, seed);
        double alpha = 0.02 * alphaLevel;
        LassoResult res = LassoCoordinateDescent.solve(pr.a, pr.n, pr.p, pr.b, alpha, tight(rule).withTol(1e-12));
        assertEquals(StopReason.CONVERGED, res.reason());
        assertTrue(kktViolation(pr, res.x(), alpha) < 1e-6, () -> rule + ": KKT violation " + kktViolation(pr, res.x(), alpha));
    }

    @Test
    void kktCheckCanFail() {
        Problem pr = Problem.random(60, 30, 6, 3);
        LassoResult loose = LassoCoordinateDescent.solve(pr.a, pr.n, pr.p, pr.b, 0.02, tight(Selection.CYCLIC).withMaxEpochs(1));
        assertEquals(StopReason.MAX_EPOCHS, loose.reason());
        assertTrue(kktViolation(pr, loose.x(), 0.02) > 1e-4, "one epoch should not be optimal");
    }

    static Problem golden(String name, double[] alphaOut, double[] xOut) throws IOException {
        try (InputStream in = LassoCoordinateDescentTest.class.getResourceAsStream("/lasso/" + name)) {
            String[] t = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
            int n = Integer.parseInt(t[0]), p = Integer.parseInt(t[1]);
            alphaOut[0] = Double.parseDouble(t[2]);
            assertEquals(3 + n * p + n + p, t.length, name + " size");
            double[] a = new double[n * p], b = new double[n];
            int k = 3;
            for (int i = 0; i < a.length; i++) a[i] = Double.parseDouble(t[k++]);
            for (int i = 0; i < n; i++) b[i] = Double.parseDouble(t[k++]);
            for (int i = 0; i < p; i++) xOut[i] = Double.parseDouble(t[k++]);
            return new Problem(a, n, p, b);
        }
    }

    @ParameterizedTest
    @EnumSource(Selection.class)
    void agreesWithScikitLearn(Selection rule) throws IOException {
        for (String file : new String[] {"lasso-tall.txt", "lasso-wide.txt"}) {
            double[] alpha = new double[1], expected = new double[40];
            Problem pr = golden(file, alpha, expected);
            LassoResult res = LassoCoordinateDescent.solve(pr.a, pr.n, pr.p, pr.b, alpha[0], tight(rule));
            assertEquals(StopReason.CONVERGED, res.reason(), file);
            assertArrayEquals(java.util.Arrays.copyOf(expected, pr.p), res.x(), 1e-6, file + " " + rule);
        }
    }

    @ParameterizedTest
    @EnumSource(Selection.class)
    void gapsAreNonNegativeAndStopAtTolerance(Selection rule) {
        Problem pr = Problem.random(100, 50, 5, 11);
        double tol = 1e-6;
        LassoResult res = LassoCoordinateDescent.solve(pr.a, pr.n, pr.p, pr.b, 0.05, tight(rule).withTol(tol));
        double bb = 0;
        for (double v : pr.b) bb += v * v;
        for (double g : res.gaps()) assertTrue(g >= -1e-12, "weak duality: gap " + g);
        assertTrue(res.gap() <= tol * bb / pr.n);
        assertEquals(res.epochs(), res.gapEpochs()[res.gapEpochs().length - 1]);
        for (int i = 0; i + 1 < res.gaps().length; i++) assertTrue(res.gaps()[i] > tol * bb / pr.n, "stopped late");
    }

    @ParameterizedTest
    @EnumSource(Selection.class)
    void sameSeedSameBits(Selection rule) {
        Problem pr = Problem.random(80, 40, 5, 5);
        LassoResult r1 = LassoCoordinateDescent.solve(pr.a, pr.n, pr.p, pr.b, 0.03, tight(rule).withTol(1e-10));
        LassoResult r2 = LassoCoordinateDescent.solve(pr.a, pr.n, pr.p, pr.b, 0.03, tight(rule).withTol(1e-10));
        assertArrayEquals(r1.x(), r2.x(), 0);
        assertArrayEquals(r1.gaps(), r2.gaps(), 0);
        assertEquals(r1.epochs(), r2.epochs());
    }

    @Test
    void randomRuleDependsOnSeed() {
        Problem pr = Problem.random(80, 40, 5, 5);
        CoordinateDescentOptions o = CoordinateDescentOptions.defaults().withSelection(Selection.RANDOM).withMaxEpochs(2);
        double[] x1 = LassoCoordinateDescent.solve(pr.a, pr.n, pr.p, pr.b, 0.03, o.withSeed(1)).x();
        double[] x2 = LassoCoordinateDescent.solve(pr.a, pr.n, pr.p, pr.b, 0.03, o.withSeed(2)).x();
        assertTrue(!java.util.Arrays.equals(x1, x2), "two seeds gave the same iterates");
    }

    @Test
    void alphaAboveMaxGivesZero() {
        Problem pr = Problem.random(50, 20, 3, 9);
        double[] g = pr.grad(new double[pr.p]);
        double alphaMax = 0;
        for (double v : g) alphaMax = Math.max(alphaMax, Math.abs(v));
        for (Selection rule : Selection.values()) {
            LassoResult res = LassoCoordinateDescent.solve(pr.a, pr.n, pr.p, pr.b, alphaMax * 1.001, tight(rule));
            assertArrayEquals(new double[pr.p], res.x(), 0);
            assertEquals(1, res.epochs());
            assertEquals(StopReason.CONVERGED, res.reason());
        }
    }

    @Test
    void tensorOverloadAndBadInput() {
        Problem pr = Problem.random(30, 10, 3, 4);
        CoordinateDescentOptions o = tight(Selection.CYCLIC);
        assertArrayEquals(LassoCoordinateDescent.solve(pr.a, 30, 10, pr.b, 0.05, o).x(),
                LassoCoordinateDescent.solve(Tensor.of(pr.a, 30, 10), Tensor.of(pr.b), 0.05, o).x(), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LassoCoordinateDescent.solve(pr.a, 30, 10, new double[29], 0.05, o));
        assertTrue(e.getMessage().contains("29") && e.getMessage().contains("30"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LassoCoordinateDescent.solve(pr.a, 31, 10, pr.b, 0.05, o));
        assertThrows(IllegalArgumentException.class, () -> LassoCoordinateDescent.solve(pr.a, 30, 10, pr.b, -1, o));
        double[] bad = pr.b.clone();
        bad[3] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> LassoCoordinateDescent.solve(pr.a, 30, 10, bad, 0.05, o));
    }

    @Test
    void columnMatrixSolveEqualsRowMajorSolveBitwise() {
        Problem pr = Problem.random(70, 45, 5, 11);
        ColumnMatrix cols = ColumnMatrix.ofRowMajor(pr.a, pr.n, pr.p);
        for (int i = 0; i < pr.n; i++) {
            for (int j = 0; j < pr.p; j++) assertEquals(pr.a[i * pr.p + j], cols.get(i, j), 0);
        }
        for (Selection s : Selection.values()) {
            CoordinateDescentOptions o = tight(s).withTol(1e-10);
            assertArrayEquals(LassoCoordinateDescent.solve(pr.a, pr.n, pr.p, pr.b, 0.03, o).x(),
                    LassoCoordinateDescent.solve(cols, pr.b, 0.03, o).x(), 0, s.name());
        }
        double[] b0 = pr.b.clone();
        LassoCoordinateDescent.solve(cols, pr.b, 0.03, tight(Selection.CYCLIC));
        assertArrayEquals(b0, pr.b, 0, "b is not modified");
    }
}
