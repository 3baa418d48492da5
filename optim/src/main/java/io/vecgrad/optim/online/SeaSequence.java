package io.vecgrad.optim.online;

import io.vecgrad.tensor.random.Rng;
import java.util.function.IntFunction;

/**
 * Loss sequences of the Stochastically Extended Adversarial (SEA) model (Sachs et al. 2022, the
 * setting of P44, Chen et al. ICML 2023): in round t the adversary picks a distribution with mean
 * loss {@code F_t(x) = (c/2)‖x‖² + ⟨m_t, x⟩} and the learner sees the sample
 * {@code f_t(x) = F_t(x) + ⟨ξ_t, x⟩}, {@code ξ_t ~ N(0, σ²I)}. The adversary's mean gradient
 * interpolates between a predictable and an adversarial part [reconstructed: synthetic, as the
 * spec's canonical experiment]:
 *
 * <pre>
 * m_t = (1 − α)·(b + ρ·sin(2πt/P)·u) + α·r_t,     r_t ∈ {−1, +1}^d uniform (Rademacher)
 * </pre>
 *
 * with b and the unit vector u fixed by the seed. α = 0, σ = 0 is a predictable (slowly varying)
 * sequence, α = 1 an oblivious adversary with maximal variation, σ &gt; 0 adds stochastic noise.
 * {@link #stochasticVariance} is {@code σ²_{1:T} = T·d·σ²} and {@link #adversarialVariation}
 * {@code Σ²_{1:T} = Σ_{t≥2} ‖m_t − m_{t−1}‖²} of the realized means. Round t's loss depends only on
 * (seed, t).
 *
 * <pre>{@code
 * SeaSequence s = new SeaSequence(10, 0, 0.5, 200, 0.5, 0.1, 7);
 * QuadraticLoss f3 = s.apply(3);
 * }</pre>
 *
 * @param dim d
 * @param curvature c ≥ 0 (0: linear losses)
 * @param drift ρ, the amplitude of the periodic predictable part
 * @param period P in rounds
 * @param adversarial α ∈ [0, 1]
 * @param sigma σ ≥ 0
 * @param seed the sequence's seed
 */
public record SeaSequence(int dim, double curvature, double drift, int period, double adversarial, double sigma, long seed)
        implements IntFunction<QuadraticLoss> {
    public SeaSequence {
        if (!(adversarial >= 0 && adversarial <= 1)) throw new IllegalArgumentException("SeaSequence: adversarial must be in [0, 1], got " + adversarial);
        if (!(sigma >= 0)) throw new IllegalArgumentException("SeaSequence: sigma must be >= 0, got " + sigma);
        if (period < 1) throw new IllegalArgumentException("SeaSequence: period must be >= 1, got " + period);
    }

    /** The mean gradient part m_t of round t. */
    public double[] mean(int t) {
        Rng root = new Rng(seed);
        Rng fixed = root.split("fixed");
        double[] b = new double[dim], u = new double[dim];
        double un = 0;
        for (int i = 0; i < dim; i++) {
            b[i] = fixed.nextGaussian();
            u[i] = fixed.nextGaussian();
            un += u[i] * u[i];
        }
        un = Math.sqrt(un);
        Rng adv = root.split("adversary").split(t);
        double s = drift * Math.sin(2 * Math.PI * t / period);
        double[] m = new double[dim];
        for (int i = 0; i < dim; i++) {
            double r = adv.nextDouble() < 0.5 ? -1 : 1;
            m[i] = (1 - adversarial) * (b[i] + s * u[i] / un) + adversarial * r;
        }
        return m;
    }

    @Override
    public QuadraticLoss apply(int t) {
        double[] m = mean(t);
        if (sigma > 0) {
            Rng noise = new Rng(seed).split("noise").split(t);
            for (int i = 0; i < dim; i++) m[i] += sigma * noise.nextGaussian();
        }
        return new QuadraticLoss(curvature, m, 0);
    }

    /** {@code σ²_{1:T} = T·d·σ²}. */
    public double stochasticVariance(int rounds) {
        return (double) rounds * dim * sigma * sigma;
    }

    /** {@code Σ²_{1:T} = Σ_{t=2}^{T} ‖m_t − m_{t−1}‖²}. */
    public double adversarialVariation(int rounds) {
        double s = 0;
        double[] prev = mean(1);
        for (int t = 2; t <= rounds; t++) {
            double[] m = mean(t);
            for (int i = 0; i < dim; i++) s += (m[i] - prev[i]) * (m[i] - prev[i]);
            prev = m;
        }
        return s;
    }
}
