package io.vecgrad.optim.bcd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.bcd.BlockRules.Rule;
import io.vecgrad.optim.bcd.BlockRules.Scores;
import io.vecgrad.optim.prox.Box;
import io.vecgrad.optim.prox.L1Norm;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** P40 properties of block coordinate descent: monotonicity, quadratic exactness, rule dominance, prox fixed points. */
class BlockCoordinateDescentTest {
    /** A small dense least-squares problem with correlated, unevenly scaled columns. */
    static LeastSquaresProblem leastSquares(int n, int p, long seed) {
        Random rnd = new Random(seed);
        double[] a = new double[n * p], b = new double[n];
        double[] scale = new double[p];
        for (int j = 0; j < p; j++) scale[j] = 0.2 + 3 * rnd.nextDouble();
        for (int i = 0; i < n; i++) {
            double common = rnd.nextGaussian();
            for (int j = 0; j < p; j++) a[i * p + j] = scale[j] * (rnd.nextGaussian() + 0.5 * common);
            b[i] = rnd.nextGaussian() * 3;
        }
        return LeastSquaresProblem.of(ColumnMatrix.ofRowMajor(a, n, p), b);
    }

    static LogisticProblem logistic(int n, int p, long seed) {
        Random rnd = new Random(seed);
        double[] a = new double[n * p], b = new double[n];
        for (int i = 0; i < a.length; i++) a[i] = rnd.nextGaussian();
        for (int i = 0; i < n; i++) b[i] = rnd.nextBoolean() ? 1 : -1;
        return LogisticProblem.of(ColumnMatrix.ofRowMajor(a, n, p), b);
    }

    static final Rule[] FIXED = {Rule.CYCLIC, Rule.RANDOM, Rule.LIPSCHITZ, Rule.GS, Rule.GSL, Rule.GSD, Rule.GSQ};

    @Property(tries = 10)
    void everyRuleAndUpdateIsMonotone(@ForAll @IntRange(min = 0, max = 10_000) int seed) {
        BlockProblem[] problems = {leastSquares(30, 12, seed), logistic(40, 12, seed)};
        for (BlockProblem f : problems) {
            Partition part = Partition.sorted(f.coordinateLipschitz(), 3);
            for (BlockUpdate u : new BlockUpdate[] {BlockUpdate.GRADIENT, BlockUpdate.ADAPTIVE, BlockUpdate.MATRIX, BlockUpdate.NEWTON, BlockUpdate.EXACT}) {
                if (u == BlockUpdate.EXACT && !f.isQuadratic()) continue;
                for (Rule r : FIXED) assertMonotone(f, BlockRules.fixed(part, r), u, r + "/" + u);
                for (Rule r : new Rule[] {Rule.CYCLIC, Rule.RANDOM, Rule.LIPSCHITZ, Rule.GS, Rule.GSD, Rule.GSDHB, Rule.GSQ}) {
                    assertMonotone(f, BlockRules.variable(3, r), u, "VB " + r + "/" + u);
                }
            }
        }
    }

    private static void assertMonotone(BlockProblem f, BlockSelector rule, BlockUpdate u, String what) {
        BcdResult res = BlockCoordinateDescent.solve(f, null, new double[f.dim()], rule, u, BcdOptions.defaults().withMaxIterations(40).withSeed(3));
        double[] h = res.objective();
        for (int k = 1; k < h.length; k++) {
            assertTrue(h[k] <= h[k - 1] + 1e-12 * Math.abs(h[k - 1]), what + ": f rose at " + k + ": " + h[k - 1] + " -> " + h[k]);
        }
        assertTrue(h[h.length - 1] < h[0], what + " made no progress");
    }

