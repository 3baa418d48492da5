package io.vecgrad.distributed.dadao;

import io.vecgrad.distributed.sim.EventEngine;
import io.vecgrad.tensor.random.Rng;

/**
 * DADAO (Nabli and Oyallon, ICML 2023), following {@code DADAO_optimizer.step} and
 * {@code data.create_asynchronous_jump_processes} of github.com/AdelNabli/DADAO. Each node i
 * holds six d-vectors (X, X̃, Y, Ỹ, Z, Z̃); between events they follow the linear ODE of
 * {@link DadaoConstants}, applied lazily and exactly ({@code exp(M·Δt)}) when the node takes
 * part in an event. Two independent Poisson processes drive it: gradient events at rate
 * {@code gradRate} per node (a uniform node) and gossip events at total rate
 * {@code gossipRate} (a uniform edge):
 * <pre>
 * gradient at i:  r = ∇f_i(X_i) − νX_i − Ỹ_i;  X_i −= γr;  X̃_i −= γ̃r;  Ỹ_i += (δ + δ̃)r
 * gossip on ij:   m = (Y_i + Z_i) − (Y_j + Z_j);  Z_i −= βm;  Z̃_i −= β̃m;  Z_j += βm;  Z̃_j += β̃m
 * </pre>
 * The two processes draw from separate streams split from the seed, so changing the gradient
 * rate leaves the gossip times and edges unchanged (the decoupling the paper is named for).
 * A gossip event sends one d-vector (Y + Z) each way: 2·8·d bytes in float64.
 *
 * <pre>{@code
 * GraphSpectrum g = GraphSpectrum.of(n, edges);
 * Dadao run = new Dadao(DadaoConstants.of(mu, l, g.chi1(), g.lambdaMix()), g, (i, x, out) -> localGradient(i, x, out),
 *         x0, 1.0, g.lambdaMix(), new Rng(1));
 * run.advance(100.0);              // virtual time
 * double[] xi = run.model(3);      // node 3's X, caught up to t = 100
 * }</pre>
 */
public final class Dadao {
    /** Writes ∇f_node(x) into {@code out}. */
    @FunctionalInterface
    public interface LocalGradient {
        void gradient(int node, double[] x, double[] out);
    }

    /** Component indices of a node's state. */
    public static final int X = 0, X_TILDE = 1, Y = 2, Y_TILDE = 3, Z = 4, Z_TILDE = 5;

    private final DadaoConstants c;
    private final int[][] edges;
    private final LocalGradient f;
    private final int n;
    private final int d;
    private final double[][][] state;   // [node][component][coordinate]
    private final double[] lastEvent;
    private final double gradTotalRate;
    private final double gossipRate;
    private final Rng gradStream;
    private final Rng gossipStream;
    private final double[] grad;
    private final double[] tmp = new double[6];
    private double nextGrad;
    private double nextGossip;
    private double now;
    private boolean driven;
    private long gradientEvents;
    private long gossipEvents;

    /**
     * @param x0             initial X per node (n × d, copied); the other five components start at 0
     * @param gradRate       gradient events per node per unit time (the paper: 1)
     * @param gossipRate     total gossip events per unit time (the paper: λ_mix)
     */
    public Dadao(DadaoConstants constants, GraphSpectrum graph, LocalGradient f, double[][] x0,
                 double gradRate, double gossipRate, Rng rng) {
        this.c = constants;
        this.edges = graph.edges();
        this.f = f;
        this.n = x0.length;
        this.d = n == 0 ? 0 : x0[0].length;
        if (!(gradRate > 0) || !(gossipRate > 0)) {
            throw new IllegalArgumentException("Dadao: rates must be positive, got gradient rate " + gradRate
                    + " per node and gossip rate " + gossipRate);
        }
        for (int[] e : edges) {
            if (Math.max(e[0], e[1]) >= n) {
                throw new IllegalArgumentException("Dadao: edge (" + e[0] + ", " + e[1] + ") but only " + n + " initial models");
            }
        }
        state = new double[n][6][];
        for (int i = 0; i < n; i++) {
            if (x0[i].length != d) throw new IllegalArgumentException("Dadao: x0[" + i + "] has length " + x0[i].length + ", x0[0] has " + d);
            state[i][X] = x0[i].clone();
            for (int k = 1; k < 6; k++) state[i][k] = new double[d];
        }
        lastEvent = new double[n];
        gradTotalRate = gradRate * n;
        this.gossipRate = gossipRate;
        gradStream = rng.split("dadao/gradient");
        gossipStream = rng.split("dadao/gossip");
        grad = new double[d];
        nextGrad = exponential(gradStream, gradTotalRate);
        nextGossip = exponential(gossipStream, gossipRate);
    }

