package io.vecgrad.optim.zeroth;

import java.util.Arrays;

/**
 * What every derivative-free method here returns, in SciPy's {@code OptimizeResult} spirit: the
 * best point seen, its value, how many times {@code f} was evaluated, the iteration count, why it
 * stopped, and the best value after each iteration.
 *
 * <pre>{@code
 * ZerothOrderResult r = CmaEs.minimize(TestFunctions::rosenbrock, new double[] {0, 0}, 0.5, 7);
 * System.out.println(r.value() + " after " + r.evaluations() + " evaluations: " + r.reason());
 * }</pre>
 *
 * @param x the best point seen (a copy)
 * @param value {@code f(x)}
 * @param evaluations number of objective evaluations
 * @param iterations number of iterations (generations, simplex steps, particle steps)
 * @param reason why the method stopped, e.g. {@code "xatol and fatol reached"}
 * @param history best value seen after each iteration
 */
public record ZerothOrderResult(double[] x, double value, long evaluations, int iterations, String reason, double[] history) {
    public ZerothOrderResult {
        x = x.clone();
        history = history.clone();
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] history() {
        return history.clone();
    }

    @Override
    public String toString() {
        return "ZerothOrderResult[value=" + value + ", evaluations=" + evaluations + ", iterations=" + iterations + ", reason=" + reason
                + ", x=" + Arrays.toString(x) + "]";
    }
}
