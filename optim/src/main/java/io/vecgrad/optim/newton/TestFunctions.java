package io.vecgrad.optim.newton;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.Tensor;
import java.util.function.Function;

/**
 * The standard smooth test problems as autodiff functions of a flat float64 vector, for tests,
 * experiments and benchmarks: {@link #rosenbrock} (minimum 0 at all ones), {@link #beale}
 * (minimum 0 at (3, 0.5)), {@link #quadratic} and {@link #logisticRegression} with L2 penalty.
 *
 * <pre>{@code
 * OptimizeResult r = NewtonCg.minimize(Objective.of(TestFunctions::rosenbrock), new double[] {-1.2, 1}, SolverOptions.defaults());
 * }</pre>
 */
public final class TestFunctions {
    private TestFunctions() {}

    /** {@code Σᵢ 100(x_{i+1} − xᵢ²)² + (1 − xᵢ)²} (SciPy's {@code rosen}). */
    public static Variable rosenbrock(Variable x) {
        int n = x.size(0);
        Variable head = x.slice(0, 0, n - 1), tail = x.slice(0, 1, n);
        return tail.sub(head.square()).square().mul(100).add(head.rsub(1).square()).sum();
    }

    /** Beale's function of two variables. */
    public static Variable beale(Variable v) {
        Variable x = v.slice(0, 0, 1), y = v.slice(0, 1, 2);
        Variable t1 = x.mul(y).sub(x).add(1.5);
        Variable t2 = x.mul(y.square()).sub(x).add(2.25);
        Variable t3 = x.mul(y.square().mul(y)).sub(x).add(2.625);
        return t1.square().add(t2.square()).add(t3.square()).sum();
    }

    /** {@code ½xᵀAx − bᵀx} for a symmetric n × n matrix A. */
    public static Function<Variable, Variable> quadratic(Tensor a, Tensor b) {
        Variable av = Variable.constant(a), bv = Variable.constant(b);
        int n = b.numel();
        return x -> av.matmul(x.reshape(n, 1)).reshape(n).mul(x).sum().mul(0.5).sub(bv.mul(x).sum());
    }

    /**
     * The mean logistic loss with L2 penalty, {@code (1/m) Σ log(1 + exp(−yᵢ·xᵢᵀw)) + (λ/2)‖w‖²},
     * labels ±1 (scikit-learn's {@code LogisticRegression} without intercept, scaled by 1/m).
     *
     * @param x features, m × n
     * @param y labels ±1, length m
     */
    public static Function<Variable, Variable> logisticRegression(Tensor x, Tensor y, double lambda) {
        Variable xv = Variable.constant(x), yv = Variable.constant(y);
        int n = x.size(1);
        return w -> xv.matmul(w.reshape(n, 1)).reshape(-1).mul(yv).neg().softplus().mean().add(w.square().sum().mul(0.5 * lambda));
    }
}
