package io.vecgrad.cli.command;

import io.vecgrad.distributed.pekko.ClusterLauncher;
import io.vecgrad.distributed.pekko.ClusterNode;
import io.vecgrad.distributed.pekko.NodeOptions;
import io.vecgrad.distributed.pekko.ServerPlacement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Unmatched;

/**
 * {@code vecgrad cluster}: starts K worker JVMs on 127.0.0.1 that form an Apache Pekko cluster and
 * run federated averaging over it, printing membership and one line per round; {@code vecgrad
 * cluster node} runs one node of a cluster spread over machines.
 *
 * <pre>{@code
 * ./vecgrad cluster --workers 3 --rounds 20
 * ./vecgrad cluster --method gossip-pga --server replicated
 * ./vecgrad cluster node --config cluster.conf --rank 1 --workers 2
 * }</pre>
 */
@Command(name = "cluster", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start K worker JVMs on 127.0.0.1 as an Apache Pekko cluster and run a distributed method"
            + " (FedAvg by default) on softmax regression over Gaussian blobs, printing membership and per-round progress.",
            "Use `vecgrad cluster node` on each machine to run a cluster across machines."},
        subcommands = {ClusterCommand.Node.class, ClusterCommand.Bench.class},
        footer = {"", "Examples:", "  vecgrad cluster --workers 3 --rounds 20",
            "  vecgrad cluster --workers 3 --method scaffold --server replicated",
            "  vecgrad cluster --workers 4 --method gradient-coding --rounds 10",
            "  vecgrad cluster node --config cluster.conf --rank 0 --workers 2      (on each machine; see distributed/README.md)"})
