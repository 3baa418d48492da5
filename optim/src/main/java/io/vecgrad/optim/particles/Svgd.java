package io.vecgrad.optim.particles;

/**
 * Stein variational gradient descent (Liu and Wang, NeurIPS 2016), as the reference code
 * {@code svgd.py} (github.com/DartML/Stein-Variational-Gradient-Descent) computes it, with the
 * annealing of A-SVGD (D'Angelo and Fortuin, arXiv:2101.09815):
 *
 * <pre>
 *   φ(x_i) = (1/n) Σ_j [ γ(t) k(x_j, x_i) ∇log p(x_j) + ∇_{x_j} k(x_j, x_i) ]
 *   k = exp(−‖x − y‖² / bw),  ∇_{x_j} k(x_j, x_i) = (2/bw)(x_i − x_j) k        (repulsion)
 *   x_i ← x_i + ε φ(x_i)           (CONSTANT)
 *   x_i ← x_i + ε φ / (1e-6 + √hist),  hist = φ² first, then 0.9 hist + 0.1 φ²   (ADAGRAD, the reference code's)
 * </pre>
 *
 * The bandwidth is the median heuristic of {@link RbfKernel}, recomputed every step, unless a fixed
 * one is given. With one particle the repulsion vanishes and SVGD is gradient ascent on log p;
 * with γ ≡ 1 ({@link Annealing#none()}) it is plain SVGD. Deterministic: no random draws.
 *
 * <pre>{@code
 * Target t = GaussianMixture.isotropic(new double[] {0.5, 0.5}, new double[][] {{-3}, {3}}, 1);
 * Svgd svgd = new Svgd(t, initial, Svgd.Config.reference(0.05, 500));
 * double[][] samples = svgd.run();
 * }</pre>
 */
public final class Svgd {
    /** How φ becomes a step. */
    public enum StepRule { CONSTANT, ADAGRAD }

    /**
     * @param stepSize ε
     * @param rule {@link StepRule}
     * @param bandwidth fixed {@code bw = 2h²}, or ≤ 0 for the median heuristic each step
     * @param annealing γ(t)
     * @param iterations steps of {@link #run()}
     */
    public record Config(double stepSize, StepRule rule, double bandwidth, Annealing annealing, int iterations) {
        public Config {
            if (!(stepSize > 0)) throw new IllegalArgumentException("Svgd.Config: stepSize must be > 0, got " + stepSize);
            if (iterations < 0) throw new IllegalArgumentException("Svgd.Config: iterations must be >= 0, got " + iterations);
        }

        /** The reference code's update: AdaGrad with momentum 0.9, median bandwidth, no annealing. */
        public static Config reference(double stepSize, int iterations) {
            return new Config(stepSize, StepRule.ADAGRAD, -1, Annealing.none(), iterations);
        }

        public Config withAnnealing(Annealing a) {
            return new Config(stepSize, rule, bandwidth, a, iterations);
        }

        public Config withRule(StepRule r) {
            return new Config(stepSize, r, bandwidth, annealing, iterations);
        }

        public Config withBandwidth(double bw) {
            return new Config(stepSize, rule, bw, annealing, iterations);
        }
    }

    private final Target target;
    private final Config c;
    private final double[][] x;
    private double[][] hist;
    private int t;

    /** Starts from {@code x0} (copied; {@code x0[i]} is particle i). */
    public Svgd(Target target, double[][] x0, Config c) {
        if (x0.length == 0) throw new IllegalArgumentException("Svgd: no particles");
        for (double[] p : x0) {
            if (p.length != target.dim()) throw new IllegalArgumentException("Svgd: particle of dimension " + p.length + ", target of dimension " + target.dim());
        }
        this.target = target;
        this.c = c;
        this.x = new double[x0.length][];
        for (int i = 0; i < x0.length; i++) x[i] = x0[i].clone();
    }

    /**
     * The annealed SVGD direction {@code φ(x_i)} for every particle, given the scores {@code s} and
     * the bandwidth {@code bw} (≤ 0: median heuristic).
     */
    public static double[][] direction(double[][] x, double[][] s, double bw, double gamma) {
        int n = x.length, d = x[0].length;
        double[][] d2 = RbfKernel.squaredDistances(x);
        double h = bw > 0 ? bw : RbfKernel.medianBandwidthOfDistances(d2);
        double[][] phi = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double k = Math.exp(-d2[i][j] / h), rep = 2 * k / h;
                for (int m = 0; m < d; m++) phi[i][m] += gamma * k * s[j][m] + rep * (x[i][m] - x[j][m]);
            }
            for (int m = 0; m < d; m++) phi[i][m] /= n;
        }
        return phi;
    }

    /** One SVGD step. */
    public void step() {
        double[][] phi = direction(x, target.scores(particles()), c.bandwidth(), c.annealing().gamma(t));
        int d = x[0].length;
        if (c.rule() == StepRule.ADAGRAD && hist == null) {
            hist = new double[x.length][d];
            for (int i = 0; i < x.length; i++) for (int m = 0; m < d; m++) hist[i][m] = phi[i][m] * phi[i][m];
        } else if (c.rule() == StepRule.ADAGRAD) {
            for (int i = 0; i < x.length; i++) for (int m = 0; m < d; m++) hist[i][m] = 0.9 * hist[i][m] + 0.1 * phi[i][m] * phi[i][m];
        }
        for (int i = 0; i < x.length; i++) {
            for (int m = 0; m < d; m++) {
                double step = c.rule() == StepRule.ADAGRAD ? phi[i][m] / (1e-6 + Math.sqrt(hist[i][m])) : phi[i][m];
                x[i][m] += c.stepSize() * step;
            }
        }
        t++;
    }

    /** Runs the configured number of steps and returns the particles. */
    public double[][] run() {
        for (int k = 0; k < c.iterations(); k++) step();
        return particles();
    }

    /** Copies of the particles. */
    public double[][] particles() {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) out[i] = x[i].clone();
        return out;
    }

    /** Steps taken so far. */
    public int steps() {
        return t;
    }
}
