package io.vecgrad.optim.online;

/**
 * One round's loss f_t of online convex optimization: its value and gradient at the played point.
 *
 * <pre>{@code
 * OnlineLoss f = QuadraticLoss.linear(new double[] {1, 0});
 * double[] g = f.gradient(new double[] {0.5, 0.5});
 * }</pre>
 */
public interface OnlineLoss {
    double value(double[] x);

    double[] gradient(double[] x);
}
