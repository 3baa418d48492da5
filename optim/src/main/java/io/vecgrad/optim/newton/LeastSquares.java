package io.vecgrad.optim.newton;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.Tensor;
import java.util.function.Function;

/**
 * A nonlinear least-squares problem {@code min ½‖r(x)‖²} known by its residual vector and
 * Jacobian; {@link #of(Function)} builds both from an autodiff function (the Jacobian from one
 * VJP per residual, {@link Autodiff#jacobian}).
 *
 * <pre>{@code
 * LeastSquares p = LeastSquares.of(x -> model(x).sub(Variable.constant(yObserved)));
 * OptimizeResult r = LevenbergMarquardt.minimize(p, x0, SolverOptions.defaults().gtol(1e-10));
 * }</pre>
 */
public interface LeastSquares {
    /** r(x), length m. */
    double[] residuals(double[] x);

    /** The m × n Jacobian of r at x, row-major. */
    double[][] jacobian(double[] x);

    static LeastSquares of(Function<Variable, Variable> residual) {
        return new LeastSquares() {
            @Override
            public double[] residuals(double[] x) {
                try (NoGrad scope = NoGrad.enter()) {
                    return residual.apply(Variable.constant(Tensor.of(x.clone()))).value().toDoubleArray();
                }
            }

            @Override
            public double[][] jacobian(double[] x) {
                Tensor j = Autodiff.jacobian(v -> residual.apply(v).reshape(-1), Tensor.of(x.clone()));
                int m = j.size(0), n = x.length;
                double[] flat = j.toDoubleArray();
                double[][] out = new double[m][n];
                for (int i = 0; i < m; i++) System.arraycopy(flat, i * n, out[i], 0, n);
                return out;
            }
        };
    }
}
