package io.vecgrad.optim.zeroth;

import io.vecgrad.tensor.random.Rng;
import java.util.function.ToDoubleFunction;

/**
 * Seeded, regenerable Gaussian perturbations for zeroth-order methods. The perturbation for
 * (step, index) is drawn from a stream derived from (seed, purpose, step, index) only, so it can
 * be regenerated anywhere — by another worker that knows the seed, or by a replay — instead of
 * being stored or sent, and adding draws in one place never shifts another stream (the
 * "seeded random streams" rule of the distributed/zeroth-order spec).
 *
 * <p>Also here: the in-place perturb / exact restore of a flat vector, and the central-difference
 * estimate of the directional derivative {@code (f(x + μz) − f(x − μz)) / 2μ}.
 *
 * <pre>{@code
 * PerturbationStream s = PerturbationStream.of(42, "hill-climbing");
 * double[] z = s.gaussian(7, 0, 10);            // the same 10 numbers every time for (42, "hill-climbing", 7, 0)
 * double[] x = new double[10];
 * PerturbationStream.Restore r = PerturbationStream.perturbInPlace(x, 0.1, z);
 * r.restore();                                  // x is bitwise what it was
 * }</pre>
 */
public final class PerturbationStream {
    private final Rng root;

    private PerturbationStream(Rng root) {
        this.root = root;
    }

    /** The stream family of a seed and a purpose (e.g. the method's name). */
    public static PerturbationStream of(long seed, String purpose) {
        return new PerturbationStream(new Rng(seed).split(purpose));
    }

    /** The independent random stream of (step, index); a fresh object each call, always starting at the same draw. */
    public Rng rng(long step, long index) {
        return root.split(step).split(index);
    }

    /** A standard-normal vector of length {@code dim} for (step, index). */
    public double[] gaussian(long step, long index, int dim) {
        if (dim < 0) throw new IllegalArgumentException("PerturbationStream.gaussian: dimension must be >= 0, got " + dim);
        double[] z = new double[dim];
        fillGaussian(step, index, z);
        return z;
    }

    /** Fills {@code out} with the standard-normal vector of (step, index). */
    public void fillGaussian(long step, long index, double[] out) {
        Rng r = rng(step, index);
        for (int i = 0; i < out.length; i++) out[i] = r.nextGaussian();
    }

    /** Fills {@code out} with uniform numbers in [lo, hi) for (step, index). */
    public void fillUniform(long step, long index, double lo, double hi, double[] out) {
        if (!(hi >= lo)) throw new IllegalArgumentException("PerturbationStream.fillUniform: need lo <= hi, got [" + lo + ", " + hi + ")");
        Rng r = rng(step, index);
        for (int i = 0; i < out.length; i++) out[i] = lo + (hi - lo) * r.nextDouble();
    }

    /** Undoes one {@link #perturbInPlace} exactly (it copies the saved values back, no subtraction). */
    @FunctionalInterface
    public interface Restore {
        void restore();
    }

    /** {@code x += scale·z} in place; the returned handle restores {@code x} bitwise. */
    public static Restore perturbInPlace(double[] x, double scale, double[] z) {
        requireSameLength("perturbInPlace", x, z);
        double[] saved = x.clone();
        for (int i = 0; i < x.length; i++) x[i] += scale * z[i];
        return () -> System.arraycopy(saved, 0, x, 0, x.length);
    }

    /**
     * Central-difference estimate of the directional derivative {@code ∇f(x)·z}:
     * {@code (f(x + μz) − f(x − μz)) / (2μ)}. Two evaluations; {@code x} is perturbed in place and
     * restored bitwise before returning.
     */
    public static double centralDifference(ToDoubleFunction<double[]> f, double[] x, double[] z, double mu) {
        if (!(mu > 0)) throw new IllegalArgumentException("PerturbationStream.centralDifference: mu must be > 0, got " + mu);
        Restore plus = perturbInPlace(x, mu, z);
        double fp = f.applyAsDouble(x);
        plus.restore();
        Restore minus = perturbInPlace(x, -mu, z);
        double fm = f.applyAsDouble(x);
        minus.restore();
        return (fp - fm) / (2 * mu);
    }

    static void requireSameLength(String op, double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("PerturbationStream." + op + ": vector of length " + a.length + " and perturbation of length " + b.length);
    }
}
