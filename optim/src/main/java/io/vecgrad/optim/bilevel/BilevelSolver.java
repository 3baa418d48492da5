package io.vecgrad.optim.bilevel;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The bilevel training loop: an outer optimizer from {@code optim} (any
 * {@link GradientTransformation}: SGD, Adam, …) over the hyper-parameters x, an inner solver
 * warm-started from the previous y and re-run every {@code innerEvery} outer iterations, and a
 * hypergradient estimator. Each iteration is reported to a {@link BilevelListener} with the
 * upper and lower objectives, the hypergradient norm and cumulative oracle counts.
 *
 * <pre>{@code
 * BilevelSolver.Result r = BilevelSolver.builder()
 *         .outer(Sgd.gradientDescent(0.5))
 *         .inner(InnerSolvers.lbfgs(g, 1e-10, 200))
 *         .estimator(Hypergradients.aidCg(SolveOptions.defaults().rtol(1e-10)))
 *         .iterations(50)
 *         .build()
 *         .run(f, g, x0, y0);
 * }</pre>
 *
 * Counts: an inner solve adds its {@code InnerSolution.iterations()} to the gradient count
 * (gradient evaluations for {@link InnerSolvers#lbfgs} and {@link InnerSolvers#gradientSteps};
 * Newton steps, whose inner CG products are not counted, for {@link InnerSolvers#newton}); the
 * estimator adds its own gradients and HVPs.
 *
 * <p>An inner solve or adjoint solve that misses its tolerance throws
 * {@link NotConvergedException} unless {@link Builder#allowInexact()} is set (stochastic
 * methods that take a few inner steps on purpose).
 */
public final class BilevelSolver {
    /** One outer iteration as reported to the listener (counts are cumulative). */
    public record Step(int iteration, double upper, double lower, double hypergradNorm, boolean innerUpdated,
                       long gradients, long hvps, Tensor x) {}

    /** The final hyper-parameters and inner solution, and every step. */
    public record Result(Tensor x, Tensor y, List<Step> history) {
        public Step last() {
            return history.get(history.size() - 1);
        }
    }

    private final GradientTransformation outer;
    private final ImplicitDiff.InnerSolver inner;
    private final HypergradientEstimator estimator;
    private final int iterations, innerEvery;
    private final boolean exact;
    private final BilevelListener listener;

    private BilevelSolver(Builder b) {
        this.outer = Objects.requireNonNull(b.outer, "BilevelSolver: outer optimizer not set");
        this.inner = Objects.requireNonNull(b.inner, "BilevelSolver: inner solver not set");
        this.estimator = Objects.requireNonNull(b.estimator, "BilevelSolver: estimator not set");
        this.iterations = b.iterations;
        this.innerEvery = b.innerEvery;
        this.exact = b.exact;
        this.listener = b.listener;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs the loop from (x0, y0); neither argument is modified. */
    public Result run(Bilevel.Objective f, Bilevel.Objective g, Tensor x0, Tensor y0) {
        Params params = Params.of("x", x0.copy());
        Optimizer opt = Optimizer.of(params, outer);
        Tensor y = y0;
        long grads = 0, hvps = 0;
        List<Step> history = new ArrayList<>();
        for (int t = 0; t < iterations; t++) {
            Tensor x = params.get("x");
            boolean update = t % innerEvery == 0;
            if (update) {
                ImplicitDiff.InnerSolution s = inner.solve(x, y);
                if (exact && !s.converged()) {
                    throw new NotConvergedException("BilevelSolver: inner solve at outer iteration " + t + " did not converge ("
                            + s.iterations() + " iterations, residual " + s.residual() + ")");
                }
                y = s.y();
                grads += s.iterations();
            }
            Hypergradient h = estimator.estimate(f, g, x, y);
            if (exact) h.orThrow();
            grads += h.gradients();
            hvps += h.hvps();
            Step step = new Step(t, value(f, x, y), value(g, x, y), Bilevel.norm(h.grad()), update, grads, hvps, x.copy());
            history.add(step);
            listener.onStep(step);
            opt.step(Params.of("x", h.grad()));
        }
        return new Result(params.get("x").copy(), y, history);
    }

    static double value(Bilevel.Objective o, Tensor x, Tensor y) {
        return o.apply(Variable.constant(x), Variable.constant(y)).item();
    }

    public static final class Builder {
        private GradientTransformation outer;
        private ImplicitDiff.InnerSolver inner;
        private HypergradientEstimator estimator;
        private int iterations = 100, innerEvery = 1;
        private boolean exact = true;
        private BilevelListener listener = s -> {};

        /** The outer optimizer over x (its updates are added to x). */
        public Builder outer(GradientTransformation t) {
            this.outer = t;
            return this;
        }

        /** The inner solver, warm-started from the last y. */
        public Builder inner(ImplicitDiff.InnerSolver s) {
            this.inner = s;
            return this;
        }

        public Builder estimator(HypergradientEstimator e) {
            this.estimator = e;
            return this;
        }

        public Builder iterations(int n) {
            if (n < 1) throw new IllegalArgumentException("BilevelSolver: iterations must be ≥ 1, got " + n);
            this.iterations = n;
            return this;
        }

        /** Re-run the inner solver only when {@code t mod every == 0} (periodic lower-level updates). */
        public Builder innerEvery(int every) {
            if (every < 1) throw new IllegalArgumentException("BilevelSolver: innerEvery must be ≥ 1, got " + every);
            this.innerEvery = every;
            return this;
        }

        /** Accept inner and adjoint solves that miss their tolerance (they are still reported in the result's counts). */
        public Builder allowInexact() {
            this.exact = false;
            return this;
        }

        public Builder listener(BilevelListener l) {
            this.listener = Objects.requireNonNull(l);
            return this;
        }

        public BilevelSolver build() {
            return new BilevelSolver(this);
        }
    }
}
