package io.vecgrad.distributed.admm;

import io.vecgrad.tensor.random.Rng;

import java.util.List;

/**
 * ADMM federated learning for weighted least squares over noisy links with random client
 * scheduling (P37: Lari, Arablouei, Gogineni, Werner, "Noise-Robust and Resource-Efficient
 * ADMM-based Federated Learning", arXiv:2409.13451). Two variants share one round structure:
 * each round the server draws S_t (each client independently with probability q), every
 * selected client receives its own noisy copy {@code z̃ = z + η↓} of the global model, updates
 * and uploads one noisy d-vector ({@code + η↑}); the server keeps the latest upload of every
 * client and averages them (with q = 1 this is the plain average of what arrived).
 *
 * <p>{@link Variant#CONSENSUS_ADMM}, the textbook baseline (Boyd et al.):
 * {@code λ_k ← λ_k + ρ(w_k − z̃)} (from the second participation on), then
 * {@code w_k = (R_k+ρI)⁻¹(p_k + ρz̃ − λ_k)}, upload w_k; z is the average of the w_k (Σλ_k = 0
 * in exact arithmetic). Under noise Σλ_k is a random walk: the failure the paper addresses.
 *
 * <p>{@link Variant#DUAL_FREE} [reconstructed]: the paper's exact local recursion was not
 * available to us (no full text or code found). We implement the dual-free form of consensus
 * ADMM that has every property the paper states — no dual variable, one received noisy
 * global model per round, p_k re-injected every round, fixed point w* — namely
 * Douglas–Rachford splitting on the consensus problem (the operator ADMM is equivalent to, in
 * the form used by FedSplit, Pathak and Wainwright 2020): the client keeps u_k and computes
 * {@code v_k = (R_k+ρI)⁻¹(p_k + ρ(2z̃ − u_k))}, {@code u_k ← u_k + v_k − z̃} and uploads u_k; its
 * local model is v_k and its implicit dual is {@code ρ(u_k − z)}. In the continual variant
 * (the paper's modification (c)) clients not selected keep updating u_k with the last z̃ they
 * received.
 *
 * <pre>{@code
 * FederatedAdmm admm = new FederatedAdmm(clients,
 *         new FederatedAdmm.Config(FederatedAdmm.Variant.DUAL_FREE, 1.0, 0.5, 1e-2, 1e-2, true), new Rng(1));
 * for (int t = 0; t < 200; t++) admm.round();
 * double msd = admm.squaredDistance(WlsClient.optimum(clients));
 * }</pre>
 */
public final class FederatedAdmm {
    /** Which local update the clients run. */
    public enum Variant { CONSENSUS_ADMM, DUAL_FREE }

    /**
     * @param rho           ADMM penalty ρ &gt; 0
     * @param participation probability q ∈ (0, 1] that a client is scheduled in a round
     * @param downlinkStd   standard deviation of the Gaussian noise on each received global model
     * @param uplinkStd     standard deviation of the Gaussian noise on each upload
     * @param continual     (dual-free only) unscheduled clients keep updating with their last z̃
     */
    public record Config(Variant variant, double rho, double participation, double downlinkStd, double uplinkStd,
                         boolean continual) {
        public Config {
            if (!(rho > 0)) throw new IllegalArgumentException("FederatedAdmm: penalty ρ must be positive, got " + rho);
            if (!(participation > 0 && participation <= 1)) {
                throw new IllegalArgumentException("FederatedAdmm: participation q must be in (0, 1], got " + participation);
            }
            if (!(downlinkStd >= 0) || !(uplinkStd >= 0)) {
                throw new IllegalArgumentException("FederatedAdmm: noise levels must be ≥ 0, got " + downlinkStd + " and " + uplinkStd);
            }
        }
    }

    private final List<WlsClient> clients;
    private final Config cfg;
    private final Rng rng;
    private final int n;
    private final int d;
    private final double[][] inverse;   // (R_k + ρI)⁻¹
    private final double[][] local;     // w_k (consensus ADMM) or v_k (dual-free)
    private final double[][] state;     // λ_k (consensus ADMM) or u_k (dual-free)
    private final double[][] lastReceived;
    private final boolean[] participated;
    private final double[][] uploads;   // the server's latest copy of each client's upload
    private final double[] z;
    private long round;
    private long messages;