public final class ClusterCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    @Option(names = "--workers", defaultValue = "3", paramLabel = "K", description = "Worker JVMs. Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--method", defaultValue = "fedavg", paramLabel = "NAME",
            description = "Round method: fedavg (tolerates departures; uses --local-steps and --lr) or any synchronous"
                + " method of `vecgrad list distributed` (fedprox, scaffold, gossip-pga, sign-majority-vote, lsgd, monna, ...)"
                + " with its default hyper-parameters, or an asynchronous one: fedbuff, fedfix, async-fedavg (actors with"
                + " Pekko timers, server on worker 0, one line per update step; --rounds counts server steps),"
                + " or one with its own problem: admm-fl, admm-fl-dual-free (least squares over noisy links, progress"
                + " as MSD to the optimum), curriculum-fedavg (paced shards), gradient-coding (coded gradients, one"
                + " seeded straggler per round)."
                + " Default: ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--server", paramLabel = "PLACEMENT",
            description = "Where the server step runs: singleton (a Pekko Cluster Singleton on the oldest node; workers"
                + " upload to it and receive the new model: n vectors each way per round) or replicated (every node"
                + " runs it on an all-gather: n(n-1) vectors). Default: singleton for methods with a server (fedavg,"
                + " fedprox, local-sgd, minibatch-sgd, scaffold, perturbed-fedsgd, *-majority-vote), replicated otherwise.")
    String server;

    @Option(names = "--rounds", defaultValue = "20", description = "Rounds. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--local-steps", defaultValue = "5", description = "Local SGD steps per round. Default: ${DEFAULT-VALUE}.")
    int localSteps;

    @Option(names = "--lr", defaultValue = "0.1", description = "Local learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--seed", defaultValue = "42", description = "Seeds the data and the run. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "Write each worker's model after every round to DIR/worker-<rank>.safetensors.")
    Path checkpointDir;

    @Option(names = "--round-delay-ms", defaultValue = "0", paramLabel = "MS",
            description = "Pause after each round (to watch, or to kill a worker mid-run). Default: ${DEFAULT-VALUE}.")
    long roundDelay;

    @Option(names = "--timeout-s", defaultValue = "60", paramLabel = "S",
            description = "How long to wait for the cluster to form and for each message. Default: ${DEFAULT-VALUE}.")
    int timeout;

    public ClusterCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        if (workers < 1 || workers > 64) {
            throw new ParameterException(spec.commandLine(), "--workers must be in 1..64, got " + workers);
        }
        NodeOptions check = new NodeOptions(0, workers, "127.0.0.1", 0, List.of(), "vecgrad", rounds, localSteps, lr,
                seed, checkpointDir, roundDelay, timeout, method, server == null ? null : ServerPlacement.parse(server));
                // (validates the options before any JVM starts)
        ctx.err().println("starting " + workers + " worker JVMs on 127.0.0.1 ...");
        int[] codes;
        try (ClusterLauncher c = ClusterLauncher.start(workers, o -> new NodeOptions(o.rank(), o.workers(), o.hostname(),
                o.port(), o.seedNodes(), o.name(), check.rounds(), check.localSteps(), check.lr(), check.seed(),
                check.checkpointDir(), check.roundDelayMillis(), check.timeoutSeconds(), check.method(), check.server()),
                line -> ctx.out().println(line))) {
            codes = c.waitFor(Duration.ofSeconds(timeout + 30L * Math.max(1, rounds) + rounds * roundDelay / 1000));
        }
        List<Integer> failed = new ArrayList<>();
        for (int r = 0; r < codes.length; r++) {
            if (codes[r] != 0) {
                failed.add(r);
            }
        }
        if (!failed.isEmpty()) {
            ctx.err().println("vecgrad cluster: workers " + failed + " did not finish (exit codes "
                    + java.util.Arrays.toString(codes) + ")");
            return 1;
        }
        return 0;
    }

    /** {@code vecgrad cluster bench}: Pekko transport throughput and per-message overhead against a plain socket. */
    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = {"All-reduce and one-way throughput of a float32 vector between two Pekko cluster systems on"
                + " 127.0.0.1, against a plain SocketChannel copy of the same bytes, and per-message overhead."
                + " Wall-clock figures: run it on a quiet machine."})
    static final class Bench implements Callable<Integer> {
        @Option(names = "--mb", defaultValue = "10", description = "Vector size in MB of float32. Default: ${DEFAULT-VALUE}.")
        double mb;

        @Option(names = "--reps", defaultValue = "5", description = "Timed transfers (best is reported). Default: ${DEFAULT-VALUE}.")
        int reps;

        @Option(names = "--pings", defaultValue = "2000", description = "Timed small-message round trips. Default: ${DEFAULT-VALUE}.")
        int pings;

        @Option(names = "--all-reduce-workers", defaultValue = "0", paramLabel = "K",
                description = "Also compare the ring and tree all-reduce over K cluster systems in this JVM (0: skip). Default: ${DEFAULT-VALUE}.")
        int allReduceWorkers;

        @Override
        public Integer call() throws Exception {
            int floats = (int) Math.round(mb * 1e6 / 4);
            io.vecgrad.distributed.pekko.TransportBench.run(floats, reps, pings, System.out);
            if (allReduceWorkers > 0) {
                io.vecgrad.distributed.pekko.TransportBench.allReduces(allReduceWorkers, floats, reps, System.out);
            }
            return 0;
        }
    }

    /** {@code vecgrad cluster node}: one node of a cluster across machines. */
    @Command(name = "node", mixinStandardHelpOptions = true,
            description = {"Run one worker of a cluster job in this JVM and exit when the job is done.",
                "Options: --rank R --workers K [--config FILE] [--hostname H] [--port P] [--seed-nodes h:p,...]"
                    + " [--method NAME] [--server singleton|replicated] [--rounds R] [--local-steps S] [--lr X] [--seed S] [--checkpoint-dir DIR]"
                    + " [--round-delay-ms MS] [--timeout-s S]. --config reads vecgrad.cluster { name, hostname,"
                    + " port, seed-nodes } (HOCON); flags after it override it."})
    static final class Node implements Callable<Integer> {
        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return ClusterNode.run(NodeOptions.parse(args.toArray(String[]::new)), System.out);
        }
    }
}
