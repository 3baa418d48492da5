package io.vecgrad.optim.online;

/**
 * A round's loss {@code f(x) = (a/2)‖x‖² + ⟨v, x⟩ + k}: linear losses (a = 0) and isotropic
 * quadratics {@code (a/2)‖x − c‖²}, the families whose best fixed point in hindsight has a closed
 * form on every {@link Domain} (see {@link Hindsight}).
 *
 * <pre>{@code
 * QuadraticLoss f = QuadraticLoss.linear(new double[] {1, -1});
 * QuadraticLoss g = QuadraticLoss.centered(new double[] {0.5, 0.5}, 2);   // (2/2)·‖x − c‖²
 * }</pre>
 */
public record QuadraticLoss(double curvature, double[] linear, double constant) implements OnlineLoss {
    public QuadraticLoss {
        if (!(curvature >= 0)) throw new IllegalArgumentException("QuadraticLoss: curvature must be >= 0, got " + curvature);
        linear = linear.clone();
    }

    /** {@code ⟨g, x⟩}. */
    public static QuadraticLoss linear(double[] g) {
        return new QuadraticLoss(0, g, 0);
    }

    /** {@code (a/2)‖x − c‖²}. */
    public static QuadraticLoss centered(double[] c, double a) {
        double[] v = new double[c.length];
        double k = 0;
        for (int i = 0; i < c.length; i++) {
            v[i] = -a * c[i];
            k += 0.5 * a * c[i] * c[i];
        }
        return new QuadraticLoss(a, v, k);
    }

    @Override
    public double value(double[] x) {
        double s = constant;
        for (int i = 0; i < x.length; i++) s += 0.5 * curvature * x[i] * x[i] + linear[i] * x[i];
        return s;
    }

    @Override
    public double[] gradient(double[] x) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) g[i] = curvature * x[i] + linear[i];
        return g;
    }

    @Override
    public double[] linear() {
        return linear.clone();
    }
}
