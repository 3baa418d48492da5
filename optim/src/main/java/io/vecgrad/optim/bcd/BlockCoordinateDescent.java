package io.vecgrad.optim.bcd;

import io.vecgrad.optim.prox.Box;
import io.vecgrad.optim.prox.Prox;
import java.util.Arrays;

/**
 * Block coordinate descent for {@code min_x f(x) + g(x)} with a smooth {@link BlockProblem} f and
 * an optional separable {@link Prox} g (L1, box, elastic net): Nutini, Laradji and Schmidt, "Let's
 * Make Block Coordinate Descent Converge Faster" (JMLR 2022, P40). Each iteration a
 * {@link BlockSelector} ({@link BlockRules}: cyclic, random, Lipschitz, GS, GSL, GSD, GSQ, GS-q on
 * fixed, variable or forest blocks) picks a block b and a {@link BlockUpdate} moves x_b.
 *
 * <p>A non-smooth g works with {@link BlockUpdate#GRADIENT} (the proximal step with 1/L_b); the
 * solve then tracks the active set (coordinates at a kink of g) and reports when it last changed,
 * so finite identification can be observed.
 *
 * <p>Deterministic: the same inputs, rule, options and seed give bitwise the same result.
 *
 * <pre>{@code
 * BlockProblem f = LeastSquaresProblem.of(ColumnMatrix.ofRowMajor(a, n, p), b);
 * BcdResult r = BlockCoordinateDescent.solve(f, null, new double[p],
 *         BlockRules.variable(5, BlockRules.Rule.GSD), BlockUpdate.MATRIX, BcdOptions.defaults());
 * double[] history = r.objective();
 * }</pre>
 */
public final class BlockCoordinateDescent {
    private BlockCoordinateDescent() {}

