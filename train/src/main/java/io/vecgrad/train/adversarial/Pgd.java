package io.vecgrad.train.adversarial;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;

/**
 * Projected gradient ascent on the loss over an ε-ball around each example (Madry et al. 2018),
 * and FGSM as its one-step special case (Goodfellow et al. 2015). Spec: papers/solvers.md P16.
 *
 * <pre>
 * L∞:  x⁰ = Π(x + U(−ε, ε)^d) (random start) or x;   x^{k+1} = Π(x^k + α·sign(∇ₓℓ))
 * L2:  x⁰ = Π(x + ε·z/‖z‖), z ~ N(0, I) (random start) or x;   x^{k+1} = Π(x^k + α·∇ₓℓ/‖∇ₓℓ‖₂)
 * Π(u) = clip_[lo,hi](x + δ(u − x)),  δ = clamp to [−ε, ε] (L∞) or radial shrink to ‖·‖₂ ≤ ε (L2)
 * </pre>
 *
 * Norms, balls and the random start are per example (each row of the batch has its own ball).
 * The step, the projection (ball, then the data range) and the random starts follow
 * {@code robustness/attack_steps.py} of MadryLab/robustness (LinfStep, L2Step; the L2 random
 * start on the sphere of radius ε); where that code adds 1e-10 to a zero gradient norm, an
 * example with a zero gradient here simply does not move. Because x lies in [lo, hi], clipping
 * after the ball projection only moves coordinates towards x, so the iterate stays in the ball:
 * every iterate lies in B(x, ε) ∩ [lo, hi]. The last iterate is returned (the robustness
 * library's default). Arithmetic is done in float64 and the result rounded to x's dtype.
 *
 * <p>The gradient is the objective's (a batch mean), so its scale is 1/N of each example's
 * own; the sign and the normalized L2 step do not depend on that scale.
 *
 * <pre>{@code
 * Pgd attack = Pgd.linf(0.3, 0.01, 40).clip(0, 1);             // Madry's MNIST setting
 * Tensor xAdv = attack.perturb(AttackObjective.of(model), x, y, new Rng(7));
 * Tensor xFgsm = Pgd.fgsm(0.3).clip(0, 1).perturb(AttackObjective.of(model), x, y, null);
 * }</pre>
 */
public final class Pgd implements Attack {
    /** The perturbation set's norm. */
    public enum Norm {
        LINF,
        L2
    }

    private final Norm norm;
    private final double epsilon;
    private final double stepSize;
    private final int steps;
    private final boolean randomStart;
    private final double lo;
    private final double hi;

