package io.vecgrad.optim.newton;

import java.util.Arrays;

/**
 * What every solver of this package returns (SciPy's {@code OptimizeResult} made explicit): the
 * solution, its value and gradient, the iterations, the oracle calls spent (function values,
 * gradients, Hessian-vector products), why it stopped, and per-iteration history for plots.
 *
 * <pre>{@code
 * OptimizeResult r = NewtonCg.minimize(objective, x0, SolverOptions.defaults().gtol(1e-10));
 * if (!r.status().converged()) throw new IllegalStateException(r.message());
 * double[] x = r.x();
 * double[] gnorms = r.gradNormHistory();    // entry 0 at x0, entry k after iteration k
 * }</pre>
 *
 * @param x               the last accepted iterate (the best point found)
 * @param fun             f(x)
 * @param grad            ∇f(x) (the projected gradient's source for bound-constrained solvers)
 * @param iterations      outer iterations performed
 * @param nfev            function evaluations (a value-and-gradient call counts once here and once in {@code njev})
 * @param njev            gradient evaluations
 * @param nhev            Hessian-vector (or Gauss–Newton-vector) products
 * @param status          why it stopped
 * @param message         a sentence naming the test that stopped it, the iteration and the figures
 * @param funHistory      f after each iteration (entry 0: f(x0))
 * @param gradNormHistory ‖∇f‖∞ (projected for bounds) after each iteration (entry 0: at x0)
 */
public record OptimizeResult(double[] x, double fun, double[] grad, int iterations, int nfev, int njev, int nhev,
                             Status status, String message, double[] funHistory, double[] gradNormHistory) {

    /** SciPy's {@code success}. */
    public boolean success() {
        return status.converged();
    }

    @Override
    public String toString() {
        return "OptimizeResult[status=" + status + ", fun=" + fun + ", nit=" + iterations + ", nfev=" + nfev + ", njev=" + njev
                + ", nhev=" + nhev + ", message=" + message + ", x=" + (x.length <= 8 ? Arrays.toString(x) : "[" + x.length + " values]") + "]";
    }
}
