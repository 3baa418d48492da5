package io.vecgrad.optim.zeroth;

import io.vecgrad.tensor.random.Rng;
import java.util.function.ToDoubleFunction;

/**
 * P53 consensus-based optimization (Riedl, Klock, Geldhauser, Fornasier, "Gradient is All You
 * Need?", arXiv:2306.09778), with the update, parameter names and defaults of CBXpy
 * ({@code cbx.dynamics.CBO} over {@code CBXDynamic}): N particles drift toward the consensus point
 * {@code c = Σ x_i e^{−α f(x_i)} / Σ e^{−α f(x_i)}} (computed with log-sum-exp) and diffuse with
 * noise proportional to their distance from it:
 *
 * <pre>
 *   x_i ← x_i − λ dt (x_i − c) + σ √dt · D(x_i − c) ξ_i,  ξ_i ~ N(0, I_d)
 *   isotropic:   D(u) ξ = ‖u‖₂ ξ            (CBXpy {@code noise='isotropic'})
 *   anisotropic: D(u) ξ = u ⊙ ξ             (CBXpy {@code noise='anisotropic'})
 * </pre>
 *
 * The noise carries no √2 (CBXpy's convention; ConsensusBasedX.jl writes √2σ). After each step α
 * is multiplied by {@code alphaFactor} up to {@code alphaMax} (CBXpy's default scheduler
 * {@code multiply(name='alpha', factor=1.05)} with maximum 1e5). Particle batches follow CBXpy's
 * {@code batch_args}: each step uses the next {@code batchSize} indices of a random permutation
 * (a new permutation when fewer remain); the consensus is computed over the batch, and with
 * {@code batchPartial} only the batch particles move (otherwise all move toward the batch
 * consensus). The result's point is the best particle ever evaluated (CBXpy's
 * {@code best_particle}); {@link #consensus()} gives the last consensus point.
 *
 * <p>Defaults ({@link Config#defaults()}, CBXpy): N = 20, dt = 0.01, λ = 1, σ = 5.1, α = 1,
 * isotropic, no batching, 1000 iterations, particles uniform in [−1, 1]^d. Zeroth order: only
 * {@code f} is evaluated. Random draws come from {@link PerturbationStream} (seed, "cbo", step,
 * particle), so runs are bitwise deterministic per seed.
 *
 * <pre>{@code
 * Cbo.Config c = Cbo.Config.defaults().withParticles(200).withAlpha(1e3).withNoise(Cbo.Noise.ANISOTROPIC)
 *         .withSigma(1).withDomain(-3, 3).withIterations(2000);
 * ZerothOrderResult r = Cbo.minimize(TestFunctions::rastrigin, 10, c, 1);
 * }</pre>
 */
public final class Cbo {
    /** CBXpy's two noise models. */
    public enum Noise { ISOTROPIC, ANISOTROPIC }

