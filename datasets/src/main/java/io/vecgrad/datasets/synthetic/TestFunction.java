package io.vecgrad.datasets.synthetic;

import io.vecgrad.tensor.Tensor;

/**
 * A deterministic objective with a known minimum, for optimizer tests: value and gradient in
 * plain tensor math (no autodiff), the minimizer and the minimum value. Inputs are 1-D
 * FLOAT64 tensors of length {@link #dimension()}.
 *
 * <pre>{@code
 * TestFunction f = TestFunctions.rosenbrock(2);
 * Tensor x = Tensor.of(new double[] {-1.2, 1});
 * for (int t = 0; t < 10000; t++) x = x.sub(f.gradient(x).mul(1e-3));
 * double gap = f.value(x) - f.minimum();
 * }</pre>
 */
public interface TestFunction {
    /** Number of variables. */
    int dimension();

    double value(Tensor x);

    Tensor gradient(Tensor x);

    /** A global minimizer. */
    Tensor minimizer();

    /** The global minimum value. */
    double minimum();

    /** A short name for reports, e.g. "rosenbrock-10". */
    String name();
}
