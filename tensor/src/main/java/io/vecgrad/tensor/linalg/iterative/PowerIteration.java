package io.vecgrad.tensor.linalg.iterative;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.Arrays;

/**
 * Power iteration for the eigenvalue of largest magnitude of a square operator (PyHessian's
 * top-eigenvalue routine): {@code v ← A·v / ‖A·v‖}, eigenvalue estimate the Rayleigh quotient
 * {@code vᵀA·v}. Stops when successive estimates differ by at most {@code rtol·|λ|}. The
 * convergence rate is |λ₂/λ₁| per step; use {@link Lanczos} when that ratio is close to 1.
 *
 * <pre>{@code
 * PowerIteration.Result top = PowerIteration.run(hessian, 100, 1e-6, new Rng(0));
 * double lambdaMax = top.eigenvalue();
 * }</pre>
 */
public final class PowerIteration {
    private PowerIteration() {}

    /**
     * @param eigenvalue the final Rayleigh quotient
     * @param vector     the unit eigenvector estimate (operator's dtype)
     * @param iterations products with A spent
     * @param converged  whether the relative change fell below rtol
     * @param history    the Rayleigh quotient after each iteration
     */
    public record Result(double eigenvalue, Tensor vector, int iterations, boolean converged, double[] history) {}

    /** From a Gaussian start vector drawn from {@code rng.split("power/start")}. */
    public static Result run(LinearOperator a, int maxIter, double rtol, Rng rng) {
        return run(a, maxIter, rtol, rng.split("power/start").normal(DType.FLOAT64, 0, 1, a.rows()));
    }

    public static Result run(LinearOperator a, int maxIter, double rtol, Tensor start) {
        Krylov.checkSteps("powerIteration", "maxIter", maxIter);
        if (!(rtol >= 0)) throw new IllegalArgumentException("powerIteration: rtol must be ≥ 0, got " + rtol);
        if (a.rows() != a.cols()) throw new IllegalArgumentException("powerIteration: operator must be square, got " + a.rows() + "x" + a.cols());
        int n = a.rows();
        if (start.dim() != 1 || start.size(0) != n) {
            throw new IllegalArgumentException("powerIteration: start vector of shape " + Arrays.toString(start.shape()) + " for an operator " + n + "x" + n);
        }
        Krylov ops = Krylov.setup("powerIteration", a, Tensor.zeros(DType.FLOAT64, n), SolveOptions.defaults());
        double[] v = start.toDoubleArray();
        Krylov.checkFinite("powerIteration: start vector", v);
        double vn = Krylov.norm(v);
        if (vn == 0) throw new IllegalArgumentException("powerIteration: start vector is zero");
        Krylov.scale(1 / vn, v);
        double[] history = new double[maxIter];
        double lambda = Double.NaN;
        for (int it = 1; it <= maxIter; it++) {
            double[] av = ops.apply(v);
            double next = Krylov.dot(v, av);
            history[it - 1] = next;
            double avn = Krylov.norm(av);
            boolean converged = it > 1 && Math.abs(next - lambda) <= rtol * Math.abs(next);
            lambda = next;
            if (avn == 0) return new Result(0, Tensor.wrap(v, n).to(a.dtype()), it, true, Arrays.copyOf(history, it));
            Krylov.scale(1 / avn, av);
            v = av;
            if (converged) return new Result(lambda, Tensor.wrap(v, n).to(a.dtype()), it, true, Arrays.copyOf(history, it));
        }
        return new Result(lambda, Tensor.wrap(v, n).to(a.dtype()), maxIter, false, history);
    }
}