    private static double exponential(Rng rng, double rate) {
        return -Math.log(1 - rng.nextDouble()) / rate;
    }

    /**
     * Drives this run from the core's virtual-clock {@link EventEngine} instead of its own loop:
     * a Poisson clock of rate {@code gradRate} at every node fires gradient events and a clock of
     * rate {@code gossipRate/|E|} on every edge fires gossip events (the same process as a total
     * rate with a uniform edge, by superposition); engine crashes stop a node's clock. Afterwards
     * use {@link EventEngine#runUntil} and {@link #syncClock}, not {@link #advance}.
     */
    public void drive(EventEngine engine, double gradRate, double gossipRate) {
        if (engine.nodes() < n) throw new IllegalArgumentException("Dadao.drive: engine has " + engine.nodes() + " nodes, the graph " + n);
        if (!(gradRate > 0) || !(gossipRate > 0)) {
            throw new IllegalArgumentException("Dadao.drive: rates must be positive, got " + gradRate + " and " + gossipRate);
        }
        driven = true;
        for (int i = 0; i < n; i++) {
            int node = i;
            engine.poisson(node, gradRate, EventEngine.POISSON_TICK, e -> gradientEvent(node, e.now()));
        }
        for (int[] edge : edges) {
            engine.poisson(edge[0], gossipRate / edges.length, EventEngine.EDGE_TICK + "/" + edge[0] + "-" + edge[1], e -> {
                if (e.alive(edge[1])) gossipEvent(edge[0], edge[1], e.now());
            });
        }
    }

    /** With {@link #drive}: sets this run's clock to the engine's time (call after {@code engine.runUntil}). */
    public void syncClock(EventEngine engine) {
        if (engine.now() < now) throw new IllegalArgumentException("Dadao.syncClock: engine time " + engine.now() + " is before " + now);
        now = engine.now();
    }

    /** Processes every event with time ≤ {@code until}, in time order; the clock then reads {@code until}. */
    public void advance(double until) {
        if (driven) throw new IllegalStateException("Dadao.advance: this run is driven by an EventEngine; run the engine instead");
        if (until < now) throw new IllegalArgumentException("Dadao.advance: time " + until + " is before the clock " + now);
        while (Math.min(nextGrad, nextGossip) <= until) {
            if (nextGrad <= nextGossip) {
                gradientEvent(gradStream.nextInt(n), nextGrad);
                nextGrad += exponential(gradStream, gradTotalRate);
            } else {
                int[] e = edges[gossipStream.nextInt(edges.length)];
                gossipEvent(e[0], e[1], nextGossip);
                nextGossip += exponential(gossipStream, gossipRate);
            }
        }
        now = until;
    }

    /** A gradient event at node i at time t (public so tests can drive hand-made schedules). */
    public void gradientEvent(int i, double t) {
        catchUp(i, t);
        double[][] s = state[i];
        f.gradient(i, s[X].clone(), grad);
        for (int k = 0; k < d; k++) {
            double r = grad[k] - c.nu() * s[X][k] - s[Y_TILDE][k];
            s[X][k] -= c.gamma() * r;
            s[X_TILDE][k] -= c.gammaTilde() * r;
            s[Y_TILDE][k] += (c.delta() + c.deltaTilde()) * r;
        }
        gradientEvents++;
    }

