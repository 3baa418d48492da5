package io.vecgrad.optim.particles;

/**
 * Annealing schedules γ(t) ∈ [0, 1] for annealed SVGD (D'Angelo and Fortuin, "Annealed Stein
 * Variational Gradient Descent", arXiv:2101.09815): γ multiplies the driving (score) term of the
 * SVGD direction, so a small γ early lets the repulsion spread the particles. Every schedule here
 * reaches γ = 1 at the end of its annealing phase and stays there, so the last phase is exact SVGD.
 * The formulas follow the spec (P30.2) and the third-party {@code annealing.py} of
 * github.com/yyimingucl/UCL_MSc_CSML_Project; the paper's own defaults (e.g. p = 5) are
 * [reconstructed].
 *
 * <pre>{@code
 * Annealing a = Annealing.cyclical(1000, 5, 5);   // 5 cycles of ((t mod 200)/200)^5 over 1000 steps, then 1
 * double g = a.gamma(150);
 * }</pre>
 */
@FunctionalInterface
public interface Annealing {
    /** γ at step t (t = 0, 1, …). */
    double gamma(int t);

    /** γ ≡ 1: plain SVGD. */
    static Annealing none() {
        return t -> 1.0;
    }

    /** {@code ((t mod (T/C)) / (T/C))^p} for t &lt; T, then 1 (C cycles over the first T steps). */
    static Annealing cyclical(int annealSteps, int cycles, double p) {
        if (annealSteps < 1 || cycles < 1 || cycles > annealSteps) {
            throw new IllegalArgumentException("Annealing.cyclical: need 1 <= cycles <= annealSteps, got " + cycles + " cycles over " + annealSteps + " steps");
        }
        double period = (double) annealSteps / cycles;
        return t -> t >= annealSteps ? 1.0 : Math.pow((t % period) / period, p);
    }

    /** {@code min(1, t / T)}. */
    static Annealing linear(int annealSteps) {
        if (annealSteps < 1) throw new IllegalArgumentException("Annealing.linear: annealSteps must be >= 1, got " + annealSteps);
        return t -> Math.min(1.0, (double) t / annealSteps);
    }

    /** {@code tanh((1.3 t / T)^p)} for t &lt; T, then 1. */
    static Annealing tanh(int annealSteps, double p) {
        if (annealSteps < 1) throw new IllegalArgumentException("Annealing.tanh: annealSteps must be >= 1, got " + annealSteps);
        return t -> t >= annealSteps ? 1.0 : Math.tanh(Math.pow(1.3 * t / annealSteps, p));
    }
}
