package io.vecgrad.distributed.async;

import io.vecgrad.distributed.LocalProblem;
import io.vecgrad.distributed.Message;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.Worker;
import io.vecgrad.distributed.sim.EventEngine;
import io.vecgrad.tensor.random.Rng;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Federated aggregation with heterogeneous client speeds on the virtual-clock
 * {@link EventEngine}, after Fraboni et al., JMLR 2023 (P38), following the server and schedule
 * of github.com/Accenture/Labs-Federated-Learning ({@code FL/server.py},
 * {@code FL/clients_schedule.py}). A client started from the global model θ^{ρ} runs K local
 * SGD steps (taking a duration drawn from {@link ClientTimes}) and sends
 * {@code Δ_i = θ_i − θ^{ρ}}; the server applies {@code θ ← θ + η_g Σ_{arrived} d_i Δ_i} when the
 * scheme says so, and the clients it aggregated restart from the new θ:
 * <ul>
 * <li>{@link Scheme#SYNC}: when all M clients have returned (synchronous FedAvg, d_i = p_i);</li>
 * <li>{@link Scheme#ASYNC}: at every single arrival; unbiased d_i = (Σ_j 1/τ_j)·τ_i·p_i, naive d_i = 1;</li>
 * <li>{@link Scheme#FEDBUFF}: when c updates are buffered; unbiased d_i = p_i / f_i with f_i the
 *     fraction of server steps client i appears in, measured (as the P38 code does from its
 *     precomputed schedule) on a schedule-only run of the same seed over 200·M server steps;
 *     naive 1/c;</li>
 * <li>{@link Scheme#FEDFIX}: every Δt, with everything that arrived since; unbiased d_i = ⌈τ_i/Δt⌉·p_i, naive p_i.</li>
 * </ul>
 * Updates buffered for one aggregation are summed in client-index order, so equal arrival
 * times cannot reorder floating-point sums: FedBuff with c = M and equal τ_i is bitwise
 * synchronous FedAvg. τ_i in the weights is the mean compute time of {@link ClientTimes}.
 *
 * <p>Faults. A crash ({@code engine().crash(i, t)}) is silent, as on the engine: client i's
 * unfinished job never reports. An update the engine's {@link EventEngine#channel channel} drops
 * is lost and its client, which is only restarted by an aggregation, stays idle ({@link #dropped}
 * counts them). A departure ({@link #depart}) is a client the server knows has left (the Pekko
 * backend learns it from the cluster): the server stops waiting for it, discards whatever it
 * still sends and never restarts it. Neither P38 nor its code defines what FedBuff does when
 * fewer than c clients can still report, so this class adds a rule (our own, not the paper's):
 * with W clients neither departed nor lost to a drop, FedBuff aggregates at min(c, W) buffered
 * updates and synchronous FedAvg when every one of the W has reported ({@link #aggregationDue});
 * before any departure or drop W = M and nothing changes. Async FedAvg simply goes on, and
 * FedFix keeps its timer (a tick with an empty buffer is an empty step, as always).
 *
 * <pre>{@code
 * AsyncFederated fl = new AsyncFederated(workers, ClientTimes.linear(10, 50),
 *         AsyncFederated.Config.fedBuff(3, true, 0.05, 5, 1.0), p, 42);
 * fl.depart(7, 20.0);                    // the server learns at t = 20 that client 7 left
 * fl.runUntil(50.0);                      // virtual time
 * ParamVector theta = fl.global();
 * }</pre>
 */
public final class AsyncFederated {
    /** When the server aggregates. */
    public enum Scheme { SYNC, ASYNC, FEDBUFF, FEDFIX }

    /**
     * @param scheme     aggregation schedule
     * @param unbiased   the "weight" variant (expected weight p_i) instead of the naive one
     * @param localLr    η_l
     * @param localSteps K local SGD steps per job
     * @param serverLr   η_g
     * @param buffer     c for FedBuff (ignored otherwise)
     * @param period     Δt for FedFix (ignored otherwise)
     */
    public record Config(Scheme scheme, boolean unbiased, double localLr, int localSteps, double serverLr, int buffer,
                         double period) {
        public Config {
            if (!(localLr > 0) || localSteps < 1 || !(serverLr > 0)) {
                throw new IllegalArgumentException("AsyncFederated: need η_l > 0, K ≥ 1, η_g > 0, got η_l = " + localLr
                        + ", K = " + localSteps + ", η_g = " + serverLr);
            }
            if (scheme == Scheme.FEDBUFF && buffer < 1) throw new IllegalArgumentException("AsyncFederated: FedBuff buffer c must be ≥ 1, got " + buffer);
            if (scheme == Scheme.FEDFIX && !(period > 0)) throw new IllegalArgumentException("AsyncFederated: FedFix period Δt must be positive, got " + period);
        }

        public static Config sync(double localLr, int localSteps, double serverLr) {
            return new Config(Scheme.SYNC, true, localLr, localSteps, serverLr, 0, 0);
        }

        public static Config async(boolean unbiased, double localLr, int localSteps, double serverLr) {
            return new Config(Scheme.ASYNC, unbiased, localLr, localSteps, serverLr, 0, 0);
        }

        public static Config fedBuff(int c, boolean unbiased, double localLr, int localSteps, double serverLr) {
            return new Config(Scheme.FEDBUFF, unbiased, localLr, localSteps, serverLr, c, 0);
        }

        public static Config fedFix(double period, boolean unbiased, double localLr, int localSteps, double serverLr) {
            return new Config(Scheme.FEDFIX, unbiased, localLr, localSteps, serverLr, 0, period);
        }
    }

    /** One server step: its virtual time and the clients it aggregated (index order). */
    public record Step(double time, int[] clients) {}

    private record Update(int client, ParamVector delta) {}

    /** Event kind of a departure the server learns of ({@link #depart}). */
    public static final String CLIENT_DEPARTED = "ClientDeparted";

    private final List<Worker> workers;
    private final ClientTimes times;
    private final Config cfg;
    private final double[] weight;
    private final EventEngine engine;
    private final ParamVector theta;
    private final List<Update> buffer = new ArrayList<>();
    private final List<Step> stepLog = new ArrayList<>();
    private long serverSteps;
    private final double[] totalWeight;
    private final long[] appearances;
    private final boolean trackSteps;
    private final boolean[] departed;
    private final boolean[] gone;   // departed or lost to a drop: no update will come
    private long dropped;
    private long late;

    /**
     * @param workers  the M clients (their params are overwritten by the global model at each start)
     * @param p        client importances p_i (positive, summing to 1), e.g. n_i/n
     * @param seed     seeds the event engine's streams (compute times, minibatches)
     */
    public AsyncFederated(List<Worker> workers, ClientTimes times, Config config, double[] p, long seed) {
        this(workers, times, config, p, seed, true);
    }

    /** As above; {@code trackSteps = false} keeps no per-step list (long runs). */
    public AsyncFederated(List<Worker> workers, ClientTimes times, Config config, double[] p, long seed, boolean trackSteps) {
        this(workers, times, config, p, seed, trackSteps, null);
    }

    /**
     * As above with the aggregation weights d_i given instead of derived from {@code times} and
     * {@code p} (null: derived). A run replayed from a recorded schedule (the Pekko backend's
     * {@code AsyncReplay}) passes the weights of the original run, whose compute times it replaces.
     */
    public AsyncFederated(List<Worker> workers, ClientTimes times, Config config, double[] p, long seed, boolean trackSteps,
                          double[] weights) {
        int m = workers.size();
        if (m == 0) throw new IllegalArgumentException("AsyncFederated: no clients");
        if (times.clients() != m || p.length != m) {
            throw new IllegalArgumentException("AsyncFederated: " + m + " workers but " + times.clients() + " client times and " + p.length + " importances");
        }
        double sum = 0;
        for (double v : p) {
            if (!(v > 0)) throw new IllegalArgumentException("AsyncFederated: importances must be positive, got " + java.util.Arrays.toString(p));
            sum += v;
        }
        if (Math.abs(sum - 1) > 1e-9) throw new IllegalArgumentException("AsyncFederated: importances must sum to 1, got " + sum);
        if (config.scheme() == Scheme.FEDBUFF && config.buffer() > m) {
            throw new IllegalArgumentException("AsyncFederated: FedBuff buffer c = " + config.buffer() + " exceeds the " + m + " clients");
        }
        this.workers = List.copyOf(workers);
        this.times = times;
        this.cfg = config;
        if (weights != null && weights.length != m) {
            throw new IllegalArgumentException("AsyncFederated: " + m + " workers but " + weights.length + " aggregation weights");
        }
        this.weight = weights != null ? weights.clone() : aggregationWeights(times, config, p, seed);
        this.trackSteps = trackSteps;
        this.totalWeight = new double[m];
        this.appearances = new long[m];
        this.departed = new boolean[m];
        this.gone = new boolean[m];
        this.theta = workers.get(0).params().copy();
        this.engine = new EventEngine(m, seed);
        engine.onMessage((msg, e) -> arrive(msg));
        for (int i = 0; i < m; i++) start(i);
        if (cfg.scheme() == Scheme.FEDFIX) scheduleTimer(1);
    }

    /**
     * The aggregation weights d_i a run of {@code config} with these times, importances and seed
     * uses (for unbiased FedBuff this runs the schedule alone, see the class comment).
     */
    public static double[] aggregationWeights(ClientTimes times, Config config, double[] p, long seed) {
        return config.scheme() == Scheme.FEDBUFF && config.unbiased() ? fedBuffWeights(times, config, p, seed) : weights(times, config, p);
    }

    /** The aggregation weights d_i of the scheme and variant (index i). */
    static double[] weights(ClientTimes times, Config cfg, double[] p) {
        int m = p.length;
        double invSum = 0;
        for (int i = 0; i < m; i++) invSum += 1 / times.mean(i);
        double[] d = new double[m];
        for (int i = 0; i < m; i++) {
            double tau = times.mean(i);
            d[i] = switch (cfg.scheme()) {
                case SYNC -> p[i];
                case ASYNC -> cfg.unbiased() ? invSum * tau * p[i] : 1;
                case FEDBUFF -> cfg.unbiased() ? p[i] * tau * invSum / cfg.buffer() : 1.0 / cfg.buffer();
                case FEDFIX -> cfg.unbiased() ? Math.ceil(tau / cfg.period() - 1e-12) * p[i] : p[i];
            };
        }
        return d;
    }

    /** d_i = p_i / f_i, f_i measured on a schedule-only run (compute times draw from their own stream, so the schedule is the same). */
    private static double[] fedBuffWeights(ClientTimes times, Config cfg, double[] p, long seed) {
        int m = p.length;
        List<Worker> dummies = new ArrayList<>();
        for (int i = 0; i < m; i++) dummies.add(new Worker(i, ParamVector.zeros(1), LocalProblem.quadratic(ParamVector.zeros(1))));
        Config naive = new Config(Scheme.FEDBUFF, false, cfg.localLr(), 1, cfg.serverLr(), cfg.buffer(), 0);
        AsyncFederated schedule = new AsyncFederated(dummies, times, naive, p, seed, false);
        long horizon = 200L * m;
        schedule.runSteps(horizon);
        double[] d = new double[m];
        for (int i = 0; i < m; i++) {
            long appearances = schedule.appearances[i];
            if (appearances == 0) {
                throw new IllegalStateException("AsyncFederated: client " + i + " never reached FedBuff's buffer in " + horizon
                        + " server steps; its unbiased weight is undefined");
            }
            d[i] = appearances == schedule.serverSteps ? p[i] : p[i] * schedule.serverSteps / appearances;
        }
        return d;
    }

    private void start(int i) {
        if (gone[i]) return;   // a departed client gets no job
        Worker w = workers.get(i);
        w.params().setInPlace(theta);
        ParamVector origin = theta.copy();
        double duration = times.sample(i, engine.rng("compute-time", i));
        engine.schedule(duration, EventEngine.LOCAL_STEP_DONE, i, e -> finish(w, origin));
    }

    private void finish(Worker w, ParamVector origin) {
        if (departed[w.id()]) return;   // its node is gone: nothing is sent
        ParamVector x = w.params(), g = ParamVector.zeros(x.dim());
        for (int k = 0; k < cfg.localSteps(); k++) {
            w.problem().gradient(x, engine.rng("minibatch", w.id()), g);
            x.axpyInPlace(-cfg.localLr(), g);
        }
        w.countGradients(cfg.localSteps());
        if (!engine.send(Message.dense(w.id(), Message.SERVER, serverSteps, "delta", x.minus(origin)))) {
            dropped++;            // the update is lost, and with it the client (only an aggregation restarts it)
            gone[w.id()] = true;
            aggregateIfDue();
        }
    }

    private void arrive(Message m) {
        if (departed[m.from()]) {
            late++;               // sent before the client left, arrived after: discarded
            return;
        }
        buffer.add(new Update(m.from(), m.payload()));
        aggregateIfDue();
    }

    /**
     * The server learns at virtual time {@code time} (≥ now) that client {@code client} has left:
     * from then on it does not wait for it, discards its updates and never restarts it (see the
     * class comment for FedBuff with fewer than c clients left). An update of it that the server
     * buffered earlier is still aggregated. The Pekko backend's replay calls this for every
     * departure its server recorded.
     */
    public void depart(int client, double time) {
        if (client < 0 || client >= workers.size()) {
            throw new IllegalArgumentException("AsyncFederated.depart: client " + client + " outside 0.." + (workers.size() - 1));
        }
        if (!(time >= engine.now())) {
            throw new IllegalArgumentException("AsyncFederated.depart: time " + time + " is before the clock " + engine.now());
        }
        engine.schedule(time - engine.now(), CLIENT_DEPARTED, Message.SERVER, e -> {
            departed[client] = true;
            gone[client] = true;
            aggregateIfDue();
        });
    }

    /**
     * Whether the server aggregates now, the rule this class and the Pekko server share: async at
     * every arrival; FedBuff at min(c, W) buffered updates; sync when all W clients that can still
     * report have; FedFix only on its timer. W counts the clients neither departed nor lost to a
     * drop; nothing is due with an empty buffer.
     *
     * @param buffered         updates in the buffer
     * @param bufferedWaitable those of them from clients counted in W
     * @param waitable         W
     */
    public static boolean aggregationDue(Config cfg, int buffered, int bufferedWaitable, int waitable) {
        if (buffered == 0) return false;
        return switch (cfg.scheme()) {
            case SYNC -> bufferedWaitable >= waitable;
            case ASYNC -> true;
            case FEDBUFF -> buffered >= Math.min(cfg.buffer(), waitable);
            case FEDFIX -> false;   // the timer aggregates
        };
    }

    private void aggregateIfDue() {
        int waitable = 0, bufferedWaitable = 0;
        for (boolean g : gone) if (!g) waitable++;
        for (Update u : buffer) if (!gone[u.client()]) bufferedWaitable++;
        if (aggregationDue(cfg, buffer.size(), bufferedWaitable, waitable)) aggregate();
    }

    private void aggregate() {
        buffer.sort(Comparator.comparingInt(Update::client));
        int[] who = new int[buffer.size()];
        for (int k = 0; k < buffer.size(); k++) {
            Update u = buffer.get(k);
            who[k] = u.client();
            theta.axpyInPlace(cfg.serverLr() * weight[u.client()], u.delta());
            totalWeight[u.client()] += weight[u.client()];
            appearances[u.client()]++;
        }
        buffer.clear();
        serverSteps++;
        if (trackSteps) stepLog.add(new Step(engine.now(), who));
        for (int i : who) start(i);
    }

    /** FedFix's timer: aggregates at kΔt (nudged by 1e-9·Δt so that a client returning exactly at kΔt is included). */
    private void scheduleTimer(long k) {
        double target = k * cfg.period() * (1 + 1e-9);
        engine.schedule(Math.max(0, target - engine.now()), EventEngine.SERVER_AGGREGATE, Message.SERVER, e -> {
            aggregate();
            scheduleTimer(k + 1);
        });
    }

    /** Runs the clock to virtual time {@code until}. */
    public void runUntil(double until) {
        engine.runUntil(until);
    }

    /** Runs until {@code n} server steps have happened (or nothing is left to fire). */
    public void runSteps(long n) {
        while (serverSteps < n && engine.pending() > 0) engine.runEvents(1);
    }

    /** The global model θ (a copy). */
    public ParamVector global() {
        return theta.copy();
    }

    /** Virtual time. */
    public double time() {
        return engine.now();
    }

    /** Server steps so far. */
    public long serverSteps() {
        return serverSteps;
    }

    /** The server steps so far (empty when constructed with {@code trackSteps = false}). */
    public List<Step> steps() {
        return List.copyOf(stepLog);
    }

    /** Σ over server steps of each client's weight ω_i(n) (normalize to get the surrogate importances q_i). */
    public double[] aggregatedWeight() {
        return totalWeight.clone();
    }

    /** Updates the channel dropped (each one's client is lost). */
    public long dropped() {
        return dropped;
    }

    /** Updates discarded because their client had departed before they arrived. */
    public long lateUpdates() {
        return late;
    }

    /** The clients that have departed ({@link #depart}) by now, in index order. */
    public int[] departed() {
        return java.util.stream.IntStream.range(0, departed.length).filter(i -> departed[i]).toArray();
    }

    /** The aggregation weights d_i in use. */
    public double[] weights() {
        return weight.clone();
    }

    /** The engine (byte counts, trace). */
    public EventEngine engine() {
        return engine;
    }

    /** Local gradient evaluations so far, over all clients. */
    public long gradients() {
        long s = 0;
        for (Worker w : workers) s += w.gradients();
        return s;
    }
}