    /** A gossip event on edge (i, j) at time t. */
    public void gossipEvent(int i, int j, double t) {
        catchUp(i, t);
        catchUp(j, t);
        double[][] a = state[i], b = state[j];
        for (int k = 0; k < d; k++) {
            double m = (a[Y][k] + a[Z][k]) - (b[Y][k] + b[Z][k]);
            a[Z][k] -= c.beta() * m;
            a[Z_TILDE][k] -= c.betaTilde() * m;
            b[Z][k] += c.beta() * m;
            b[Z_TILDE][k] += c.betaTilde() * m;
        }
        gossipEvents++;
    }

    /**
     * Node i's half of a gossip event at time t when the two nodes live apart (the Pekko backend):
     * catches node i up to t and returns Y_i + Z_i, the value it sends its partner.
     */
    public double[] gossipValue(int i, double t) {
        catchUp(i, t);
        double[][] s = state[i];
        double[] v = new double[d];
        for (int k = 0; k < d; k++) v[k] = s[Y][k] + s[Z][k];
        return v;
    }

    /**
     * Applies node i's half of a gossip event, given its own {@link #gossipValue} and its partner's:
     * with m = v_first − v_second, the edge's first node takes Z −= βm, Z̃ −= β̃m and the second
     * Z += βm, Z̃ += β̃m — the same operations, in the same order, as {@link #gossipEvent}.
     */
    public void applyGossip(int i, double[] mine, double[] theirs, boolean first) {
        double[][] s = state[i];
        for (int k = 0; k < d; k++) {
            double m = first ? mine[k] - theirs[k] : theirs[k] - mine[k];
            if (first) {
                s[Z][k] -= c.beta() * m;
                s[Z_TILDE][k] -= c.betaTilde() * m;
            } else {
                s[Z][k] += c.beta() * m;
                s[Z_TILDE][k] += c.betaTilde() * m;
            }
        }
        gossipEvents++;
    }

    /** Applies node i's flow from its last event to time t (a "null event": it changes no trajectory). */
    public void catchUp(int i, double t) {
        if (t < lastEvent[i]) {
            throw new IllegalArgumentException("Dadao: event at time " + t + " for node " + i + " before its last event " + lastEvent[i]);
        }
        if (t == lastEvent[i]) return;
        double[] e = c.flow(t - lastEvent[i]);
        double[][] s = state[i];
        for (int k = 0; k < d; k++) {
            for (int row = 0; row < 6; row++) {
                double v = 0;
                for (int col = 0; col < 6; col++) v += e[row * 6 + col] * s[col][k];
                tmp[row] = v;
            }
            for (int row = 0; row < 6; row++) s[row][k] = tmp[row];
        }
        lastEvent[i] = t;
    }

    /** Node i's model X_i, caught up to the clock. */
    public double[] model(int i) {
        catchUp(i, now);
        return state[i][X].clone();
    }

    /** Σ_i of one state component (e.g. {@link #Z}) as stored (not caught up). */
    public double[] sum(int component) {
        double[] out = new double[d];
        for (double[][] s : state) for (int k = 0; k < d; k++) out[k] += s[component][k];
        return out;
    }

    /** A copy of node i's six components as stored (not caught up). */
    public double[][] state(int i) {
        double[][] copy = new double[6][];
        for (int k = 0; k < 6; k++) copy[k] = state[i][k].clone();
        return copy;
    }

    /** Gradient events so far. */
    public long gradientEvents() {
        return gradientEvents;
    }

    /** Gossip events (communications) so far. */
    public long gossipEvents() {
        return gossipEvents;
    }

    /** Bytes sent so far: one float64 d-vector each way per gossip. */
    public long bytesSent() {
        return gossipEvents * 2L * 8L * d;
    }

    /** Virtual time. */
    public double time() {
        return now;
    }
}
