package io.vecgrad.optim.zeroth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shared-randomness SPSA (P63: Zelikman, Huang, Liang, Haber, Goodman, "Just One Byte (per
 * gradient)", arXiv:2306.10015; code github.com/ezelikman/justonebyte {@code app.py}), simulated
 * with N workers in one process. Each round, worker m measures for each local sample s
 * {@code p = (L(θ + εz) − L(θ − εz)) / (2ε)} with z regenerated from (seed, step, m, s), sends only
 * p, and every replica applies {@code θ ← θ − c Σ_m Σ_s p_{m,s} z_{m,s}} (c in {@link SpsaConfig}).
 * {@link Exchange#FULL_VECTOR} is the comparison the paper's code offers ({@code send_full_grad}):
 * each worker sends its dense {@code Σ_s p z} instead; the trajectory is bitwise the same, only the
 * bytes differ. Each worker keeps its own replica; the run reports whether all replicas ended
 * bitwise equal (the reference code checks hashes of rounded parameters instead).
 *
 * <pre>{@code
 * SpsaObjective f = (th, step, w, s) -> 0.5 * (th[0] * th[0] + 4 * th[1] * th[1]);
 * SpsaRun r = SharedSeedSpsa.run(f, new double[] {1, 1}, 500, SpsaConfig.of(1e-3, 0.05, 4, 1, 7), SharedSeedSpsa.Exchange.SHARED_SEED);
 * double[] theta = r.theta();  long perWorker = r.bytesPerWorker()[0];   // 500 · 8
 * }</pre>
 */
public final class SharedSeedSpsa {
    /** What workers exchange each round. */
    public enum Exchange {
        /** one projected gradient per sample (8 bytes, or 1 quantized); directions regenerated from the seed */
        SHARED_SEED,
        /** the dense accumulated estimate Σ_s p z (8·d bytes) */
        FULL_VECTOR
    }

    /** Called after each step with the step index and worker 0's parameters (do not modify). */
    @FunctionalInterface
    public interface StepListener {
        void afterStep(long step, double[] theta);
    }

    private SharedSeedSpsa() {}

    public static SpsaRun run(SpsaObjective f, double[] theta0, int steps, SpsaConfig config, Exchange exchange) {
        return run(f, theta0, steps, config, exchange, (t, th) -> { });
    }

    /**
     * Runs {@code steps} synchronous rounds from {@code theta0}.
     *
     * @return final parameters, the mean measured loss per step ((L⁺ + L⁻)/2 over all samples, as
     *     the code logs), bytes sent per worker and whether the replicas agree bitwise
     */
    public static SpsaRun run(SpsaObjective f, double[] theta0, int steps, SpsaConfig config, Exchange exchange, StepListener listener) {
        if (steps < 0) throw new IllegalArgumentException("SharedSeedSpsa.run: steps must be >= 0, got " + steps);
        for (int i = 0; i < theta0.length; i++) {
            if (!Double.isFinite(theta0[i])) throw new IllegalArgumentException("SharedSeedSpsa.run: theta0[" + i + "] is " + theta0[i]);
        }
        int n = config.workers();
        SpsaReplica[] replicas = new SpsaReplica[n];
        for (int m = 0; m < n; m++) replicas[m] = new SpsaReplica(theta0, config);
        long[] bytes = new long[n];
        double[] losses = new double[steps];
        for (int t = 0; t < steps; t++) {
            List<SpsaMessage> scalars = new ArrayList<>();
            List<SpsaVectorMessage> vectors = new ArrayList<>();
            double lossSum = 0;
            for (int m = 0; m < n; m++) {
                List<SpsaMessage> mine = replicas[m].measure(f, t, m);
                for (SpsaMessage s : mine) lossSum += s.loss();
                if (exchange == Exchange.SHARED_SEED) {
                    scalars.addAll(mine);
                    for (SpsaMessage s : mine) bytes[m] += s.bytes();
                } else {
                    SpsaVectorMessage v = replicas[m].fullVector(mine);
                    vectors.add(v);
                    bytes[m] += v.bytes();
                }
            }
            for (SpsaReplica r : replicas) {
                if (exchange == Exchange.SHARED_SEED) r.apply(t, scalars);
                else r.applyVectors(t, vectors);
            }
            losses[t] = lossSum / (n * config.samplesPerWorker());
            listener.afterStep(t, replicas[0].theta());
        }
        boolean agree = true;
        for (SpsaReplica r : replicas) agree &= Arrays.equals(r.theta(), replicas[0].theta());
        return new SpsaRun(replicas[0].theta().clone(), losses, bytes, agree);
    }
}