    public FederatedAdmm(List<WlsClient> clients, Config config, Rng rng) {
        if (clients.isEmpty()) throw new IllegalArgumentException("FederatedAdmm: no clients");
        this.clients = List.copyOf(clients);
        this.cfg = config;
        this.rng = rng;
        this.n = clients.size();
        this.d = clients.get(0).dim();
        inverse = new double[n][];
        for (int k = 0; k < n; k++) {
            if (clients.get(k).dim() != d) {
                throw new IllegalArgumentException("FederatedAdmm: client " + k + " has dimension " + clients.get(k).dim() + ", client 0 has " + d);
            }
            inverse[k] = clients.get(k).shiftedInverse(config.rho());
        }
        local = new double[n][d];
        state = new double[n][d];
        lastReceived = new double[n][d];
        participated = new boolean[n];
        uploads = new double[n][d];
        z = new double[d];
    }

    /** One round: schedule, broadcast, local updates, uploads, server average. */
    public void round() {
        Rng r = rng.split(round);
        Rng schedule = r.split("schedule"), down = r.split("downlink"), up = r.split("uplink");
        for (int k = 0; k < n; k++) {
            boolean selected = cfg.participation() >= 1 || schedule.nextDouble() < cfg.participation();
            Rng downK = down.split(k), upK = up.split(k);
            if (selected) {
                for (int i = 0; i < d; i++) lastReceived[k][i] = z[i] + cfg.downlinkStd() * downK.nextGaussian();
                localUpdate(k);
                for (int i = 0; i < d; i++) uploads[k][i] = upload(k)[i] + cfg.uplinkStd() * upK.nextGaussian();
                messages += 2;
            } else if (cfg.continual() && cfg.variant() == Variant.DUAL_FREE && participated[k]) {
                localUpdate(k);
            }
        }
        java.util.Arrays.fill(z, 0);
        for (double[] u : uploads) for (int i = 0; i < d; i++) z[i] += u[i] / n;
        round++;
    }

    private void localUpdate(int k) {
        double[] zt = lastReceived[k], p = clients.get(k).p(), rhs = new double[d];
        double rho = cfg.rho();
        if (cfg.variant() == Variant.CONSENSUS_ADMM) {
            if (participated[k]) for (int i = 0; i < d; i++) state[k][i] += rho * (local[k][i] - zt[i]);
            for (int i = 0; i < d; i++) rhs[i] = p[i] + rho * zt[i] - state[k][i];
            local[k] = times(inverse[k], rhs);
        } else {
            if (!participated[k]) System.arraycopy(zt, 0, state[k], 0, d);   // u_k starts at the first model received
            for (int i = 0; i < d; i++) rhs[i] = p[i] + rho * (2 * zt[i] - state[k][i]);
            local[k] = times(inverse[k], rhs);
            for (int i = 0; i < d; i++) state[k][i] += local[k][i] - zt[i];
        }
        participated[k] = true;
    }

    private double[] upload(int k) {
        return cfg.variant() == Variant.CONSENSUS_ADMM ? local[k] : state[k];
    }

    private double[] times(double[] m, double[] v) {
        double[] out = new double[d];
        for (int i = 0; i < d; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) s += m[i * d + j] * v[j];
            out[i] = s;
        }
        return out;
    }

    /** The server's global model z. */
    public double[] global() {
        return z.clone();
    }

    /** Client k's local model (w_k, or v_k for the dual-free variant). */
    public double[] local(int k) {
        return local[k].clone();
    }

    /** Client k's dual: λ_k, or ρ(u_k − z) for the dual-free variant (its implicit dual). */
    public double[] dual(int k) {
        if (cfg.variant() == Variant.CONSENSUS_ADMM) return state[k].clone();
        double[] lam = new double[d];
        for (int i = 0; i < d; i++) lam[i] = cfg.rho() * (state[k][i] - z[i]);
        return lam;
    }

    /** {@code ||z − w||²}. */
    public double squaredDistance(double[] w) {
        double s = 0;
        for (int i = 0; i < d; i++) s += (z[i] - w[i]) * (z[i] - w[i]);
        return s;
    }

    /** Rounds run. */
    public long rounds() {
        return round;
    }

    /** d-vector messages sent (down and up) so far. */
    public long messages() {
        return messages;
    }

    /** Bytes sent so far, one float64 d-vector per message. */
    public long bytesSent() {
        return messages * 8L * d;
    }
}