    @Test
    void exactBlockSolveDecreasesQuadraticByClosedFormAndGsqPicksTheBestBlock() {
        LeastSquaresProblem f = leastSquares(40, 12, 5);
        Partition part = Partition.order(12, 3);
        Random rnd = new Random(1);
        double[] x = new double[12];
        for (int i = 0; i < 12; i++) x[i] = rnd.nextGaussian();
        double[] g = new double[12];
        f.gradient(x, g);
        double fx = f.value(x);
        double bestDecrease = -1;
        int bestBlock = -1;
        for (int k = 0; k < part.size(); k++) {
            int[] b = part.block(k);
            double[] gb = DenseBlocks.gather(g, b);
            double predicted = 0.5 * DenseBlocks.dot(gb, DenseBlocks.solveSpd(f.upperBound(b), gb));
            int kk = k;
            BcdResult one = BlockCoordinateDescent.solve(f, null, x, it -> part.block(kk), BlockUpdate.EXACT, BcdOptions.defaults().withMaxIterations(1));
            double decrease = fx - one.value();
            assertEquals(predicted, decrease, 1e-9 * Math.abs(fx), "block " + k);
            if (decrease > bestDecrease) {
                bestDecrease = decrease;
                bestBlock = k;
            }
        }
        BcdIterate it = new BcdIterate(f, null, x, 0);
        int[] gsq = BlockRules.fixed(part, Rule.GSQ, Scores.PAPER).select(it);
        assertArrayEquals(part.block(bestBlock), gsq);
        assertArrayEquals(part.block(bestBlock), BlockRules.fixed(part, Rule.GSQ, Scores.CODE).select(it), "sqrt is monotone");
    }

    @Property(tries = 30)
    void greedyBoundsDominateGs(@ForAll @IntRange(min = 0, max = 10_000) int seed) {
        LeastSquaresProblem f = leastSquares(25, 15, seed);
        Partition part = seed % 2 == 0 ? Partition.order(15, 3) : Partition.average(f.coordinateLipschitz(), 3);
        Random rnd = new Random(seed);
        double[] x = new double[15];
        for (int i = 0; i < 15; i++) x[i] = rnd.nextGaussian();
        BcdIterate it = new BcdIterate(f, null, x, 0);
        double[] g = it.gradient();
        double lmax = 0;
        for (int k = 0; k < part.size(); k++) lmax = Math.max(lmax, f.blockLipschitz(part.block(k)));
        int[] gs = BlockRules.fixed(part, Rule.GS, Scores.PAPER).select(it);
        int[] gsl = BlockRules.fixed(part, Rule.GSL, Scores.PAPER).select(it);
        int[] gsq = BlockRules.fixed(part, Rule.GSQ, Scores.PAPER).select(it);
        double gsBound = norm2(g, gs) / (2 * lmax);
        double gsBoundOwnL = norm2(g, gs) / (2 * f.blockLipschitz(gs));
        double gslBound = norm2(g, gsl) / (2 * f.blockLipschitz(gsl));
        double[] gq = DenseBlocks.gather(g, gsq);
        double gsqBound = 0.5 * DenseBlocks.dot(gq, DenseBlocks.solveSpd(f.upperBound(gsq), gq));
        double tol = 1e-9 * gsqBound;
        assertTrue(gslBound >= gsBound - tol && gslBound >= gsBoundOwnL - tol, "GSL " + gslBound + " < GS " + gsBound + "/" + gsBoundOwnL);
        assertTrue(gsqBound >= gslBound - tol, "GSQ " + gsqBound + " < GSL " + gslBound);
    }

    private static double norm2(double[] g, int[] b) {
        double s = 0;
        for (int i : b) s += g[i] * g[i];
        return s;
    }

