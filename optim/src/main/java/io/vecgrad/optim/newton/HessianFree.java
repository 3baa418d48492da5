package io.vecgrad.optim.newton;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.autodiff.linalg.ParameterVector;
import io.vecgrad.nn.Functional;
import io.vecgrad.nn.Module;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.iterative.ConjugateGradient;
import io.vecgrad.tensor.linalg.iterative.LinearOperator;
import io.vecgrad.tensor.linalg.iterative.SolveOptions;
import io.vecgrad.tensor.linalg.iterative.SolveResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Hessian-free training of an {@code nn} module (Martens, "Deep learning via Hessian-free
 * optimization", ICML 2010): each {@link #step} builds the generalized Gauss–Newton operator G
 * of the batch loss ({@link Curvature#gaussNewton}), solves {@code (G + λI)·p = −∇L} by CG
 * started from {@code decay·p_prev} (Martens' warm start, decay 0.95), and adapts the damping by
 * the Levenberg–Marquardt rule on the reduction ratio {@code ρ = (L(θ + p) − L(θ)) / q(p)} with
 * the undamped model {@code q(p) = ∇Lᵀp + ½pᵀGp}: {@code ρ < 1/4 → λ·3/2}, {@code ρ > 3/4 → λ·2/3}.
 * When L rises, the step is backtracked by factors of 0.8 (Martens backtracks over the CG
 * iterates; a scaled step is the simplification here); with no decrease the parameters stay.
 *
 * <pre>{@code
 * HessianFree hf = new HessianFree(net, HessianFree.Options.defaults());
 * for (int i = 0; i < 20; i++) {
 *     HessianFree.StepResult s = hf.step(xBatch, z -> Losses.crossEntropy(z, yBatch));
 * }
 * }</pre>
 */
public final class HessianFree {
    /**
     * @param lambda0   initial damping λ (Martens: 45 for autoencoders; 1 here)
     * @param cgMaxIter CG iterations per step
     * @param cgRtol    CG relative residual tolerance
     * @param decay     warm-start factor for the previous direction
     */
    public record Options(double lambda0, int cgMaxIter, double cgRtol, double decay) {
        public Options {
            if (!(lambda0 > 0) || cgMaxIter < 1 || !(cgRtol > 0) || !(decay >= 0 && decay <= 1)) {
                throw new IllegalArgumentException("HessianFree: need lambda0 > 0, cgMaxIter >= 1, cgRtol > 0, 0 <= decay <= 1; got "
                        + lambda0 + ", " + cgMaxIter + ", " + cgRtol + ", " + decay);
            }
        }

        public static Options defaults() {
            return new Options(1.0, 50, 1e-4, 0.95);
        }
    }

    /** One step's figures: losses before and after, the damping used, ρ, CG iterations, the accepted scale of p (0 when rejected). */
    public record StepResult(double lossBefore, double lossAfter, double lambda, double rho, int cgIterations, double stepScale) {}

    private final Module net;
    private final Options options;
    private double lambda;
    private Tensor previous;

    public HessianFree(Module net, Options options) {
        this.net = net;
        this.options = options;
        this.lambda = options.lambda0();
    }

    /** The current damping λ. */
    public double lambda() {
        return lambda;
    }

    /** One Hessian-free update on the batch {@code input} with the loss of the module's outputs. */
    public StepResult step(Tensor input, Function<Variable, Variable> loss) {
        Map<String, Tensor> theta = Curvature.parameters(net);
        ParameterVector layout = ParameterVector.of(theta);
        Variable x = Variable.constant(input);
        Function<Map<String, Variable>, Variable> objective = vars -> loss.apply(Functional.call(net, vars, x));
        Autodiff.ValueAndGrad<Map<String, Tensor>> vg = Autodiff.valueAndGrad(objective, theta);
        double f0 = vg.value().item();
        double[] g = layout.flatten(vg.grad()).toDoubleArray();
        if (Run.nonFinite(f0, g) != null) {
            throw new ArithmeticException("HessianFree.step: " + Run.nonFinite(f0, g) + " at the current parameters (damping " + lambda + ")");
        }
        LinearOperator ggn = Curvature.gaussNewton(net, input, loss);
        double[] minusG = new double[g.length];
        for (int i = 0; i < g.length; i++) minusG[i] = -g[i];
        SolveOptions so = SolveOptions.defaults().rtol(options.cgRtol()).maxIter(options.cgMaxIter());
        if (previous != null) so = so.x0(previous.to(DType.FLOAT64).mul(options.decay()));
        SolveResult cg = ConjugateGradient.solve(Curvature.damped(ggn, lambda), Tensor.of(minusG), so);
        double[] p = cg.solution().toDoubleArray();
        double[] gp = ggn.apply(Tensor.of(p.clone()).to(layout.dtype())).toDoubleArray();
        double model = Run.dot(g, p) + 0.5 * Run.dot(p, gp);
        double[] base = layout.flatten(theta).toDoubleArray();
        double scale = 1, fNew = evaluate(objective, layout, base, p, scale);
        double rho = model < 0 ? (fNew - f0) / model : Double.NEGATIVE_INFINITY;
        lambda = nextLambda(lambda, rho);
        while (!(fNew < f0) && scale > 1e-3) {
            scale *= 0.8;
            fNew = evaluate(objective, layout, base, p, scale);
        }
        if (!(fNew < f0)) {
            scale = 0;
            fNew = f0;
        }
        write(layout, base, p, scale);
        previous = Tensor.of(p);
        return new StepResult(f0, fNew, lambda, rho, cg.iterations(), scale);
    }

    /** Martens' Levenberg–Marquardt damping rule. */
    static double nextLambda(double lambda, double rho) {
        if (rho < 0.25) return lambda * 1.5;
        if (rho > 0.75) return lambda * (2.0 / 3);
        return lambda;
    }

    private double evaluate(Function<Map<String, Variable>, Variable> objective, ParameterVector layout, double[] base, double[] p, double scale) {
        double[] t = base.clone();
        Run.axpy(scale, p, t);
        Map<String, Variable> vars = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : layout.unflatten(Tensor.of(t).to(layout.dtype())).entrySet()) vars.put(e.getKey(), Variable.constant(e.getValue()));
        try (NoGrad scope = NoGrad.enter()) {
            double v = objective.apply(vars).item();
            return Double.isFinite(v) ? v : Double.POSITIVE_INFINITY;
        }
    }

    private void write(ParameterVector layout, double[] base, double[] p, double scale) {
        double[] t = base.clone();
        Run.axpy(scale, p, t);
        Map<String, Tensor> next = layout.unflatten(Tensor.of(t).to(layout.dtype()));
        for (Map.Entry<String, Variable> e : net.trainableParameters().entrySet()) e.getValue().value().copyFrom(next.get(e.getKey()));
    }
}
