package io.vecgrad.distributed.pekko;

import io.vecgrad.distributed.dadao.Dadao;
import io.vecgrad.distributed.dadao.DadaoConstants;
import io.vecgrad.distributed.dadao.GraphSpectrum;
import io.vecgrad.tensor.random.Rng;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;

/**
 * DADAO (P46, {@link Dadao}) on a Pekko cluster: one actor per node, its gradient and edge
 * Poisson clocks driven by Pekko timers that fire at (virtual time × {@code unit}) after the
 * start; a gossip event on an edge is an exchange of Y + Z between its two actors (float64
 * {@link DoubleChunk}s). The clocks draw from the seeded streams the simulator's
 * {@code Dadao.drive(EventEngine, …)} uses, and each node handles its events in virtual-time
 * order, waiting at a gossip event for its partner's value at that same time. So this is a
 * virtual-time schedule pushed through Pekko messages: real time paces the run but decides
 * nothing, and every node's state equals the simulator's bit for bit (a node waits when its
 * partner lags; the lag, real minus scheduled time, is reported).
 *
 * <p>Crashes: {@link #run(LocalCluster, DadaoConstants, GraphSpectrum, Dadao.LocalGradient, double[][], double,
 * double, long, double, Duration, Duration, Map) run} with a schedule node → virtual time is the
 * simulator's {@code engine.crash(node, time)}: the node stops at its crash time and its
 * neighbours drop it from their gossip ({@code alive(j)}'s counterpart), so they never wait for
 * it, and every node, the crashed ones included, equals the simulator's bit for bit. A node whose
 * JVM leaves without a schedule is dropped from its neighbours' gossip when its registration
 * goes (see {@code DadaoNode}); that run goes on but is not the simulator's.
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.start("vecgrad", 3, true, Duration.ofSeconds(30))) {
 *     PekkoDadao.Result r = PekkoDadao.run(cluster, DadaoConstants.of(mu, l, g.chi1(), g.lambdaMix()), g,
 *             gradients, x0, 1.0, g.lambdaMix(), 42, 20.0, Duration.ofMillis(20), Duration.ofSeconds(60));
 *     double[][] node3 = r.state(3);        // X, X̃, Y, Ỹ, Z, Z̃ as of node 3's last event
 * }
 * }</pre>
 */
public final class PekkoDadao {
    private static long jobs;

    private PekkoDadao() {}

    /**
     * A finished run.
     *
     * @param states         every node's six components, as of its last event
     * @param gradientEvents gradient events per node
     * @param gossipEvents   gossip events per node (each counts at both ends)
     * @param maxLagUnits    per node, the largest delay of an event past its scheduled real time, in units
     */
    public record Result(double[][][] states, long[] gradientEvents, long[] gossipEvents, double[] maxLagUnits) {
        /** Node i's six components (see {@link Dadao#X} …). */
        public double[][] state(int i) {
            return states[i];
        }
    }

    /**
     * Runs DADAO to virtual time {@code horizon}: node i on {@code cluster.system(i mod size)}.
     *
     * @param gradRate   gradient events per node per unit time
     * @param gossipRate total gossip events per unit time ({@code gossipRate/|E|} per edge)
     * @throws IllegalStateException when it does not finish within {@code timeout}
     */
    public static Result run(LocalCluster cluster, DadaoConstants constants, GraphSpectrum graph, Dadao.LocalGradient f,
            double[][] x0, double gradRate, double gossipRate, long seed, double horizon, Duration unit, Duration timeout) {
        return run(cluster, constants, graph, f, x0, gradRate, gossipRate, seed, horizon, unit, timeout, Map.of());
    }

    /**
     * As above with scheduled crashes: node j stops at virtual time {@code crashes.get(j)}, as after
     * {@code engine.crash(j, time)} in the simulator; its state in the result is as of its last event.
     */
    public static Result run(LocalCluster cluster, DadaoConstants constants, GraphSpectrum graph, Dadao.LocalGradient f,
            double[][] x0, double gradRate, double gossipRate, long seed, double horizon, Duration unit, Duration timeout,
            Map<Integer, Double> crashes) {
        if (!(horizon >= 0) || unit.isNegative() || unit.isZero()) {
            throw new IllegalArgumentException("pekko dadao: horizon " + horizon + " and unit " + unit + "; need ≥ 0 and a positive unit");
        }
        int n = x0.length;
        for (Map.Entry<Integer, Double> c : crashes.entrySet()) {
            if (c.getKey() < 0 || c.getKey() >= n || !(c.getValue() >= 0)) {
                throw new IllegalArgumentException("pekko dadao: crash of node " + c.getKey() + " at " + c.getValue()
                        + "; need a node in 0.." + (n - 1) + " and a time ≥ 0");
            }
        }
        String job = "run" + nextJob();
        List<CompletableFuture<DadaoNode.Report>> done = new ArrayList<>();
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        List<ActorRef<PekkoEndpoint.Command>> actors = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                // Each node gets its own Dadao (it touches only its node's state); the constructor checks the figures.
                Dadao local = new Dadao(constants, graph, f, x0, gradRate, gossipRate, new Rng(seed));
                CompletableFuture<DadaoNode.Report> d = new CompletableFuture<>();
                CompletableFuture<Void> up = new CompletableFuture<>();
                done.add(d);
                ready.add(up);
                actors.add(cluster.system(i % cluster.size()).systemActorOf(DadaoNode.create(job, i, local, graph.edges(),
                        gradRate, gossipRate, seed, horizon, unit.toNanos(), up, d, crashes), "vecgrad-dadao-" + job + "-" + i,
                        Props.empty()));
            }
            // Every node has found its partners: one common start, so that real time paces the clocks from here.
            CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long t0 = System.nanoTime() + Duration.ofMillis(20).toNanos();
            for (ActorRef<PekkoEndpoint.Command> a : actors) {
                a.tell(new DadaoNode.Start(t0));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            double[][][] states = new double[n][][];
            long[] grads = new long[n];
            long[] gossips = new long[n];
            double[] lag = new double[n];
            for (int i = 0; i < n; i++) {
                DadaoNode.Report r = done.get(i).get();
                states[i] = r.state();
                grads[i] = r.gradientEvents();
                gossips[i] = r.gossipEvents();
                lag[i] = r.maxLagUnits();
            }
            return new Result(states, grads, gossips, lag);
        } catch (TimeoutException e) {
            throw new IllegalStateException("pekko dadao: " + n + " nodes did not reach virtual time " + horizon + " within "
                    + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("pekko dadao: interrupted", e);
        } finally {
            for (ActorRef<PekkoEndpoint.Command> a : actors) {
                a.tell(new AsyncClient.Stop());
            }
        }
    }

    private static synchronized long nextJob() {
        return jobs++;
    }
}