    @Test
    void codeScoresFollowTheirDefinitions() {
        LeastSquaresProblem f = leastSquares(20, 6, 2);
        Partition part = Partition.of(List.of(new int[] {0, 1}, new int[] {2, 3}, new int[] {4, 5}));
        double[] x = {1, -2, 0.5, 0, 3, -1};
        BcdIterate it = new BcdIterate(f, null, x, 0);
        double[] g = it.gradient(), l = f.coordinateLipschitz();
        int gs = argmax(k -> Math.abs(g[2 * k]) + Math.abs(g[2 * k + 1]));
        int gsd = argmax(k -> Math.abs(g[2 * k]) / Math.sqrt(l[2 * k]) + Math.abs(g[2 * k + 1]) / Math.sqrt(l[2 * k + 1]));
        int gsl = argmax(k -> (Math.abs(g[2 * k]) + Math.abs(g[2 * k + 1])) / Math.sqrt(f.blockLipschitz(part.block(k))));
        assertArrayEquals(part.block(gs), BlockRules.fixed(part, Rule.GS).select(it));
        assertArrayEquals(part.block(gsd), BlockRules.fixed(part, Rule.GSD).select(it));
        assertArrayEquals(part.block(gsl), BlockRules.fixed(part, Rule.GSL).select(it));
        int[] top = BlockRules.variable(2, Rule.GS).select(it);
        double third = 0;
        for (int i = 0; i < 6; i++) if (i != top[0] && i != top[1]) third = Math.max(third, Math.abs(g[i]));
        assertTrue(Math.min(Math.abs(g[top[0]]), Math.abs(g[top[1]])) >= third);
    }

    private static int argmax(java.util.function.IntToDoubleFunction s) {
        int best = 0;
        for (int k = 1; k < 3; k++) if (s.applyAsDouble(k) > s.applyAsDouble(best)) best = k;
        return best;
    }

