package io.vecgrad.optim.newton;

import io.vecgrad.optim.schedule.BatchScaling;
import io.vecgrad.tensor.linalg.iterative.LinearOperator;
import io.vecgrad.tensor.linalg.iterative.PowerIteration;
import io.vecgrad.tensor.linalg.iterative.SpectralDensity;
import io.vecgrad.tensor.random.Rng;

/**
 * P62 (Granziol, Zohren &amp; Roberts, "Learning Rates as a Function of Batch Size", JMLR 2022):
 * the stochastic-Lanczos spectrum of a loss Hessian (or Gauss–Newton matrix) on a batch, its
 * extreme eigenvalues, and the learning rates they imply.
 *
 * <ul>
 *   <li>{@link #estimate}: stochastic Lanczos quadrature ({@link SpectralDensity}, PyHessian's
 *       density: k steps per Rademacher probe, full reorthogonalization); λ_max and λ_min are the
 *       extreme Ritz values over all probes, the trace is {@code n·moment(1)}.</li>
 *   <li>{@link #powerTop}: λ_max by power iteration, the cross-check PyHessian uses.</li>
 *   <li>{@link Rates}: the learner's rule, which the spec marks [reconstructed] (the paper's
 *       exact formula is not given in the text we could read): the classical optimal
 *       quadratic parameters from λ_max and a small positive λ_min — gradient descent
 *       {@code 2/(λ_max + λ_min)}, heavy ball {@code lr = 4/(√λ_max + √λ_min)²},
 *       {@code μ = ((√λ_max − √λ_min)/(√λ_max + √λ_min))²} — and the stability bound {@code 2/λ_max}.
 *       λ_min is the smallest positive Ritz value, floored at {@code floor·λ_max} (neural-network
 *       Hessians have negative and near-zero eigenvalues).</li>
 *   <li>{@link #lrForBatch}: the paper's batch-size rules ({@link BatchScaling}: linear for SGD,
 *       square root for Adam-type) applied to a rate learned at batch size B0.</li>
 * </ul>
 *
 * <pre>{@code
 * LinearOperator h = Curvature.hessian(net, xBatch, z -> Losses.crossEntropy(z, yBatch));
 * HessianSpectrum s = HessianSpectrum.estimate(h, 30, 4, new Rng(0));
 * HessianSpectrum.Rates r = s.rates(1e-3);
 * double lr = HessianSpectrum.lrForBatch(r.heavyBallLr(), 128, 512, false);   // SGD: ×4
 * }</pre>
 */
public final class HessianSpectrum {
    private final SpectralDensity density;
    private final int dimension;
    private final int hvps;

    private HessianSpectrum(SpectralDensity density, int dimension, int hvps) {
        this.density = density;
        this.dimension = dimension;
        this.hvps = hvps;
    }

    /** SLQ with {@code steps} Lanczos steps on each of {@code probes} Rademacher probes. */
    public static HessianSpectrum estimate(LinearOperator h, int steps, int probes, Rng rng) {
        int[] count = {0};
        LinearOperator counted = LinearOperator.symmetric(h.rows(), h.dtype(), v -> {
            count[0]++;
            return h.apply(v);
        });
        SpectralDensity d = SpectralDensity.estimate(counted, steps, probes, rng);
        return new HessianSpectrum(d, h.rows(), count[0]);
    }

    /** λ_max by power iteration (at most {@code maxIter} products, relative tolerance rtol). */
    public static PowerIteration.Result powerTop(LinearOperator h, int maxIter, double rtol, Rng rng) {
        return PowerIteration.run(h, maxIter, rtol, rng);
    }

    public SpectralDensity density() {
        return density;
    }

    /** Hessian-vector products spent. */
    public int hvps() {
        return hvps;
    }

    /** The largest Ritz value over all probes. */
    public double lambdaMax() {
        return density.maxNode();
    }

    /** The smallest Ritz value over all probes (may be negative). */
    public double lambdaMin() {
        return density.minNode();
    }

    /** The SLQ trace estimate {@code n·Σ wᵢθᵢ}. */
    public double trace() {
        return dimension * density.moment(1);
    }

    /** The smallest Ritz value above {@code floor·λ_max}, or {@code floor·λ_max} when none is. */
    public double smallestPositive(double floor) {
        double lo = floor * lambdaMax(), best = Double.POSITIVE_INFINITY;
        for (int p = 0; p < density.probes(); p++) for (double v : density.nodes(p)) if (v > lo) best = Math.min(best, v);
        return Double.isFinite(best) ? best : lo;
    }

    /** The learner's rates from λ_max and λ_min = {@link #smallestPositive}(floor). */
    public Rates rates(double floor) {
        return Rates.of(lambdaMax(), smallestPositive(floor));
    }

    /**
     * Step sizes of the quadratic model with curvature in [λ_min, λ_max].
     *
     * @param stableLr    {@code 2/λ_max}: the largest stable gradient-descent step
     * @param gdLr        {@code 2/(λ_max + λ_min)}: the optimal gradient-descent step
     * @param heavyBallLr {@code 4/(√λ_max + √λ_min)²}
     * @param momentum    {@code ((√λ_max − √λ_min)/(√λ_max + √λ_min))²}
     */
    public record Rates(double lambdaMax, double lambdaMin, double stableLr, double gdLr, double heavyBallLr, double momentum) {
        public static Rates of(double lambdaMax, double lambdaMin) {
            if (!(lambdaMax > 0) || !(lambdaMin > 0) || lambdaMin > lambdaMax) {
                throw new IllegalArgumentException("HessianSpectrum.Rates: need 0 < lambdaMin <= lambdaMax, got " + lambdaMin + ", " + lambdaMax);
            }
            double a = Math.sqrt(lambdaMax), b = Math.sqrt(lambdaMin);
            return new Rates(lambdaMax, lambdaMin, 2 / lambdaMax, 2 / (lambdaMax + lambdaMin), 4 / ((a + b) * (a + b)), ((a - b) / (a + b)) * ((a - b) / (a + b)));
        }
    }

    /** The paper's rule: a rate learned at batch size b0 scaled to b, linearly (SGD) or by √(b/b0) (adaptive). */
    public static double lrForBatch(double lr0, int b0, int b, boolean adaptive) {
        return adaptive ? BatchScaling.sqrt(lr0, b0, b) : BatchScaling.linear(lr0, b0, b);
    }
}
