package io.vecgrad.optim.surrogate;

import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.LossAndGrad;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.tensor.Tensor;

/**
 * The inner loop of {@link Sso}: m steps on the surrogate {@code g_t(θ)}, which needs only model
 * forward/backward passes. Either any {@code optim} transformation ({@link #optimizer}, state
 * fresh each outer step) or the authors' stochastic Armijo line search ({@link #armijo}).
 *
 * <pre>{@code
 * InnerSolver sgd = InnerSolver.optimizer(Sgd.gradientDescent(0.5));
 * InnerSolver ls = InnerSolver.armijo(1);   // the code's LSOpt: initial step 10, c = 0.5, β = 0.9
 * }</pre>
 */
public interface InnerSolver {
    /** A fresh solver for one outer step (the authors re-create the inner optimizer every outer step). */
    Run start(Params params);

    /** One outer step's inner solver. */
    interface Run {
        /** One inner step on {@code surrogate}; returns the surrogate value before the step. */
        double step(LossAndGrad surrogate);

        /** Surrogate evaluations without a gradient (line-search trials) so far. */
        default long functionEvaluations() {
            return 0;
        }
    }

    /** Any gradient transformation, e.g. {@code Sgd.gradientDescent(lr)} or {@code Adam.adam(lr)}. */
    static InnerSolver optimizer(GradientTransformation tx) {
        return params -> {
            Optimizer opt = Optimizer.of(params, tx);
            return opt::step;
        };
    }

    /**
     * The stochastic Armijo line search of the authors' {@code LSOpt} (Vaswani et al. 2019 form):
     * start from {@code expand·s_prev} (expand = 1.8^(1/batchesPerEpoch), s reset to 10 every outer step),
     * try {@code θ − s∇g}, accept when {@code g(θ − s∇g) ≤ g(θ) − c·s‖∇g‖²} (c = 0.5), else s ← 0.9·s;
     * at most 100 trials or until s &lt; 1e-6.
     */
    static InnerSolver armijo(int batchesPerEpoch) {
        return armijo(10, 0.5, 0.9, Math.pow(1.8, 1.0 / batchesPerEpoch));
    }

    /** The Armijo line search with explicit constants. */
    static InnerSolver armijo(double initialStep, double c, double beta, double expand) {
        return params -> new Run() {
            double s = initialStep;
            long evals;

            @Override
            public double step(LossAndGrad surrogate) {
                LossAndGrad.Result r = surrogate.evaluate(params);
                Params start = params.copy();
                double g2 = Math.pow(r.grads().globalNorm(), 2);
                double trial = expand * s;
                for (int e = 0; e < 100; e++) {
                    move(params, start, r.grads(), trial);
                    double next = surrogate.evaluate(params).loss();
                    evals++;
                    if (next - (r.loss() - trial * c * g2) <= 0) break;
                    trial *= beta;
                    if (trial < 1e-6) break;
                }
                move(params, start, r.grads(), trial);
                s = trial;
                return r.loss();
            }

            @Override
            public long functionEvaluations() {
                return evals;
            }
        };
    }

    /** params ← start − s·grads, in place. */
    private static void move(Params params, Params start, Params grads, double s) {
        for (String name : params.names()) {
            Tensor t = params.get(name);
            t.copyFrom(start.get(name).sub(grads.get(name).mul(s)));
        }
    }
}
