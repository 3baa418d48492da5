package io.vecgrad.optim.zeroth;

/**
 * Settings of shared-randomness SPSA (P63). Defaults follow the authors' code
 * (github.com/ezelikman/justonebyte, {@code app.py}): ε = 1e-3, learning rate 0.1, 2 machines;
 * the code's {@code gradient_acc_steps} (30) is {@code samplesPerWorker}, here 1 by default so a
 * worker sends one scalar per step.
 *
 * <p><b>Step form.</b> With {@code N = workers · samplesPerWorker} estimates per step, vecgrad
 * applies the SPSA gradient estimate {@code θ ← θ − (η/N) Σ p z} (the paper's form) by default;
 * {@link #withCodeScaling()} applies the reference code's {@code θ ← θ − (η ε/N) Σ p z} (its update
 * re-uses the perturbation routine, which multiplies by ε). The two differ only by the factor ε
 * in the learning rate.
 *
 * <pre>{@code
 * SpsaConfig c = SpsaConfig.of(1e-3, 0.05, 4, 1, 42);            // 4 workers, 1 scalar each per step
 * SpsaConfig q = c.withQuantizer(new SpsaQuantizer(0.05));        // one byte per scalar
 * }</pre>
 *
 * @param quantizer null to send doubles
 */
public record SpsaConfig(double epsilon, double learningRate, int workers, int samplesPerWorker, long seed, boolean codeScaling, SpsaQuantizer quantizer) {
    public SpsaConfig {
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) throw new IllegalArgumentException("SPSA: epsilon must be positive and finite, got " + epsilon);
        if (!(learningRate >= 0) || !Double.isFinite(learningRate)) throw new IllegalArgumentException("SPSA: learning rate must be >= 0 and finite, got " + learningRate);
        if (workers < 1) throw new IllegalArgumentException("SPSA: need at least 1 worker, got " + workers);
        if (samplesPerWorker < 1) throw new IllegalArgumentException("SPSA: need at least 1 sample per worker, got " + samplesPerWorker);
    }

    public static SpsaConfig of(double epsilon, double learningRate, int workers, int samplesPerWorker, long seed) {
        return new SpsaConfig(epsilon, learningRate, workers, samplesPerWorker, seed, false, null);
    }

    /** The reference code's ε = 1e-3, lr = 0.1, 2 machines, with one sample per machine per step. */
    public static SpsaConfig defaults(long seed) {
        return of(1e-3, 0.1, 2, 1, seed);
    }

    public SpsaConfig withQuantizer(SpsaQuantizer q) {
        return new SpsaConfig(epsilon, learningRate, workers, samplesPerWorker, seed, codeScaling, q);
    }

    public SpsaConfig withCodeScaling() {
        return new SpsaConfig(epsilon, learningRate, workers, samplesPerWorker, seed, true, quantizer);
    }

    /** The factor c of {@code θ ← θ − c · Σ_worker g_worker}. */
    double stepScale() {
        double c = learningRate / ((double) workers * samplesPerWorker);
        return codeScaling ? c * epsilon : c;
    }
}
