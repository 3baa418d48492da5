package io.vecgrad.optim.constrained;

/**
 * An equality-constrained problem {@code min f(x) s.t. c(x) = 0} ({@code x ∈ R^n},
 * {@code c: R^n → R^m}) as the oracles an SQP method needs, on plain double arrays (matrices
 * row-major): f, ∇f, c, the Jacobian {@code G = ∂c/∂x} (m × n) and the Hessian of the Lagrangian
 * {@code ∇²_xx L(x, λ) = ∇²f + Σ λ_i ∇²c_i} (n × n). {@link AutodiffProblem} builds all of them
 * from two autodiff functions, so a solver never hand-codes derivatives.
 *
 * <pre>{@code
 * EqualityProblem p = AutodiffProblem.of(2, 1, x -> x.square().sum(),
 *         x -> x.sum().sub(1).reshape(1), new double[] {0, 0});
 * ConstrainedResult r = AdaSketchNewton.solve(p, AdaSketchOptions.defaults());
 * }</pre>
 */
public interface EqualityProblem {
    /** Number of variables n. */
    int n();

    /** Number of constraints m (≥ 1). */
    int m();

    /** The starting point. */
    double[] x0();

    /** The starting multipliers (zeros unless the problem says otherwise). */
    default double[] lambda0() {
        return new double[m()];
    }

    double f(double[] x);

    double[] gradient(double[] x);

    double[] constraints(double[] x);

    /** ∂c/∂x, m × n row-major. */
    double[] jacobian(double[] x);

    /** ∇²_xx L(x, λ), n × n row-major. */
    double[] hessianOfLagrangian(double[] x, double[] lambda);

    /** A short name for logs and tables. */
    default String name() {
        return getClass().getSimpleName();
    }
}