    private Pgd(Norm norm, double epsilon, double stepSize, int steps, boolean randomStart, double lo, double hi) {
        if (!(epsilon >= 0) || !(stepSize >= 0) || steps < 0) {
            throw new IllegalArgumentException("Pgd: need epsilon >= 0, stepSize >= 0, steps >= 0; got epsilon "
                    + epsilon + ", stepSize " + stepSize + ", steps " + steps);
        }
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("Pgd: data range [" + lo + ", " + hi + "] is empty");
        }
        this.norm = norm;
        this.epsilon = epsilon;
        this.stepSize = stepSize;
        this.steps = steps;
        this.randomStart = randomStart;
        this.lo = lo;
        this.hi = hi;
    }

    /** L∞ PGD with a random start and no data range: radius ε, step α, K steps. */
    public static Pgd linf(double epsilon, double stepSize, int steps) {
        return new Pgd(Norm.LINF, epsilon, stepSize, steps, true, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** L2 PGD with a random start and no data range: radius ε, step α, K steps. */
    public static Pgd l2(double epsilon, double stepSize, int steps) {
        return new Pgd(Norm.L2, epsilon, stepSize, steps, true, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** FGSM: {@code x + ε·sign(∇ₓℓ)}, one L∞ step of size ε from x (no random start). */
    public static Pgd fgsm(double epsilon) {
        return new Pgd(Norm.LINF, epsilon, epsilon, 1, false, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** The same attack with every iterate clipped to the data range [lo, hi] (e.g. pixels in [0, 1]). */
    public Pgd clip(double lo, double hi) {
        return new Pgd(norm, epsilon, stepSize, steps, randomStart, lo, hi);
    }

    /** The same attack with or without its random start. */
    public Pgd randomStart(boolean on) {
        return new Pgd(norm, epsilon, stepSize, steps, on, lo, hi);
    }

    /** The same attack with another number of steps. */
    public Pgd steps(int k) {
        return new Pgd(norm, epsilon, stepSize, k, randomStart, lo, hi);
    }

    public Norm norm() {
        return norm;
    }

    public double epsilon() {
        return epsilon;
    }

    public double stepSize() {
        return stepSize;
    }

    public int steps() {
        return steps;
    }

    /** The data range's lower end (−∞ when not clipped). */
    public double lower() {
        return lo;
    }

    /** The data range's upper end (+∞ when not clipped). */
    public double upper() {
        return hi;
    }

    /** {@inheritDoc} With a random start {@code rng} must not be null. */
    @Override
    public Tensor perturb(AttackObjective objective, Tensor x, Tensor y, Rng rng) {
        double[] x0 = x.toDoubleArray();
        int n = x.shape()[0];
        int d = n == 0 ? 0 : x0.length / n;
        double[] xk = x0.clone();
        if (randomStart) {
            if (rng == null) {
                throw new IllegalArgumentException("Pgd: a random start needs an rng (or use randomStart(false))");
            }
            randomPoint(x0, xk, n, d, rng);
        }
        for (int k = 0; k < steps; k++) {
            Tensor current = Tensor.wrap(xk, x.shape()).to(x.dtype());
            double[] g = Autodiff.grad(v -> objective.loss(v, y), current).toDoubleArray();
            step(x0, current.toDoubleArray(), g, xk, n, d);
        }
        return Tensor.wrap(xk, x.shape()).to(x.dtype());
    }

    /** x^{k+1} = Π(x^k + α·direction(g)), written into {@code out}. */
    private void step(double[] x0, double[] xk, double[] g, double[] out, int n, int d) {
        for (int i = 0; i < n; i++) {
            int o = i * d;
            double scale = 1;
            if (norm == Norm.L2) {
                double gn = norm2(g, o, d, null, 0);
                scale = gn > 0 ? 1 / gn : 0;
            }
            for (int j = o; j < o + d; j++) {
                double dir = norm == Norm.LINF ? Math.signum(g[j]) : g[j] * scale;
                out[j] = xk[j] + stepSize * dir;
            }
            project(x0, out, o, d);
        }
    }

    /** The random start x⁰, projected like every iterate. */
    private void randomPoint(double[] x0, double[] out, int n, int d, Rng rng) {
        for (int i = 0; i < n; i++) {
            int o = i * d;
            if (norm == Norm.LINF) {
                for (int j = o; j < o + d; j++) {
                    out[j] = x0[j] + epsilon * (2 * rng.nextDouble() - 1);
                }
            } else {
                double[] z = new double[d];
                for (int j = 0; j < d; j++) {
                    z[j] = rng.nextGaussian();
                }
                double zn = norm2(z, 0, d, null, 0);
                for (int j = 0; j < d; j++) {
                    out[o + j] = x0[o + j] + (zn > 0 ? epsilon * z[j] / zn : 0);
                }
            }
            project(x0, out, o, d);
        }
    }

    /** Row {@code [o, o+d)} of u ← clip_[lo,hi](x + δ(u − x)). */
    private void project(double[] x0, double[] u, int o, int d) {
        double shrink = 1;
        if (norm == Norm.L2) {
            double r = norm2(u, o, d, x0, o);
            shrink = r > epsilon ? epsilon / r : 1;
        }
        for (int j = o; j < o + d; j++) {
            double delta = u[j] - x0[j];
            delta = norm == Norm.LINF ? Math.max(-epsilon, Math.min(epsilon, delta)) : delta * shrink;
            u[j] = Math.max(lo, Math.min(hi, x0[j] + delta));
        }
    }

    /** ‖a[o..o+d) − b[p..p+d)‖₂ (b null: ‖a[o..o+d)‖₂), summed in index order. */
    static double norm2(double[] a, int o, int d, double[] b, int p) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            double v = b == null ? a[o + j] : a[o + j] - b[p + j];
            s += v * v;
        }
        return Math.sqrt(s);
    }

    @Override
    public String toString() {
        return "Pgd[" + norm + ", eps=" + epsilon + ", step=" + stepSize + ", steps=" + steps
                + (randomStart ? ", random start" : "") + (lo > Double.NEGATIVE_INFINITY || hi < Double.POSITIVE_INFINITY
                        ? ", clip [" + lo + ", " + hi + "]" : "") + "]";
    }
}
