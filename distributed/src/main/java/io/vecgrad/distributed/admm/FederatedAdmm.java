package io.vecgrad.distributed.admm;

import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.Worker;
import io.vecgrad.distributed.sim.SyncSimulator;
import io.vecgrad.tensor.random.Rng;

import java.util.ArrayList;
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
 * <p>Since issue 17 the rounds are {@link AdmmMethod}'s, run on a one-thread {@code SyncSimulator}
 * (schedule, downlink noise and uplink noise draw from the core's per-message streams), so the
 * same method also runs on the Pekko engines; this class keeps the array-based API.
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

    private final Config cfg;
    private final int d;
    private final AdmmMethod method;
    private final SyncSimulator sim;
    private long round;

    /** The clients' problem under {@code config}; the run's random streams derive from one draw of {@code rng}. */
    public FederatedAdmm(List<WlsClient> clients, Config config, Rng rng) {
        if (clients.isEmpty()) throw new IllegalArgumentException("FederatedAdmm: no clients");
        this.cfg = config;
        this.d = clients.get(0).dim();
        List<Worker> workers = new ArrayList<>();
        for (int k = 0; k < clients.size(); k++) {
            if (clients.get(k).dim() != d) {
                throw new IllegalArgumentException("FederatedAdmm: client " + k + " has dimension " + clients.get(k).dim() + ", client 0 has " + d);
            }
            workers.add(new Worker(k, ParamVector.zeros(d), clients.get(k)));
        }
        this.method = new AdmmMethod(config);
        this.sim = SyncSimulator.builder(workers).seed(rng.nextLong()).build();
        method.setUp(sim);
    }

    /** One round: schedule, broadcast, local updates, uploads, server average. */
    public void round() {
        method.round(sim, round++);
    }

    /** The server's global model z. */
    public double[] global() {
        return method.model(sim).data().clone();
    }

    /** Client k's local model (w_k, or v_k for the dual-free variant). */
    public double[] local(int k) {
        return sim.worker(k).state(AdmmMethod.LOCAL).data().clone();
    }

    /** Client k's dual: λ_k, or ρ(u_k − z) for the dual-free variant (its implicit dual). */
    public double[] dual(int k) {
        return method.dual(sim.worker(k));
    }

    /** {@code ||z − w||²}. */
    public double squaredDistance(double[] w) {
        double[] z = method.model(sim).data();
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
        return method.messages();
    }

    /** Bytes sent so far, one float64 d-vector per message. */
    public long bytesSent() {
        return messages() * 8L * d;
    }
}