    /**
     * Runs BCD from x0.
     *
     * @param g the separable non-smooth part, or null
     * @throws IllegalArgumentException when x0 has the wrong length or g(x0) is infinite, when g is
     *     given with an update other than GRADIENT, when EXACT meets a non-quadratic f or
     *     MESSAGE_PASSING a problem that is not a {@link SparseQuadratic}
     */
    public static BcdResult solve(BlockProblem f, Prox g, double[] x0, BlockSelector rule, BlockUpdate update, BcdOptions opts) {
        int n = f.dim();
        if (x0.length != n) throw new IllegalArgumentException("BlockCoordinateDescent: x0 has length " + x0.length + " but the problem has " + n + " coordinates");
        if (g != null && update != BlockUpdate.GRADIENT) {
            throw new IllegalArgumentException("BlockCoordinateDescent: a non-smooth g needs the GRADIENT (proximal) update, got " + update);
        }
        if (update == BlockUpdate.EXACT && !f.isQuadratic()) {
            throw new IllegalArgumentException("BlockCoordinateDescent: EXACT needs a quadratic f; use NEWTON for " + f.getClass().getSimpleName());
        }
        if (update == BlockUpdate.MESSAGE_PASSING && !(f instanceof SparseQuadratic)) {
            throw new IllegalArgumentException("BlockCoordinateDescent: MESSAGE_PASSING needs a SparseQuadratic, got " + f.getClass().getSimpleName());
        }
        double[] x = x0.clone();
        if (g != null && Double.isInfinite(g.value(x))) throw new IllegalArgumentException("BlockCoordinateDescent: g(x0) is infinite (x0 infeasible)");
        BcdIterate it = new BcdIterate(f, g, x, opts.seed());
        double[] la = update == BlockUpdate.ADAPTIVE ? filled(n, 1.0) : null;
        double[] hist = new double[opts.maxIterations() + 1];
        hist[0] = objective(f, g, x);
        boolean[] active = g != null ? activeSet(g, x) : null;
        int lastChange = 0;
        double residual = Double.NaN;
        BcdResult.Reason reason = BcdResult.Reason.MAX_ITERATIONS;
        int k = 0;
        if (opts.tol() > 0 && (residual = residual(it)) <= opts.tol()) reason = BcdResult.Reason.CONVERGED;
        while (reason == BcdResult.Reason.MAX_ITERATIONS && k < opts.maxIterations()) {
            it.iteration = k;
            int[] block = rule.select(it);
            if (block.length == 0) {
                reason = BcdResult.Reason.NO_BLOCK;
                break;
            }
            step(it, block, update, hist[k], la);
            it.changed();
            k++;
            hist[k] = objective(f, g, x);
            if (active != null) {
                boolean[] now = activeSet(g, x);
                if (!Arrays.equals(now, active)) lastChange = k;
                active = now;
            }
            if (opts.tol() > 0 && (residual = residual(it)) <= opts.tol()) reason = BcdResult.Reason.CONVERGED;
        }
        return new BcdResult(x, k, Arrays.copyOf(hist, k + 1), residual, reason, lastChange);
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    static double objective(BlockProblem f, Prox g, double[] x) {
        return f.value(x) + (g == null ? 0 : g.value(x));
    }

    private static void step(BcdIterate it, int[] block, BlockUpdate update, double fx, double[] la) {
        BlockProblem f = it.problem();
        double[] x = it.x();
        if (update == BlockUpdate.MESSAGE_PASSING) {
            ForestSolve.solveBlock((SparseQuadratic) f, block, x);
            return;
        }
        double[] gb = f.blockGradient(x, block);
        switch (update) {
            case GRADIENT -> {
                double lb = f.blockLipschitz(block);
                double[] v = new double[block.length];
                for (int t = 0; t < block.length; t++) v[t] = x[block[t]] - gb[t] / lb;
                if (it.prox() != null) it.prox().prox(v, 1 / lb, v);
                scatter(x, block, v);
            }
            case ADAPTIVE -> adaptive(f, x, block, gb, fx, la);
            case MATRIX -> move(x, block, DenseBlocks.solveSpd(f.upperBound(block), gb), -1);
            case EXACT -> move(x, block, DenseBlocks.solveSpd(f.hessianBlock(x, block), gb), -1);
            case NEWTON -> newton(f, x, block, gb, fx);
            default -> throw new IllegalStateException(update.name());
        }
    }

    private static void scatter(double[] x, int[] block, double[] v) {
        for (int t = 0; t < block.length; t++) x[block[t]] = v[t];
    }

    /** x_b += a·d. */
    private static void move(double[] x, int[] block, double[] d, double a) {
        for (int t = 0; t < block.length; t++) x[block[t]] += a * d[t];
    }

    private static void adaptive(BlockProblem f, double[] x, int[] block, double[] gb, double fx, double[] la) {
        double l = 0;
        for (int i : block) l = Math.max(l, la[i]);
        double gg = DenseBlocks.dot(gb, gb);
        double[] old = DenseBlocks.gather(x, block);
        for (int rep = 0; rep < 200; rep++) {
            for (int t = 0; t < block.length; t++) x[block[t]] = old[t] - gb[t] / l;
            if (f.value(x) <= fx - gg / (2 * l)) break;
            l *= 2;
        }
        for (int i : block) la[i] = l;
    }

    private static void newton(BlockProblem f, double[] x, int[] block, double[] gb, double fx) {
        double[] d = DenseBlocks.solveSpd(f.hessianBlock(x, block), gb);
        for (int t = 0; t < d.length; t++) d[t] = -d[t];
        double phi = DenseBlocks.dot(gb, d);
        if (!(phi < 0)) return;   // no descent direction: stay
        double[] old = DenseBlocks.gather(x, block);
        double alpha = 1, alphaOld = 0, zOld = 0;
        for (int t = 1; t <= 60; t++) {
            for (int s = 0; s < block.length; s++) x[block[s]] = old[s] + alpha * d[s];
            double fNew = f.value(x);
            if (fNew <= fx + 1e-10 * alpha * phi) return;
            double z = fNew - fx - alpha * phi;
            double next;
            if (t == 1) {
                next = -phi * alpha * alpha / (2 * z);
            } else {
                double c = 1 / ((alpha - alphaOld) * alphaOld * alphaOld * alpha * alpha);
                double a = c * (alphaOld * alphaOld * z - alpha * alpha * zOld);
                double b = c * (-alphaOld * alphaOld * alphaOld * z + alpha * alpha * alpha * zOld);
                next = (-b + Math.sqrt(b * b - 3 * a * phi)) / (3 * a);
            }
            zOld = z;
            alphaOld = alpha;
            alpha = Double.isFinite(next) && next > 0 && next < alpha ? next : alpha / 2;
        }
        scatter(x, block, old);   // no acceptable step: stay
    }

    /** ‖x − prox_{tg}(x − t∇f)‖∞/t with t = 1/max L_i. */
    static double residual(BcdIterate it) {
        double[] x = it.x(), grad = it.gradient(), li = it.problem().coordinateLipschitz();
        double lmax = 0;
        for (double l : li) lmax = Math.max(lmax, l);
        double t = 1 / lmax;
        double[] v = new double[x.length];
        for (int i = 0; i < x.length; i++) v[i] = x[i] - t * grad[i];
        if (it.prox() != null) it.prox().prox(v, t, v);
        double worst = 0;
        for (int i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - v[i]));
        return worst / t;
    }

    /** Coordinates at a kink of g: at a bound of a {@link Box}, else at 0. */
    static boolean[] activeSet(Prox g, double[] x) {
        boolean[] a = new boolean[x.length];
        if (g instanceof Box box) {
            for (int i = 0; i < x.length; i++) a[i] = x[i] == box.lo() || x[i] == box.hi();
        } else {
            for (int i = 0; i < x.length; i++) a[i] = x[i] == 0;
        }
        return a;
    }
}