    @Test
    void partitionsFollowTheCode() {
        double[] l = {5, 1, 4, 2, 6, 3};
        assertArrayEquals(new int[] {1, 3}, Partition.sorted(l, 2).block(0));
        assertArrayEquals(new int[] {0, 4}, Partition.sorted(l, 2).block(2));
        // avg interleaves smallest, largest: 1,4 / 3,0 / 5,2
        assertArrayEquals(new int[] {1, 4}, Partition.average(l, 2).block(0));
        assertArrayEquals(new int[] {5, 2}, Partition.average(l, 2).block(2));
        assertArrayEquals(new int[] {2, 3}, Partition.order(6, 2).block(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Partition.order(7, 2));
        assertTrue(e.getMessage().contains("7") && e.getMessage().contains("2"), e.getMessage());
    }

    @Test
    void variableRulesReturnTauDistinctCoordinates() {
        LeastSquaresProblem f = leastSquares(20, 10, 4);
        BcdIterate it = new BcdIterate(f, null, new double[10], 9);
        for (Rule r : new Rule[] {Rule.CYCLIC, Rule.RANDOM, Rule.LIPSCHITZ, Rule.GS, Rule.GSD, Rule.GSDHB, Rule.GSQ, Rule.GS_Q}) {
            for (int k = 0; k < 5; k++) {
                it.iteration = k;
                int[] b = BlockRules.variable(4, r).select(it);
                assertEquals(4, b.length, r.name());
                assertEquals(4, java.util.Arrays.stream(b).distinct().count(), r.name());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> BlockRules.variable(4, Rule.GSL));
    }

    @Test
    void proximalBcdFixedPointSatisfiesLassoOptimalityAndMatchesCoordinateDescent() {
        int n = 50, p = 20;
        LassoCoordinateDescentTest.Problem pr = LassoCoordinateDescentTest.Problem.random(n, p, 4, 8);
        double alpha = 0.05;
        LeastSquaresProblem f = LeastSquaresProblem.of(ColumnMatrix.ofRowMajor(pr.a(), n, p), pr.b());
        L1Norm g = new L1Norm(alpha * n);   // ½‖Ax − b‖² + nα‖x‖₁ = n × scikit-learn's objective
        for (BlockSelector rule : List.of(BlockRules.variable(4, Rule.GS_Q), BlockRules.fixed(Partition.order(p, 4), Rule.CYCLIC),
                BlockRules.fixed(Partition.sorted(f.coordinateLipschitz(), 4), Rule.GS_Q))) {
            BcdResult res = BlockCoordinateDescent.solve(f, g, new double[p], rule, BlockUpdate.GRADIENT,
                    BcdOptions.defaults().withMaxIterations(100_000).withTol(1e-7));
            assertEquals(BcdResult.Reason.CONVERGED, res.reason(), () -> "residual " + res.residual() + " after " + res.iterations());
            assertTrue(LassoCoordinateDescentTest.kktViolation(pr, res.x(), alpha) < 1e-8);
            double[] ref = LassoCoordinateDescent.solve(pr.a(), n, p, pr.b(), alpha,
                    CoordinateDescentOptions.defaults().withTol(1e-14).withMaxEpochs(100_000)).x();
            assertArrayEquals(ref, res.x(), 1e-7);
            for (int i = 0; i < p; i++) assertEquals(ref[i] == 0, res.x()[i] == 0, "support differs at " + i);
            assertTrue(res.lastActiveSetChange() > 0 && res.lastActiveSetChange() < res.iterations(),
                    "active set identified after finitely many iterations: last change " + res.lastActiveSetChange() + " of " + res.iterations());
        }
    }

    @Test
    void boxConstrainedQuadraticFixedPointIsProjectedStationary() {
        LeastSquaresProblem f = leastSquares(30, 9, 6);
        Box box = new Box(-0.1, 0.1);
        BcdResult res = BlockCoordinateDescent.solve(f, box, new double[9], BlockRules.variable(3, Rule.GS_Q), BlockUpdate.GRADIENT,
                BcdOptions.defaults().withMaxIterations(50_000).withTol(1e-10));
        assertEquals(BcdResult.Reason.CONVERGED, res.reason());
        double[] g = new double[9];
        f.gradient(res.x(), g);
        for (int i = 0; i < 9; i++) {
            double xi = res.x()[i];
            if (xi == 0.1) assertTrue(g[i] <= 1e-8);
            else if (xi == -0.1) assertTrue(g[i] >= -1e-8);
            else assertEquals(0, g[i], 1e-8);
        }
    }

    @Test
    void sameSeedSameResultAndBadInput() {
        LeastSquaresProblem f = leastSquares(20, 8, 1);
        BcdOptions o = BcdOptions.defaults().withMaxIterations(30).withSeed(4);
        double[] a = BlockCoordinateDescent.solve(f, null, new double[8], BlockRules.variable(2, Rule.LIPSCHITZ), BlockUpdate.GRADIENT, o).x();
        double[] b = BlockCoordinateDescent.solve(f, null, new double[8], BlockRules.variable(2, Rule.LIPSCHITZ), BlockUpdate.GRADIENT, o).x();
        assertArrayEquals(a, b, 0);
        assertThrows(IllegalArgumentException.class, () -> BlockCoordinateDescent.solve(f, null, new double[7], BlockRules.variable(2, Rule.GS), BlockUpdate.GRADIENT, o));
        assertThrows(IllegalArgumentException.class, () -> BlockCoordinateDescent.solve(f, new L1Norm(1), new double[8], BlockRules.variable(2, Rule.GS), BlockUpdate.MATRIX, o));
        assertThrows(IllegalArgumentException.class, () -> BlockCoordinateDescent.solve(logistic(10, 8, 1), null, new double[8], BlockRules.variable(2, Rule.GS), BlockUpdate.EXACT, o));
        assertThrows(IllegalArgumentException.class, () -> BlockCoordinateDescent.solve(f, null, new double[8], BlockRules.variable(2, Rule.GS), BlockUpdate.MESSAGE_PASSING, o));
    }

    @Test
    void newtonBlocksBeatGradientBlocksOnLogistic() {
        LogisticProblem f = logistic(60, 12, 2);
        Partition part = Partition.order(12, 4);
        BcdOptions o = BcdOptions.defaults().withMaxIterations(30);
        double lb = BlockCoordinateDescent.solve(f, null, new double[12], BlockRules.fixed(part, Rule.CYCLIC), BlockUpdate.GRADIENT, o).value();
        double newton = BlockCoordinateDescent.solve(f, null, new double[12], BlockRules.fixed(part, Rule.CYCLIC), BlockUpdate.NEWTON, o).value();
        assertTrue(newton < lb, newton + " vs " + lb);
    }

    static List<int[]> blocksOf(Partition p) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) out.add(p.block(i));
        return out;
    }
}
