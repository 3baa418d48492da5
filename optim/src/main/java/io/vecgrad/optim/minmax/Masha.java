package io.vecgrad.optim.minmax;

import io.vecgrad.optim.compress.VectorCompressor;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * P67 MASHA1 and MASHA2 (Beznosikov, Richtárik, Diskin, Ryabinin and Gasnikov, "Distributed
 * Methods with Compressed Communication for Solving Variational Inequalities, with Theoretical
 * Guarantees", NeurIPS 2022, arXiv:2110.03313): extragradient with a loopless
 * variance-reduction anchor w where the devices send compressed differences {@code F_m(z^{k+½}) −
 * F_m(w^k)}. No reference code is known; the lines below are the spec's [reconstructed] form,
 * built on the loopless extragradient of Alacaoglu and Malitsky ("Stochastic Variance Reduction
 * for Variational Inequality Methods", COLT 2022, Algorithm 1), whose structure the paper's text
 * describes:
 *
 * <pre>
 * init  w⁰ = z⁰; devices send F_m(w⁰) dense; the server forms F(w⁰)
 * loop  z̄ = τz + (1−τ)w
 *       z^{k+½} = Π(z̄ − γF(w))                                   (no communication)
 *       MASHA1: device m sends Q_m(F_m(z^{k+½}) − F_m(w))           Q unbiased (Rand-k)
 *               z^{k+1} = Π(z̄ − γ[F(w) + (1/M) Σ_m Q_m(·)])
 *       MASHA2: Δ_m = e_m + γ(F_m(z^{k+½}) − F_m(w)); sends C(Δ_m); e_m ← Δ_m − C(Δ_m)   (error feedback, C contractive: Top-k)
 *               z^{k+1} = Π(z̄ − γF(w) − (1/M) Σ_m C(Δ_m))             (the paper's analysis: Π = identity)
 *       with probability 1 − τ: w ← z^{k+1} and every device sends F_m(w) dense
 * </pre>
 *
 * The server broadcasts one dense vector per iteration (and F(w) after a refresh). Defaults
 * [reconstructed]: {@link #defaultTau} sets {@code 1 − τ = 1/(1 + ω)} (= k/d for Rand-k, so the
 * expected cost of the dense refreshes matches that of the compressed messages) and {@link
 * #defaultStep} {@code γ = ½·√(1−τ)/L̃} with {@code L̃² = (1 + ω/M)·(1/M) Σ_m L_m²}, the
 * Alacaoglu–Malitsky step {@code γ√(1−α)/L} with their γ = ½ and L the mean-square Lipschitz
 * constant of the compressed estimator. Randomness (Rand-k subsets, the anchor coin) comes from
 * {@code new Rng(seed).split(k)}: same seed, same run.
 *
 * <pre>{@code
 * int d = game.dim();
 * VectorCompressor q = VectorCompressor.randK(d / 10);
 * double tau = Masha.defaultTau(q, d);
 * double gamma = Masha.defaultStep(tau, q.omega(d), game.deviceCount(), game.meanSquareLipschitz());
 * MinMaxResult r = Masha.masha1(q, gamma, tau, 7).solve(game.devices(), new double[d], VIOptions.iterations(5000).metric(game::gap));
 * }</pre>
 */
public final class Masha implements VIMethod {
    private final boolean errorFeedback;
    private final VectorCompressor compressor;
    private final double step, tau;
    private final long seed;

    private Masha(boolean errorFeedback, VectorCompressor compressor, double step, double tau, long seed) {
        if (!(step > 0)) throw new IllegalArgumentException("Masha: step must be > 0, got " + step);
        if (!(tau >= 0 && tau < 1)) throw new IllegalArgumentException("Masha: tau must be in [0, 1), got " + tau);
        this.errorFeedback = errorFeedback;
        this.compressor = compressor;
        this.step = step;
        this.tau = tau;
        this.seed = seed;
    }

    /** MASHA1: an unbiased compressor (e.g. {@link VectorCompressor#randK}) on the operator differences. */
    public static Masha masha1(VectorCompressor unbiased, double step, double tau, long seed) {
        return new Masha(false, unbiased, step, tau, seed);
    }

    /** MASHA2: a contractive compressor (e.g. {@link VectorCompressor#topK}) with error feedback. */
    public static Masha masha2(VectorCompressor contractive, double step, double tau, long seed) {
        return new Masha(true, contractive, step, tau, seed);
    }

    /**
     * τ with {@code 1 − τ = 1/(1 + ω)} [reconstructed]; for a biased compressor ω is taken as that of
     * Rand-k with the same message size, {@code d/k − 1}, i.e. {@code 1 − τ = k/d} by bits.
     */
    public static double defaultTau(VectorCompressor q, int d) {
        double omega = q.omega(d);
        if (Double.isNaN(omega)) omega = (double) VectorCompressor.denseBits(d) / q.bits(d) - 1;
        return 1 - 1 / (1 + omega);
    }

    /** {@code γ = ½·√(1−τ)/L̃}, {@code L̃ = √(1 + ω/M)·L̄} with L̄ the mean-square Lipschitz constant of the devices [reconstructed]. */
    public static double defaultStep(double tau, double omega, int devices, double meanSquareLipschitz) {
        double w = Double.isNaN(omega) ? 0 : omega;
        return 0.5 * Math.sqrt(1 - tau) / (Math.sqrt(1 + w / devices) * meanSquareLipschitz);
    }

    @Override
    public MinMaxResult solve(List<Operator> devices, double[] z0, VIOptions options) {
        int d = z0.length, mCount = devices.size();
        Run run = new Run(options, d, mCount);
        Rng root = new Rng(seed);
        double[] z = z0.clone(), w = z0.clone();
        List<double[]> fw = anchor(devices, w, run);
        double[] fMean = mean(fw);
        List<double[]> errors = new ArrayList<>();
        for (int m = 0; m < mCount; m++) errors.add(new double[d]);
        while (!run.done(z)) {
            Rng it = root.split(run.k);
            double[] zBar = Vectors.combine(tau, z, 1 - tau, w);
            double[] base = Vectors.axpy(zBar, -step, fMean);
            double[] half = run.project(base);
            run.evaluated();
            run.uplink(compressor.bits(d));
            double[] correction = new double[d];
            for (int m = 0; m < mCount; m++) {
                double[] diff = Vectors.axpy(devices.get(m).apply(half), -1, fw.get(m));
                Rng r = it.split("device").split(m);
                if (errorFeedback) {
                    double[] delta = Vectors.axpy(errors.get(m), step, diff);
                    double[] c = compressor.compress(delta, r);
                    errors.set(m, Vectors.axpy(delta, -1, c));
                    Vectors.addInPlace(correction, 1.0 / mCount, c);
                } else {
                    Vectors.addInPlace(correction, step / mCount, compressor.compress(diff, r));
                }
            }
            run.broadcast();
            z = run.project(Vectors.axpy(base, -1, correction));
            if (it.split("anchor").nextDouble() < 1 - tau) {
                w = z.clone();
                fw = anchor(devices, w, run);
                fMean = mean(fw);
            }
            run.k++;
        }
        return run.result(z);
    }

    /** Every device evaluates and sends F_m(w) dense; the server broadcasts their mean. */
    private static List<double[]> anchor(List<Operator> devices, double[] w, Run run) {
        List<double[]> out = new ArrayList<>();
        for (Operator f : devices) out.add(f.apply(w));
        run.evaluated();
        run.denseUplink();
        run.broadcast();
        return out;
    }

    private static double[] mean(List<double[]> xs) {
        double[] out = new double[xs.get(0).length];
        for (double[] x : xs) Vectors.addInPlace(out, 1.0 / xs.size(), x);
        return out;
    }

    /** Expected uplink bits per device per iteration: one compressed message plus (1 − τ) dense refreshes. */
    public double expectedUplinkBitsPerIteration(int d) {
        return compressor.bits(d) + (1 - tau) * VectorCompressor.denseBits(d);
    }

    @Override
    public String name() {
        return (errorFeedback ? "masha2-" : "masha1-") + compressor.name();
    }

    public double step() {
        return step;
    }

    public double tau() {
        return tau;
    }
}
