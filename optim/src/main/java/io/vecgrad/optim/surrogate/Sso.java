package io.vecgrad.optim.surrogate;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.optim.LossAndGrad;
import io.vecgrad.optim.Params;
import io.vecgrad.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * P58 SSO, target-based surrogates (Lavington, Vaswani, Babanezhad, Schmidt and Le Roux, ICML
 * 2023), following the authors' code ({@code optimizers/sgd_fmdopt.py} and {@code lsopt.py} of
 * github.com/WilderLavington/Target-Based-Surrogates-For-Stochastic-Optimization). Each outer
 * step on the current batch:
 *
 * <pre>
 * z_t = z(θ_t) (held constant);   s_t = ∇h(z_t)               one expensive gradient
 * η_t = η (constant) | η·√t ("stochastic") | η·T^(t/T) (exponential, T = totalSteps)
 * g_t(θ) = mean( s_t ⊙ z(θ) / η_t + (z(θ) − z_t)² )            the code's form: η is an inverse step
 * m inner steps of any optimizer (or the Armijo search) on g_t
 * </pre>
 *
 * The mean is over the N entries of z, so {@code ∇g_t(θ_t) = ∇f(θ_t)/(N·η_t)} (h is itself a
 * mean, so s_t already carries 1/N): one inner step of plain gradient descent with rate α is a
 * gradient step on f with rate {@code α/(N·η_t)}. In the paper's notation
 * {@code g_t ∝ h(z_t) + ⟨∇h(z_t), z − z_t⟩ + (1/(2·η_paper))‖z − z_t‖²} with {@code η_paper = 1/(2·η)}
 * (up to the constant and the positive factor {@code 1/(N·η)}).
 *
 * <pre>{@code
 * Sso sso = new Sso(params, InnerSolver.optimizer(Sgd.gradientDescent(0.1)), 10, 1.0, Sso.Schedule.CONSTANT, 100);
 * Sso.Step s = sso.step(problem);   // s.loss() = f(θ_t) before the step
 * }</pre>
 */
public final class Sso {
    /** The outer step schedule of the inverse step η (the code's {@code eta_schedule}). */
    public enum Schedule {
        CONSTANT,
        /** {@code η·√t}: decreasing outer steps. */
        STOCHASTIC,
        /** {@code η·(1/T)^(−t/T)}. */
        EXPONENTIAL
    }

    /**
     * One outer step: f(θ_t) on the batch, the surrogate value before each inner step and after the
     * last ({@code m + 1} values), the η used.
     */
    public record Step(double loss, double[] surrogate, double eta) {}

    private final Params params;
    private final InnerSolver inner;
    private final int innerSteps;
    private final double eta;
    private final Schedule schedule;
    private final int totalSteps;
    private long outerSteps, innerGradients;

    /**
     * @param params the live parameters, updated in place
     * @param inner the inner solver (fresh state every outer step)
     * @param innerSteps m ≥ 1
     * @param eta the inverse outer step η &gt; 0 (the code's {@code eta}; grid 10^−3 … 10^3)
     * @param schedule how η changes with the outer step
     * @param totalSteps T for the exponential schedule
     */
    public Sso(Params params, InnerSolver inner, int innerSteps, double eta, Schedule schedule, int totalSteps) {
        if (innerSteps < 1) throw new IllegalArgumentException("Sso: innerSteps must be >= 1, got " + innerSteps);
        if (!(eta > 0)) throw new IllegalArgumentException("Sso: eta must be > 0, got " + eta);
        this.params = params;
        this.inner = inner;
        this.innerSteps = innerSteps;
        this.eta = eta;
        this.schedule = schedule;
        this.totalSteps = Math.max(1, totalSteps);
    }

    /** One outer step on {@code batch}: one evaluation of ∇h, then m inner steps on the surrogate. */
    public Step step(TargetProblem batch) {
        outerSteps++;
        Tensor zt;
        Tensor seed;
        double loss;
        try (NoGrad scope = NoGrad.enableGrad()) {
            zt = batch.targets(constants()).value();
            Autodiff.ValueAndGrad<Tensor> hv = Autodiff.valueAndGrad(batch::loss, zt);
            loss = hv.value().item();
            seed = hv.grad();
        }
        double etaT = etaAt(outerSteps);
        LossAndGrad g = surrogate(batch, zt, seed, etaT);
        InnerSolver.Run run = inner.start(params);
        double[] values = new double[innerSteps + 1];
        for (int k = 0; k < innerSteps; k++) {
            values[k] = run.step(g);
            innerGradients++;
        }
        values[innerSteps] = g.evaluate(params).loss();
        return new Step(loss, values, etaT);
    }

    /**
     * The code-form surrogate {@code g(θ) = mean(s ⊙ z(θ)/η + (z(θ) − z_t)²)} of {@code batch} around the
     * targets {@code zt} with the seed {@code s = ∇h(z_t)}, as a loss-and-gradient closure over parameters.
     */
    public static LossAndGrad surrogate(TargetProblem batch, Tensor zt, Tensor seed, double eta) {
        Variable zc = Variable.constant(zt), sc = Variable.constant(seed);
        return p -> {
            Autodiff.ValueAndGrad<Map<String, Tensor>> r = Autodiff.valueAndGrad(vars -> {
                Variable z = batch.targets(vars);
                return z.mul(sc).div(eta).add(z.sub(zc).square()).mean();
            }, p.asMap());
            return new LossAndGrad.Result(r.value().item(), Params.of(r.grad()));
        };
    }

    /** η_t of outer step t (1-based). */
    double etaAt(long t) {
        return switch (schedule) {
            case CONSTANT -> eta;
            case STOCHASTIC -> eta * Math.sqrt(t);
            case EXPONENTIAL -> eta * Math.pow(1.0 / totalSteps, -(double) t / totalSteps);
        };
    }

    private Map<String, Variable> constants() {
        Map<String, Variable> m = new LinkedHashMap<>();
        for (String n : params.names()) m.put(n, Variable.constant(params.get(n)));
        return m;
    }

    /** Outer steps so far = evaluations of ∇h (the expensive gradient). */
    public long outerSteps() {
        return outerSteps;
    }

    /** Inner gradient evaluations of the surrogate (model backward passes) so far. */
    public long innerGradients() {
        return innerGradients;
    }
}