    /**
     * CBO parameters (CBXpy names in brackets).
     *
     * @param particles N [{@code N}]
     * @param dt time step [{@code dt}]
     * @param lambda drift rate [{@code lamda}]
     * @param sigma noise scale [{@code sigma}]
     * @param alpha initial inverse temperature [{@code alpha}]
     * @param alphaFactor α multiplier after each step (1 = constant) [{@code multiply(factor)}]
     * @param alphaMax cap on α [{@code multiply(maximum)}]
     * @param noise noise model [{@code noise}]
     * @param batchSize particles per step, N = no batching [{@code batch_args.size}]
     * @param batchPartial only batch particles move [{@code batch_args.partial}]
     * @param iterations number of steps [{@code max_it}]
     * @param xMin lower end of the uniform initial box [{@code x_min}]
     * @param xMax upper end of the uniform initial box [{@code x_max}]
     */
    public record Config(int particles, double dt, double lambda, double sigma, double alpha, double alphaFactor, double alphaMax, Noise noise,
            int batchSize, boolean batchPartial, int iterations, double xMin, double xMax) {
        public Config {
            if (particles < 1) throw new IllegalArgumentException("Cbo.Config: particles must be >= 1, got " + particles);
            if (!(dt > 0)) throw new IllegalArgumentException("Cbo.Config: dt must be > 0, got " + dt);
            if (!(sigma >= 0) || !(lambda >= 0)) throw new IllegalArgumentException("Cbo.Config: sigma and lambda must be >= 0, got sigma=" + sigma + ", lambda=" + lambda);
            if (!(alpha >= 0) || !(alphaFactor > 0) || !(alphaMax >= 0)) {
                throw new IllegalArgumentException("Cbo.Config: need alpha >= 0, alphaFactor > 0, alphaMax >= 0, got " + alpha + ", " + alphaFactor + ", " + alphaMax);
            }
            if (batchSize < 1) throw new IllegalArgumentException("Cbo.Config: batchSize must be >= 1, got " + batchSize);
            if (iterations < 0) throw new IllegalArgumentException("Cbo.Config: iterations must be >= 0, got " + iterations);
            if (!(xMax >= xMin)) throw new IllegalArgumentException("Cbo.Config: need xMin <= xMax, got [" + xMin + ", " + xMax + "]");
            batchSize = Math.min(batchSize, particles);
        }

        /** CBXpy's defaults (see the class comment). */
        public static Config defaults() {
            return new Config(20, 0.01, 1.0, 5.1, 1.0, 1.05, 1e5, Noise.ISOTROPIC, 20, true, 1000, -1, 1);
        }

        public Config withParticles(int n) {
            return new Config(n, dt, lambda, sigma, alpha, alphaFactor, alphaMax, noise, batchSize == particles ? n : batchSize, batchPartial, iterations, xMin, xMax);
        }

        public Config withDt(double v) {
            return new Config(particles, v, lambda, sigma, alpha, alphaFactor, alphaMax, noise, batchSize, batchPartial, iterations, xMin, xMax);
        }

        public Config withLambda(double v) {
            return new Config(particles, dt, v, sigma, alpha, alphaFactor, alphaMax, noise, batchSize, batchPartial, iterations, xMin, xMax);
        }

        public Config withSigma(double v) {
            return new Config(particles, dt, lambda, v, alpha, alphaFactor, alphaMax, noise, batchSize, batchPartial, iterations, xMin, xMax);
        }

        /** A constant α (no annealing). */
        public Config withAlpha(double v) {
            return new Config(particles, dt, lambda, sigma, v, 1.0, Math.max(v, alphaMax), noise, batchSize, batchPartial, iterations, xMin, xMax);
        }

        /** α starts at {@code start} and is multiplied by {@code factor} each step up to {@code max}. */
        public Config withAlphaSchedule(double start, double factor, double max) {
            return new Config(particles, dt, lambda, sigma, start, factor, max, noise, batchSize, batchPartial, iterations, xMin, xMax);
        }

        public Config withNoise(Noise v) {
            return new Config(particles, dt, lambda, sigma, alpha, alphaFactor, alphaMax, v, batchSize, batchPartial, iterations, xMin, xMax);
        }

        public Config withBatch(int size, boolean partial) {
            return new Config(particles, dt, lambda, sigma, alpha, alphaFactor, alphaMax, noise, size, partial, iterations, xMin, xMax);
        }

        public Config withIterations(int v) {
            return new Config(particles, dt, lambda, sigma, alpha, alphaFactor, alphaMax, noise, batchSize, batchPartial, v, xMin, xMax);
        }

        public Config withDomain(double lo, double hi) {
            return new Config(particles, dt, lambda, sigma, alpha, alphaFactor, alphaMax, noise, batchSize, batchPartial, iterations, lo, hi);
        }
    }

    private final ToDoubleFunction<double[]> f;
    private final Config c;
    private final int d;
    private final double[][] x;
    private final double[] energy;
    private final PerturbationStream stream;
    private final Rng batchRng;
    private int[] queue = new int[0];
    private int queuePos;
    private double alpha;
    private double[] consensus;
    private double[] best;
    private double bestValue = Double.POSITIVE_INFINITY;
    private long evaluations;
    private int it;

    /** Particles uniform in [xMin, xMax)^d drawn from the seed. */
    public Cbo(ToDoubleFunction<double[]> f, int d, Config c, long seed) {
        this(f, initial(d, c, seed), c, seed);
    }

    /** Explicit initial particles ({@code x0[i]} is particle i; copied). */
    public Cbo(ToDoubleFunction<double[]> f, double[][] x0, Config c, long seed) {
        if (x0.length != c.particles()) throw new IllegalArgumentException("Cbo: " + x0.length + " initial particles for N = " + c.particles());
        this.f = f;
        this.c = c;
        this.d = x0[0].length;
        this.x = new double[x0.length][];
        for (int i = 0; i < x0.length; i++) {
            if (x0[i].length != d) throw new IllegalArgumentException("Cbo: particle " + i + " has dimension " + x0[i].length + ", particle 0 has " + d);
            x[i] = x0[i].clone();
        }
        this.energy = new double[x0.length];
        this.stream = PerturbationStream.of(seed, "cbo");
        this.batchRng = new Rng(seed).split("cbo/batches");
        this.alpha = c.alpha();
        this.consensus = new double[d];
        this.best = x[0].clone();
    }

