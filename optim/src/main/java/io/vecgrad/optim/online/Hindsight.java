package io.vecgrad.optim.online;

/**
 * The best fixed decision in hindsight for a prefix of {@link QuadraticLoss}es on a {@link
 * Domain}: the sum {@code Σ f_s(x) = (A/2)‖x‖² + ⟨V, x⟩ + K} is kept as three running sums, and its
 * minimizer is {@code Π(−V/A)} when A &gt; 0 (an isotropic quadratic: its constrained minimizer is
 * the projection of the unconstrained one) or the linear minimizer of V when A = 0.
 *
 * <pre>{@code
 * Hindsight h = new Hindsight(Domain.simplex(2));
 * h.add(QuadraticLoss.linear(new double[] {1, 0}));
 * double best = h.bestValue();   // 0, at x = (0, 1)
 * }</pre>
 */
public final class Hindsight {
    private final Domain domain;
    private double a, k;
    private final double[] v;

    public Hindsight(Domain domain) {
        this.domain = domain;
        this.v = new double[domain.dim()];
    }

    public void add(QuadraticLoss f) {
        a += f.curvature();
        k += f.constant();
        double[] l = f.linear();
        for (int i = 0; i < v.length; i++) v[i] += l[i];
    }

    /** The minimizer of the sum so far. */
    public double[] best() {
        if (a > 0) {
            double[] u = new double[v.length];
            for (int i = 0; i < v.length; i++) u[i] = -v[i] / a;
            return domain.project(u);
        }
        return domain.minimizeLinear(v);
    }

    /** {@code min_x Σ_s f_s(x)}. */
    public double bestValue() {
        return new QuadraticLoss(a, v, k).value(best());
    }
}
