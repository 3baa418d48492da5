package io.vecgrad.distributed.admm;

import io.vecgrad.distributed.Channel;
import io.vecgrad.distributed.Channels;
import io.vecgrad.distributed.Message;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.RoundEngine;
import io.vecgrad.distributed.RoundMethod;
import io.vecgrad.distributed.Worker;
import io.vecgrad.tensor.random.Rng;

import java.util.Arrays;
import java.util.List;

/**
 * P37's ADMM federated learning written once against the core {@link RoundEngine}, so it runs in
 * the simulator, on the Pekko engines and under {@code vecgrad cluster --method admm-fl}. The update
 * rules are {@link FederatedAdmm}'s (which now runs this method in a simulator); see there for the
 * two variants and the sources they follow. Each worker's problem must be a {@link WlsClient}.
 *
 * <p>One round: the server draws the scheduled set S_t from its stream {@code ("schedule", server,
 * t)} (each alive client with probability q), broadcasts z; each scheduled client adds its downlink
 * noise η↓ (drawn from its receive stream) to get z̃, runs its local update and uploads one d-vector
 * through the uplink noise channel {@link Channels#gaussianNoise}(σ↑); the server keeps the latest
 * upload of every client and sets z to their average over all n clients. In the continual dual-free
 * variant unscheduled clients that took part before update again with their last z̃. Worker state:
 * {@code admm.local} (w_k or v_k), {@code admm.dual} (λ_k or u_k), {@code admm.received} (z̃).
 *
 * <pre>{@code
 * RoundMethod m = new AdmmMethod(new FederatedAdmm.Config(FederatedAdmm.Variant.DUAL_FREE, 10, 1, 1e-2, 1e-2, false));
 * try (SyncSimulator sim = SyncSimulator.builder(workers).seed(1).build()) {   // workers hold WlsClients
 *     History h = Simulation.run(m, sim, 200, 10, z -> z.squaredDistance(wStar));
 * }
 * }</pre>
 */
public final class AdmmMethod implements RoundMethod {
    static final String LOCAL = "admm.local";
    static final String DUAL = "admm.dual";
    static final String RECEIVED = "admm.received";
    private static final String PARTICIPATED = "admm.participated";

    private final FederatedAdmm.Config cfg;
    private final Channel uplink;
    private ParamVector z;
    private ParamVector[] uploads;
    private long messages;

    /** The method with {@code config}'s variant, penalty, scheduling and link noise. */
    public AdmmMethod(FederatedAdmm.Config config) {
        this.cfg = config;
        this.uplink = config.uplinkStd() > 0 ? Channels.gaussianNoise(config.uplinkStd()) : Channel.perfect();
    }

    @Override
    public String name() {
        return cfg.variant() == FederatedAdmm.Variant.CONSENSUS_ADMM ? "admm-fl" : "admm-fl-dual-free";
    }

    /** The configuration. */
    public FederatedAdmm.Config config() {
        return cfg;
    }

    @Override
    public void setUp(RoundEngine e) {
        z = ParamVector.zeros(e.dim());
        uploads = new ParamVector[e.workers()];
        Arrays.fill(uploads, ParamVector.zeros(e.dim()));
        messages = 0;
    }

    @Override
    public void round(RoundEngine e, long r) {
        if (z == null) throw new IllegalStateException("AdmmMethod.round(" + r + "): setUp was not called");
        int[] alive = e.participants(r);
        int[] who = schedule(e, r, alive);
        double down = cfg.downlinkStd();
        e.broadcast(r, "model", who, z, (w, x, rng) -> {
            double[] zt = w.state(RECEIVED).data(), v = x.data();
            for (int i = 0; i < zt.length; i++) zt[i] = v[i] + down * rng.nextGaussian();
            update(w);
        });
        if (cfg.continual() && cfg.variant() == FederatedAdmm.Variant.DUAL_FREE) {
            int[] idle = Arrays.stream(alive).filter(k -> Arrays.binarySearch(who, k) < 0).toArray();
            e.local(r, "continual", idle, (w, rng) -> {
                if (w.scalar(PARTICIPATED, 0) > 0) update(w);
            });
        }
        List<Message> up = e.gather(r, "upload", who, (w, rng) -> upload(w).copy(), uplink);
        for (Message m : up) uploads[m.from()] = m.payload();
        messages += 2L * who.length;
        int n = uploads.length;
        double[] zs = new double[z.dim()];
        for (ParamVector u : uploads) {
            double[] ud = u.data();
            for (int i = 0; i < zs.length; i++) zs[i] += ud[i] / n;
        }
        z = new ParamVector(zs);
    }

    /** S_t: every alive client at q = 1, otherwise each with probability q, in increasing order. */
    private int[] schedule(RoundEngine e, long r, int[] alive) {
        if (cfg.participation() >= 1) return alive;
        Rng rng = e.streams().stream("schedule", Message.SERVER, r);
        return Arrays.stream(alive).filter(k -> rng.nextDouble() < cfg.participation()).toArray();
    }

    private void update(Worker w) {
        if (!(w.problem() instanceof WlsClient c)) {
            throw new IllegalArgumentException("AdmmMethod(" + name() + "): worker " + w.id() + "'s problem is a "
                    + w.problem().getClass().getSimpleName() + ", not a WlsClient");
        }
        int d = c.dim();
        double rho = cfg.rho();
        double[] zt = w.state(RECEIVED).data(), p = c.p(), rhs = new double[d];
        double[] local = w.state(LOCAL).data(), state = w.state(DUAL).data();
        boolean participated = w.scalar(PARTICIPATED, 0) > 0;
        if (cfg.variant() == FederatedAdmm.Variant.CONSENSUS_ADMM) {
            if (participated) for (int i = 0; i < d; i++) state[i] += rho * (local[i] - zt[i]);
            for (int i = 0; i < d; i++) rhs[i] = p[i] + rho * zt[i] - state[i];
            System.arraycopy(times(c.shiftedInverse(rho), rhs, d), 0, local, 0, d);
        } else {
            if (!participated) System.arraycopy(zt, 0, state, 0, d);   // u_k starts at the first model received
            for (int i = 0; i < d; i++) rhs[i] = p[i] + rho * (2 * zt[i] - state[i]);
            System.arraycopy(times(c.shiftedInverse(rho), rhs, d), 0, local, 0, d);
            for (int i = 0; i < d; i++) state[i] += local[i] - zt[i];
        }
        w.setScalar(PARTICIPATED, 1);
    }

    private ParamVector upload(Worker w) {
        return w.state(cfg.variant() == FederatedAdmm.Variant.CONSENSUS_ADMM ? LOCAL : DUAL);
    }

    private static double[] times(double[] m, double[] v, int d) {
        double[] out = new double[d];
        for (int i = 0; i < d; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) s += m[i * d + j] * v[j];
            out[i] = s;
        }
        return out;
    }

    /** The global model z. */
    @Override
    public ParamVector model(RoundEngine engine) {
        return z;
    }

    /** d-vector messages sent so far: one down and one up per scheduled client and round. */
    public long messages() {
        return messages;
    }

    /** Client {@code w}'s dual: λ_k, or ρ(u_k − z) for the dual-free variant (its implicit dual). */
    double[] dual(Worker w) {
        double[] state = w.state(DUAL).data();
        if (cfg.variant() == FederatedAdmm.Variant.CONSENSUS_ADMM) return state.clone();
        double[] lam = new double[state.length];
        for (int i = 0; i < lam.length; i++) lam[i] = cfg.rho() * (state[i] - z.get(i));
        return lam;
    }
}
