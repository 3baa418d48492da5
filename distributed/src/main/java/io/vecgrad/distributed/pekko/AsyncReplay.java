package io.vecgrad.distributed.pekko;

import io.vecgrad.distributed.Channel;
import io.vecgrad.distributed.Worker;
import io.vecgrad.distributed.async.AsyncFederated;
import io.vecgrad.distributed.async.ClientTimes;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Replays the order a Pekko run's server handled events in ({@link AsyncTrace}) in the simulator:
 * the simulator's {@link AsyncFederated} on its virtual-clock {@code EventEngine}, with compute
 * times chosen so that its events fire in the recorded order. Event e of the trace gets the
 * virtual time e (for FedFix: arrivals between ticks k−1 and k get (k−1)·P + m, m = 1, 2, …,
 * and the simulator's tick k falls just after kP, with P = 2¹⁶); a job dispatched at event s and
 * arriving at event a takes time(a) − time(s). Everything else (minibatches, local steps, the
 * weights of the original run, client-order sums) is the simulator's own, so the replayed model
 * equals the Pekko model bit for bit when the backend computes what the simulator computes.
 * Faults: a recorded departure at event e becomes {@link AsyncFederated#depart} at time e; a
 * recorded drop at event e is the job finishing at e, and the simulator's engine, given the
 * run's uplink channel, drops it there from the same stream (a replay that did not drop it would
 * apply the update and the models would differ); an update discarded after its client's departure
 * never arrives in the replay.
 *
 * <pre>{@code
 * PekkoAsyncFederated.Result r = PekkoAsyncFederated.run(cluster, workers(), times, cfg, p, 42, settings);
 * AsyncFederated sim = AsyncReplay.replay(r.trace(), workers(), times, cfg, p, 42, r.weights());
 * boolean same = java.util.Arrays.equals(sim.global().data(), r.model().data());
 * }</pre>
 */
public final class AsyncReplay {
    /** FedFix's period in the replay's virtual time (the recorded period only matters through the weights). */
    static final double PERIOD = 65_536;

    private AsyncReplay() {}

    /**
     * Runs the simulator on the recorded order up to the trace's last server step.
     *
     * @param workers fresh workers equal to the ones the Pekko run started from
     * @param times   the original run's compute times (their means only; the durations come from the trace)
     * @param weights the original run's aggregation weights ({@link PekkoAsyncFederated.Result#weights})
     */
    public static AsyncFederated replay(AsyncTrace trace, List<Worker> workers, ClientTimes times, AsyncFederated.Config cfg,
            double[] p, long seed, double[] weights) {
        return replay(trace, workers, times, cfg, p, seed, weights, Channel.perfect());
    }

    /** As above for a run with injected faults: {@code uplink} is its {@link PekkoAsyncFederated.Faults#uplink}. */
    public static AsyncFederated replay(AsyncTrace trace, List<Worker> workers, ClientTimes times, AsyncFederated.Config cfg,
            double[] p, long seed, double[] weights, Channel uplink) {
        AsyncFederated sim = simulator(trace, workers, times, cfg, p, seed, weights);
        sim.engine().channel(uplink);
        double[] time = eventTimes(trace, cfg.scheme() == AsyncFederated.Scheme.FEDFIX);
        for (AsyncTrace.Event e : trace.events(AsyncTrace.Kind.DEPARTURE)) {
            sim.depart(e.client(), time[e.index()]);
        }
        sim.runSteps(trace.serverSteps());
        return sim;
    }

    /** The simulator set up to replay {@code trace}, not yet run. */
    static AsyncFederated simulator(AsyncTrace trace, List<Worker> workers, ClientTimes times, AsyncFederated.Config cfg,
            double[] p, long seed, double[] weights) {
        boolean fix = cfg.scheme() == AsyncFederated.Scheme.FEDFIX;
        double[] time = eventTimes(trace, fix);
        List<Deque<Double>> durations = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            durations.add(new ArrayDeque<>());
        }
        long[] arrivedJobs = new long[workers.size()];
        double[][] arrival = new double[workers.size()][];
        long[] finished = trace.arrivalsPerClient(workers.size());
        for (AsyncTrace.Event e : trace.events(AsyncTrace.Kind.DROP)) {
            finished[e.client()]++;
        }
        for (int i = 0; i < workers.size(); i++) {
            arrival[i] = new double[(int) finished[i]];
        }
        for (AsyncTrace.Event e : trace.events()) {
            if (e.kind() == AsyncTrace.Kind.ARRIVAL || e.kind() == AsyncTrace.Kind.DROP) {   // a dropped job finished too
                if (e.job() != arrivedJobs[e.client()]) {
                    throw new IllegalArgumentException("async replay: client " + e.client() + " delivered job " + e.job()
                            + " where job " + arrivedJobs[e.client()] + " was due");
                }
                arrival[e.client()][(int) arrivedJobs[e.client()]++] = time[e.index()];
            }
        }
        for (AsyncTrace.Dispatch d : trace.dispatches()) {
            double start = time[d.atEvent()];
            double end = d.job() < arrival[d.client()].length ? arrival[d.client()][(int) d.job()] : Double.POSITIVE_INFINITY;
            durations.get(d.client()).add(end - start);
        }
        AsyncFederated.Config replayCfg = fix
                ? AsyncFederated.Config.fedFix(PERIOD, cfg.unbiased(), cfg.localLr(), cfg.localSteps(), cfg.serverLr())
                : cfg;
        return new AsyncFederated(workers, new Recorded(times, durations), replayCfg, p, seed, true, weights);
    }

    /** Virtual times of events 0..n (0: the start). */
    static double[] eventTimes(AsyncTrace trace, boolean fedFix) {
        double[] t = new double[trace.events().size() + 1];
        long ticks = 0;
        int sinceTick = 0;
        for (AsyncTrace.Event e : trace.events()) {
            if (!fedFix) {
                t[e.index()] = e.index();
            } else if (e.kind() == AsyncTrace.Kind.TICK) {
                ticks = e.job();
                sinceTick = 0;
                t[e.index()] = ticks * PERIOD * (1 + 1e-9);   // where the simulator's timer fires
            } else {
                sinceTick++;
                if (sinceTick >= PERIOD) {
                    throw new IllegalArgumentException("async replay: more than " + (long) PERIOD + " arrivals in one FedFix period");
                }
                t[e.index()] = ticks * PERIOD + sinceTick;
            }
        }
        return t;
    }

    /** The recorded durations, job by job; the means are the original times'. */
    private record Recorded(ClientTimes base, List<Deque<Double>> durations) implements ClientTimes {
        @Override
        public double sample(int client, Rng rng) {
            Double d = durations.get(client).poll();
            return d == null ? Double.POSITIVE_INFINITY : d;
        }

        @Override
        public double mean(int client) {
            return base.mean(client);
        }

        @Override
        public int clients() {
            return base.clients();
        }
    }
}
