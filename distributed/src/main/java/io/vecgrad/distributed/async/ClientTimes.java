package io.vecgrad.distributed.async;

import io.vecgrad.distributed.Latency;
import io.vecgrad.tensor.random.Rng;

/**
 * How long client i needs for its K local steps, in virtual time. {@link #linear} is the
 * deterministic model of the P38 code ({@code get_tau_i} in
 * github.com/Accenture/Labs-Federated-Learning: {@code τ_i = 1 − i·(P/100)/(M−1)}, the fastest
 * client P % faster than the slowest); {@link #heavyTailed} multiplies each τ_i by a fresh
 * draw of a unit-mean heavy-tailed factor per job, so any client may straggle.
 *
 * <pre>{@code
 * ClientTimes t = ClientTimes.heavyTailed(ClientTimes.linear(10, 50), 1.0);   // log-normal σ = 1 jitter
 * double tau3 = t.mean(3);
 * }</pre>
 */
public interface ClientTimes {
    /** The duration of one job of {@code client}, drawn with {@code rng}. */
    double sample(int client, Rng rng);

    /** The mean duration τ_i (used by the unbiased aggregation weights). */
    double mean(int client);

    /** Number of clients. */
    int clients();

    /** {@code τ_i = 1 − i·(P/100)/(M−1)}, deterministic (P ∈ [0, 100)). */
    static ClientTimes linear(int m, double percentFaster) {
        if (m < 1) throw new IllegalArgumentException("ClientTimes.linear: need ≥ 1 client, got " + m);
        if (!(percentFaster >= 0 && percentFaster < 100)) {
            throw new IllegalArgumentException("ClientTimes.linear: P must be in [0, 100), got " + percentFaster);
        }
        double[] tau = new double[m];
        for (int i = 0; i < m; i++) tau[i] = m == 1 ? 1 : 1 - i * (percentFaster / 100) / (m - 1);
        return fixed(tau);
    }

    /** Deterministic times τ_i. */
    static ClientTimes fixed(double... tau) {
        for (int i = 0; i < tau.length; i++) {
            if (!(tau[i] > 0) || Double.isInfinite(tau[i])) throw new IllegalArgumentException("ClientTimes.fixed: τ_" + i + " must be positive and finite, got " + tau[i]);
        }
        double[] t = tau.clone();
        return new ClientTimes() {
            public double sample(int client, Rng rng) {
                return t[client];
            }

            public double mean(int client) {
                return t[client];
            }

            public int clients() {
                return t.length;
            }
        };
    }

    /**
     * Each job of client i takes {@code τ_i · ξ} with ξ log-normal of mean 1 and log-standard
     * deviation {@code sigma} (σ = 1: about 1 job in 20 takes over 3.3 τ_i).
     */
    static ClientTimes heavyTailed(ClientTimes base, double sigma) {
        if (!(sigma >= 0)) throw new IllegalArgumentException("ClientTimes.heavyTailed: σ must be ≥ 0, got " + sigma);
        Latency factor = Latency.logNormal(-sigma * sigma / 2, sigma);
        return new ClientTimes() {
            public double sample(int client, Rng rng) {
                return base.sample(client, rng) * factor.sample(rng);
            }

            public double mean(int client) {
                return base.mean(client);
            }

            public int clients() {
                return base.clients();
            }
        };
    }
}
