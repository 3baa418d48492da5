package io.vecgrad.distributed.pekko;

import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.RoundMethod;
import io.vecgrad.distributed.Worker;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * {@link ClusterNode}'s job with the server step on a Cluster Singleton ({@link SingletonServer}):
 * every node starts the singleton manager (the server runs on the oldest node, normally the seed,
 * rank 0) and runs its worker through a {@link SingletonRoundEngine}. Progress lines, departures
 * and checkpoints are those of the replicated job; the model printed and saved after each round is
 * the one the server published. When the server's node leaves and the server resumes on another
 * node, each survivor prints one line naming the lost node, the new host and the round resumed.
 *
 * <pre>{@code
 * // inside ClusterNode.run, once the cluster is Up:
 * SingletonNode.run(options, system, job, job.worker(rank), Duration.ofSeconds(60), System.out);
 * }</pre>
 */
final class SingletonNode {
    private SingletonNode() {}

    static void run(NodeOptions o, ActorSystem<?> system, FedAvgJob job, Worker w, Duration timeout, PrintStream out)
            throws IOException, InterruptedException {
        SingletonServer.Job server = SingletonServer.job("fedavg", o.workers(), o.rounds(),
                () -> ClusterNode.method(o, job), i -> job.worker(i).params()).seed(o.seed()).timeout(timeout)
                .publishModels(true).build();
        ActorRef<PekkoEndpoint.Command> proxy = SingletonServer.init(system, server, o.rank());
        try (PekkoEndpoint ep = PekkoEndpoint.start(system, "fedavg", o.rank(), o.workers());
                SingletonRoundEngine engine = SingletonRoundEngine.builder(ep, w, proxy).seed(o.seed()).timeout(timeout)
                        .build()) {
            ep.awaitPeers(timeout);
            RoundMethod m = ClusterNode.method(o, job);
            m.setUp(engine);
            List<PekkoRoundEngine.Departure> gone = new ArrayList<>();
            int reported = 0;
            for (int r = 0; r < o.rounds(); r++) {
                m.round(engine, r);
                if (r == 0) {
                    out.printf("worker %d: server: cluster singleton on worker %d's node%n", o.rank(), engine.serverHost());
                }
                ParamVector model = engine.model(r + 1);
                int[] alive = engine.participants(r + 1);
                while (reported < engine.failovers().size()) {
                    out.printf("worker %d: %s%n", o.rank(), engine.failovers().get(reported++).describe());
                }
                for (int d : ep.departed()) {
                    if (d < o.workers() && gone.stream().noneMatch(x -> x.worker() == d)) {
                        gone.add(new PekkoRoundEngine.Departure(d, r));
                        out.printf("worker %d: worker %d left the cluster (noticed in round %d); going on with %s%n",
                                o.rank(), d, r + 1, Arrays.toString(alive));
                    }
                }
                out.printf("worker %d: round %d/%d test loss %.4f accuracy %.3f participants %s uplink %d B%n",
                        o.rank(), r + 1, o.rounds(), job.testLoss(model), job.testAccuracy(model), Arrays.toString(alive),
                        engine.uplinkBytesSent());
                if (o.checkpointDir() != null) {
                    ClusterNode.checkpoint(o, r + 1, model, gone);
                }
                if (o.roundDelayMillis() > 0) {
                    Thread.sleep(o.roundDelayMillis());
                }
            }
            SingletonRoundEngine.Result res = engine.result(o.rounds());
            List<String> departed = new ArrayList<>();
            for (PekkoRoundEngine.Departure d : gone) {
                departed.add("worker " + d.worker() + " (round " + (d.round() + 1) + ")");
            }
            out.printf("worker %d: %s done after %d rounds; departed %s; server counted %d bytes, %d uplink and %d"
                    + " downlink vectors; %d checkpoints (%d B), %d server restarts%n", o.rank(), o.method(), o.rounds(),
                    departed, res.totalBytes(), res.uplinkVectors(), res.downlinkVectors(), res.checkpointVectors(),
                    res.checkpointBytes(), res.serverRestarts());
        }
    }
}
