package io.vecgrad.optim.zeroth;

import io.vecgrad.tensor.random.Rng;

/**
 * Regenerable Gaussian perturbation directions for shared-randomness SPSA (P63): the direction of
 * (step, worker, sample) is the standard normal stream of {@code Rng(seed)} split by
 * {@code "spsa/perturbation"}, then by step, worker and sample. Any worker holding the shared seed
 * regenerates any other worker's direction bitwise, so directions are never sent. This is the SPSA
 * stream only; the package's general perturbation-stream utility may later replace it.
 *
 * <pre>{@code
 * SpsaPerturbations z = new SpsaPerturbations(42);
 * double[] dir = z.direction(7, 2, 0, 10);    // step 7, worker 2, sample 0, 10 coordinates
 * z.addScaled(theta, 1e-3, 7, 2, 0);          // theta += 1e-3 · dir, without storing dir
 * }</pre>
 */
public final class SpsaPerturbations {
    private final long seed;
    private final Rng root;

    public SpsaPerturbations(long seed) {
        this.seed = seed;
        this.root = new Rng(seed).split("spsa/perturbation");
    }

    public long seed() {
        return seed;
    }

    /** The stream of (step, worker, sample): a pure function of the seed and the three indices. */
    public Rng stream(long step, int worker, int sample) {
        if (step < 0 || worker < 0 || sample < 0) {
            throw new IllegalArgumentException("SpsaPerturbations.stream: step, worker and sample must be >= 0, got " + step + ", " + worker + ", " + sample);
        }
        return root.split(step).split(worker).split(sample);
    }

    /** Writes the direction of (step, worker, sample) into {@code z} (its length is the dimension). */
    public void fill(long step, int worker, int sample, double[] z) {
        Rng r = stream(step, worker, sample);
        for (int i = 0; i < z.length; i++) z[i] = r.nextGaussian();
    }

    /** A fresh array holding the direction of (step, worker, sample) with {@code dim} coordinates. */
    public double[] direction(long step, int worker, int sample, int dim) {
        if (dim < 1) throw new IllegalArgumentException("SpsaPerturbations.direction: dimension must be >= 1, got " + dim);
        double[] z = new double[dim];
        fill(step, worker, sample, z);
        return z;
    }

    /** In place {@code theta += scale · z(step, worker, sample)}, regenerating z coordinate by coordinate (no storage). */
    public void addScaled(double[] theta, double scale, long step, int worker, int sample) {
        Rng r = stream(step, worker, sample);
        for (int i = 0; i < theta.length; i++) theta[i] += scale * r.nextGaussian();
    }
}
