package io.vecgrad.distributed.pekko;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one cluster node runs: its rank among {@code workers}, where it listens, whom it joins, and
 * the FedAvg job's size. Parsed from {@code --key value} arguments so the node's JVM needs no
 * command-line library; {@link #toArgs()} writes them back for a child JVM.
 *
 * <pre>{@code
 * NodeOptions o = NodeOptions.parse("--rank", "1", "--workers", "3", "--port", "0",
 *         "--seed-nodes", "127.0.0.1:25520", "--rounds", "20");
 * }</pre>
 *
 * @param rank this node's worker id
 * @param workers how many workers the job has
 * @param hostname the address others reach this node at
 * @param port the Artery port (0: free port; a seed node needs a fixed one)
 * @param seedNodes {@code host:port} of the seed nodes
 * @param name the actor system (cluster) name
 * @param rounds FedAvg rounds
 * @param localSteps SGD steps per round
 * @param lr the local learning rate
 * @param seed the job's seed
 * @param checkpointDir where to write {@code worker-<rank>.safetensors} after each round, or null
 * @param roundDelayMillis a pause after each round (to watch progress, or to kill a node mid-run)
 * @param timeoutSeconds how long to wait for the cluster to form and for each message
 * @param method which round method runs: one of {@link #METHODS}
 * @param server where the method's server step runs (null: {@link ServerPlacement#defaultFor} the method,
 *     the Cluster Singleton where the method has a server)
 */
public record NodeOptions(int rank, int workers, String hostname, int port, List<String> seedNodes, String name,
        int rounds, int localSteps, double lr, long seed, Path checkpointDir, long roundDelayMillis,
        int timeoutSeconds, String method, ServerPlacement server) {
    /**
     * The methods a node can run (see {@link ClusterNode#method}): every synchronous method of the
     * core's {@code MethodRegistry} that {@code MethodFactories} builds, {@code fedavg} first, then the
     * asynchronous ones of {@link AsyncClusterNode}, then those with their own problem ({@code MethodJobs}),
     * then {@link DadaoClusterNode}'s {@code dadao}.
     */
    public static final List<String> METHODS = java.util.stream.Stream.of(
            io.vecgrad.distributed.zoo.MethodFactories.names(), AsyncClusterNode.METHODS,
            io.vecgrad.distributed.zoo.MethodJobs.names(), List.of(DadaoClusterNode.METHOD)).flatMap(List::stream).toList();

    /** Options running FedAvg. */
    public NodeOptions(int rank, int workers, String hostname, int port, List<String> seedNodes, String name,
            int rounds, int localSteps, double lr, long seed, Path checkpointDir, long roundDelayMillis,
            int timeoutSeconds) {
        this(rank, workers, hostname, port, seedNodes, name, rounds, localSteps, lr, seed, checkpointDir,
                roundDelayMillis, timeoutSeconds, "fedavg");
    }

    /** Options running {@code method} with its default server placement. */
    public NodeOptions(int rank, int workers, String hostname, int port, List<String> seedNodes, String name,
            int rounds, int localSteps, double lr, long seed, Path checkpointDir, long roundDelayMillis,
            int timeoutSeconds, String method) {
        this(rank, workers, hostname, port, seedNodes, name, rounds, localSteps, lr, seed, checkpointDir,
                roundDelayMillis, timeoutSeconds, method, null);
    }

    /** Checks the figures. */
    public NodeOptions {
        if (workers < 1 || rank < 0 || rank >= workers) {
            throw new IllegalArgumentException("cluster node: rank " + rank + " of " + workers + " workers");
        }
        if (rounds < 0 || localSteps < 1 || !(lr > 0) || roundDelayMillis < 0 || timeoutSeconds < 1) {
            throw new IllegalArgumentException(String.format("cluster node: rounds %d, local steps %d, lr %s,"
                    + " round delay %d ms, timeout %d s out of range", rounds, localSteps, lr, roundDelayMillis,
                    timeoutSeconds));
        }
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("cluster node: unknown method '" + method + "'; one of " + METHODS);
        }
        if (method.equals(DadaoClusterNode.METHOD) && workers < 2) {
            throw new IllegalArgumentException("cluster node: method dadao needs at least 2 workers (a graph with an edge), got " + workers);
        }
        if (server == null) {
            server = ServerPlacement.defaultFor(method);
        }
        server.check(method);
        seedNodes = List.copyOf(seedNodes);
        new ClusterSettings(name, hostname, port, seedNodes, false, 2); // checks name, port and seed nodes
    }

    /** The same options running another method. */
    public NodeOptions withMethod(String m) {
        return new NodeOptions(rank, workers, hostname, port, seedNodes, name, rounds, localSteps, lr, seed,
                checkpointDir, roundDelayMillis, timeoutSeconds, m, null);
    }

    /** The same options with the server step placed as {@code p}. */
    public NodeOptions withServer(ServerPlacement p) {
        return new NodeOptions(rank, workers, hostname, port, seedNodes, name, rounds, localSteps, lr, seed,
                checkpointDir, roundDelayMillis, timeoutSeconds, method, p);
    }

    /**
     * Parses {@code --rank R --workers N [--hostname H] [--port P] [--seed-nodes h:p,h:p] [--config FILE]
     * [--name NAME] [--rounds R] [--local-steps S] [--lr X] [--seed S] [--checkpoint-dir DIR]
     * [--round-delay-ms MS] [--timeout-s S] [--method NAME] [--server singleton|replicated]}. A {@code --config} file (see {@link ClusterSettings#fromFile})
     * supplies name, hostname, port and seed nodes; explicit flags override it.
     *
     * @throws IllegalArgumentException naming the flag when a value is missing or malformed
     */
    public static NodeOptions parse(String... args) {
        int rank = -1;
        int workers = -1;
        String host = "127.0.0.1";
        int port = 0;
        List<String> seeds = new ArrayList<>();
        String name = "vecgrad";
        int rounds = 20;
        int steps = 5;
        double lr = 0.1;
        long seed = 42;
        Path dir = null;
        long delay = 0;
        int timeout = 60;
        String method = "fedavg";
        ServerPlacement server = null;
        for (int i = 0; i < args.length; i += 2) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("cluster node: " + flag + " needs a value");
            }
            String v = args[i + 1];
            try {
                switch (flag) {
                    case "--rank" -> rank = Integer.parseInt(v);
                    case "--workers" -> workers = Integer.parseInt(v);
                    case "--hostname" -> host = v;
                    case "--port" -> port = Integer.parseInt(v);
                    case "--seed-nodes" -> seeds = v.isBlank() ? List.of() : Arrays.asList(v.split(","));
                    case "--config" -> {
                        ClusterSettings s = ClusterSettings.fromFile(Path.of(v));
                        name = s.name();
                        host = s.hostname();
                        port = s.port();
                        seeds = s.seedNodes();
                    }
                    case "--name" -> name = v;
                    case "--rounds" -> rounds = Integer.parseInt(v);
                    case "--local-steps" -> steps = Integer.parseInt(v);
                    case "--lr" -> lr = Double.parseDouble(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--checkpoint-dir" -> dir = Path.of(v);
                    case "--round-delay-ms" -> delay = Long.parseLong(v);
                    case "--timeout-s" -> timeout = Integer.parseInt(v);
                    case "--method" -> method = v;
                    case "--server" -> server = ServerPlacement.parse(v);
                    default -> throw new IllegalArgumentException("cluster node: unknown option " + flag);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cluster node: " + flag + " '" + v + "' is not a number");
            }
        }
        if (rank < 0 || workers < 1) {
            throw new IllegalArgumentException("cluster node: --rank and --workers are required");
        }
        return new NodeOptions(rank, workers, host, port, seeds, name, rounds, steps, lr, seed, dir, delay, timeout, method, server);
    }

    /** The arguments {@link #parse} reads back. */
    public List<String> toArgs() {
        List<String> a = new ArrayList<>(List.of("--rank", "" + rank, "--workers", "" + workers, "--hostname", hostname,
                "--port", "" + port, "--seed-nodes", String.join(",", seedNodes), "--name", name, "--rounds", "" + rounds,
                "--local-steps", "" + localSteps, "--lr", "" + lr, "--seed", "" + seed, "--round-delay-ms",
                "" + roundDelayMillis, "--timeout-s", "" + timeoutSeconds, "--method", method, "--server",
                server.cliName()));
        if (checkpointDir != null) {
            a.addAll(List.of("--checkpoint-dir", checkpointDir.toString()));
        }
        return a;
    }

    /** The node's cluster settings (a fast split-brain resolver: a dead JVM is downed after 2 s of silence). */
    public ClusterSettings settings() {
        return new ClusterSettings(name, hostname, port, seedNodes, false, 2);
    }
}