    private static double[][] initial(int d, Config c, long seed) {
        if (d < 1) throw new IllegalArgumentException("Cbo: dimension must be >= 1, got " + d);
        PerturbationStream s = PerturbationStream.of(seed, "cbo/init");
        double[][] x0 = new double[c.particles()][d];
        for (int i = 0; i < x0.length; i++) s.fillUniform(0, i, c.xMin(), c.xMax(), x0[i]);
        return x0;
    }

    /** Runs CBO from particles uniform in the config's box and returns the best particle seen. */
    public static ZerothOrderResult minimize(ToDoubleFunction<double[]> f, int d, Config c, long seed) {
        return new Cbo(f, d, c, seed).run();
    }

    /**
     * The consensus point {@code Σ w_i x_i / Σ w_i}, {@code w_i = exp(−α (f_i − min f))}, of the particles
     * {@code idx} (all when {@code idx} is null). α = 0 gives the mean; α → ∞ the best particle.
     */
    public static double[] consensus(double[][] x, double[] f, double alpha, int[] idx) {
        int n = idx == null ? x.length : idx.length;
        if (n == 0) throw new IllegalArgumentException("Cbo.consensus: no particles");
        double fmin = Double.POSITIVE_INFINITY;
        for (int k = 0; k < n; k++) fmin = Math.min(fmin, f[idx == null ? k : idx[k]]);
        int d = x[idx == null ? 0 : idx[0]].length;
        double[] v = new double[d];
        double total = 0;
        for (int k = 0; k < n; k++) {
            int i = idx == null ? k : idx[k];
            double w = alpha == 0 ? 1 : Math.exp(-alpha * (f[i] - fmin));
            total += w;
            for (int j = 0; j < d; j++) v[j] += w * x[i][j];
        }
        for (int j = 0; j < d; j++) v[j] /= total;
        return v;
    }

    /** One CBO step (one batch). */
    public void step() {
        int[] batch = nextBatch();
        for (int i : batch) {
            energy[i] = f.applyAsDouble(x[i]);
            evaluations++;
            if (energy[i] < bestValue) {
                bestValue = energy[i];
                best = x[i].clone();
            }
        }
        consensus = consensus(x, energy, alpha, batch);
        double sqdt = Math.sqrt(c.dt()), drift = c.lambda() * c.dt();
        double[] xi = new double[d], u = new double[d];
        int[] moving = c.batchPartial() ? batch : null;
        int count = moving == null ? x.length : moving.length;
        for (int k = 0; k < count; k++) {
            int i = moving == null ? k : moving[k];
            double norm2 = 0;
            for (int j = 0; j < d; j++) {
                u[j] = x[i][j] - consensus[j];
                norm2 += u[j] * u[j];
            }
            stream.fillGaussian(it, i, xi);
            double iso = Math.sqrt(norm2);
            for (int j = 0; j < d; j++) {
                double scale = c.noise() == Noise.ISOTROPIC ? iso : u[j];
                x[i][j] = x[i][j] - drift * u[j] + c.sigma() * sqdt * scale * xi[j];
            }
        }
        alpha = Math.min(alpha * c.alphaFactor(), c.alphaMax());
        it++;
    }

    private int[] nextBatch() {
        int n = x.length, b = c.batchSize();
        if (b == n) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        if (queue.length - queuePos < b) {
            int[] perm = new int[n];
            for (int i = 0; i < n; i++) perm[i] = i;
            for (int i = n - 1; i > 0; i--) {
                int j = batchRng.nextInt(i + 1), t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            queue = perm;
            queuePos = 0;
        }
        int[] out = new int[b];
        System.arraycopy(queue, queuePos, out, 0, b);
        queuePos += b;
        return out;
    }

    /** Runs the configured number of iterations; the result is the best particle evaluated. */
    public ZerothOrderResult run() {
        double[] history = new double[c.iterations()];
        for (int t = 0; t < c.iterations(); t++) {
            step();
            history[t] = bestValue;
        }
        return new ZerothOrderResult(best, bestValue, evaluations, it, c.iterations() + " iterations", history);
    }

    /** The consensus point of the last step (zeros before the first step). */
    public double[] consensus() {
        return consensus.clone();
    }

    /** Copies of the current particles. */
    public double[][] particles() {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) out[i] = x[i].clone();
        return out;
    }

    /** The current α. */
    public double alpha() {
        return alpha;
    }

    /** Objective evaluations so far. */
    public long evaluations() {
        return evaluations;
    }
}
