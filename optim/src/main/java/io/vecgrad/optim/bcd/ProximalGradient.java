package io.vecgrad.optim.bcd;

import io.vecgrad.optim.prox.Prox;
import java.util.Arrays;

/**
 * Full-vector proximal gradient (ISTA) and its accelerated form FISTA (Beck and Teboulle 2009) for
 * {@code min_x f(x) + g(x)}, the baselines users expect beside block coordinate descent: with
 * step {@code t = 1/L}, {@code x⁺ = prox_{tg}(y − t∇f(y))}; ISTA takes {@code y = x}, FISTA
 * {@code y = x_k + ((θ_{k−1} − 1)/θ_k)(x_k − x_{k−1})} with {@code θ_k = (1 + sqrt(1 + 4θ_{k−1}²))/2}.
 * L defaults to λ_max of the problem's full upper bound (power iteration). Returns the same
 * {@link BcdResult} as BCD (iterations = full gradient steps; the residual test is BCD's).
 *
 * <pre>{@code
 * BcdResult r = ProximalGradient.fista(f, new L1Norm(0.1), new double[f.dim()], BcdOptions.defaults().withTol(1e-8));
 * }</pre>
 */
public final class ProximalGradient {
    private ProximalGradient() {}

    /** ISTA with step 1/L. */
    public static BcdResult ista(BlockProblem f, Prox g, double[] x0, BcdOptions opts) {
        return run(f, g, x0, opts, false, BlockRules.upperBoundNorm(f));
    }

    /** FISTA with step 1/L. */
    public static BcdResult fista(BlockProblem f, Prox g, double[] x0, BcdOptions opts) {
        return run(f, g, x0, opts, true, BlockRules.upperBoundNorm(f));
    }

    /**
     * Either method with a given Lipschitz constant of ∇f.
     *
     * @throws IllegalArgumentException when L is not positive and finite or x0 has the wrong length
     */
    public static BcdResult run(BlockProblem f, Prox g, double[] x0, BcdOptions opts, boolean accelerated, double lipschitz) {
        int n = f.dim();
        if (x0.length != n) throw new IllegalArgumentException("ProximalGradient: x0 has length " + x0.length + " but the problem has " + n + " coordinates");
        if (!(lipschitz > 0) || Double.isInfinite(lipschitz)) throw new IllegalArgumentException("ProximalGradient: L must be positive and finite, got " + lipschitz);
        double t = 1 / lipschitz;
        double[] x = x0.clone(), prev = x0.clone(), y = x0.clone(), grad = new double[n];
        double theta = 1;
        double[] hist = new double[opts.maxIterations() + 1];
        hist[0] = BlockCoordinateDescent.objective(f, g, x);
        BcdIterate it = new BcdIterate(f, g, x, opts.seed());
        BcdResult.Reason reason = BcdResult.Reason.MAX_ITERATIONS;
        double residual = Double.NaN;
        int k = 0;
        if (opts.tol() > 0 && (residual = BlockCoordinateDescent.residual(it)) <= opts.tol()) reason = BcdResult.Reason.CONVERGED;
        while (reason == BcdResult.Reason.MAX_ITERATIONS && k < opts.maxIterations()) {
            f.gradient(y, grad);
            System.arraycopy(x, 0, prev, 0, n);
            for (int i = 0; i < n; i++) x[i] = y[i] - t * grad[i];
            if (g != null) g.prox(x, t, x);
            double thetaNext = accelerated ? (1 + Math.sqrt(1 + 4 * theta * theta)) / 2 : 1;
            double beta = accelerated ? (theta - 1) / thetaNext : 0;
            for (int i = 0; i < n; i++) y[i] = x[i] + beta * (x[i] - prev[i]);
            theta = thetaNext;
            it.changed();
            k++;
            hist[k] = BlockCoordinateDescent.objective(f, g, x);
            if (opts.tol() > 0 && (residual = BlockCoordinateDescent.residual(it)) <= opts.tol()) reason = BcdResult.Reason.CONVERGED;
        }
        return new BcdResult(x, k, Arrays.copyOf(hist, k + 1), residual, reason, 0);
    }
}
