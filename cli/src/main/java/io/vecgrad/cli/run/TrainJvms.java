package io.vecgrad.cli.run;

import io.vecgrad.cli.registry.Registries;
import io.vecgrad.distributed.pekko.AllReduce;
import io.vecgrad.distributed.pekko.ClusterLauncher;
import io.vecgrad.distributed.pekko.ClusterMember;
import io.vecgrad.distributed.pekko.Collective;
import io.vecgrad.distributed.pekko.MessageKind;
import io.vecgrad.distributed.pekko.PeerDepartedException;
import io.vecgrad.distributed.pekko.PekkoEndpoint;
import io.vecgrad.tensor.io.Json;
import io.vecgrad.train.RunSummary;
import io.vecgrad.train.TrainingPlan;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Data-parallel training across JVMs on 127.0.0.1 ({@code vecgrad train --workers K --jvms}): this JVM
 * is worker 0 and the cluster's seed node; it starts workers 1..K−1 as child JVMs with
 * {@link ClusterLauncher#startJvms} (this JVM's class path and heap). Every child reads the plan from
 * the run folder's {@code config.json}, loads the same data with the same seed, builds the same
 * seeded model and optimizer and trains on its shard through the same {@code Trainer}
 * ({@link RunSession#follower}); only worker 0 writes the run folder (metrics, checkpoints, report).
 * The gradients are averaged by the chosen {@link AllReduce} over Pekko remoting, so the final
 * parameters equal those of the in-JVM run ({@code --workers K} without {@code --jvms}) bit for bit.
 *
 * <p>At the end every child reports "finished" to worker 0 and exits only when worker 0 releases it,
 * so no message still in flight is lost to an exiting JVM. A child that leaves early (crash, kill)
 * stops the run: worker 0's next all-reduce fails with a {@link WorkerLostException} naming the
 * worker and its process id; the checkpoints written so far stay whole (they are replaced atomically).
 * Children use {@code Registries.standard()}: the entries of {@code vecgrad list}.
 *
 * <pre>{@code
 * RunSession s = new RunSession(registries, run, progress, stop).workers(2).jvms(System.err);
 * List<RunSummary> out = s.execute(plan, true, null);   // worker 0's summary
 * }</pre>
 */
public final class TrainJvms {
    static final String SYSTEM = "vecgrad-train";
    static final String JOB = "train";
    private static final int FINISHED = 1;
    private static final int RELEASE = 2;

    private TrainJvms() {}

    /** A worker JVM left the run before it ended. */
    public static final class WorkerLostException extends IOException {
        private final int rank;

        WorkerLostException(int rank, String message, Throwable cause) {
            super(message, cause);
            this.rank = rank;
        }

        /** The rank of the worker that left. */
        public int rank() {
            return rank;
        }
    }

    /** Worker 0's training, given its collective. */
    @FunctionalInterface
    interface RankZero<T> {
        T run(Collective collective) throws Exception;
    }

    /**
     * Starts workers 1..K−1 as JVMs, forms the cluster with this JVM as worker 0, runs {@code rankZero}
     * and waits for the children to finish.
     *
     * @throws WorkerLostException when a child JVM leaves or fails before the run ends
     */
    static <T> T run(int workers, Path runDir, int optimizer, AllReduce algorithm, Duration timeout, PrintStream log,
            RankZero<T> rankZero) throws Exception {
        int port = ClusterLauncher.freeLoopbackPort();
        String seed = "127.0.0.1:" + port;
        ClusterMember member = ClusterMember.joinLoopback(SYSTEM, port, List.of(seed));
        List<List<String>> args = new ArrayList<>();
        for (int r = 1; r < workers; r++) {
            args.add(List.of("--rank", Integer.toString(r), "--workers", Integer.toString(workers), "--seed-node", seed,
                    "--run-dir", runDir.toAbsolutePath().toString(), "--optimizer", Integer.toString(optimizer),
                    "--all-reduce", algorithm.label(), "--timeout-seconds", Long.toString(timeout.toSeconds())));
        }
        try (ClusterLauncher children = ClusterLauncher.startJvms(TrainJvms.class.getName(), args, log::println)) {
            member.awaitUp(workers, timeout);
            try (PekkoEndpoint ep = member.endpoint(JOB, 0, workers)) {
                ep.awaitPeers(timeout);
                T result;
                try {
                    result = rankZero.run(Collective.pekko(ep, timeout, algorithm));
                    for (int r = 1; r < workers; r++) {
                        ep.receive(r, MessageKind.CONTROL, 0, FINISHED, timeout);
                    }
                } catch (Exception e) {
                    PeerDepartedException gone = departure(e);
                    if (gone == null || gone.rank() < 1 || gone.rank() >= workers) {
                        throw e;
                    }
                    int r = gone.rank();
                    throw new WorkerLostException(r, String.format("data-parallel training across %d JVMs: worker %d"
                            + " (JVM pid %d) left the run; worker 0 stopped (%s)", workers, r, children.pid(r - 1),
                            gone.getMessage()), e);
                }
                for (int r = 1; r < workers; r++) {
                    ep.send(r, MessageKind.CONTROL, 0, RELEASE, new float[0]);
                }
                int[] codes = children.waitFor(timeout);
                for (int r = 1; r < workers; r++) {
                    if (codes[r - 1] != 0) {
                        throw new WorkerLostException(r, String.format("data-parallel training across %d JVMs: worker %d"
                                + " (JVM pid %d) exited with code %d after the run", workers, r, children.pid(r - 1),
                                codes[r - 1]), null);
                    }
                }
                return result;
            }
        } finally {
            member.close();
        }
    }

    private static PeerDepartedException departure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PeerDepartedException p) {
                return p;
            }
        }
        return null;
    }

    /** Entry point of worker JVMs 1..K−1 (started by {@link #run}); exit code 0 when its share is done. */
    public static void main(String[] argv) {
        int code;
        try {
            code = follow(Options.parse(argv), System.out);
        } catch (IllegalArgumentException e) {
            System.out.println("vecgrad train worker: " + e.getMessage());
            code = 2;
        }
        System.exit(code);
    }

    static int follow(Options o, PrintStream out) {
        Duration timeout = Duration.ofSeconds(o.timeoutSeconds());
        ClusterMember member = ClusterMember.joinLoopback(SYSTEM, 0, List.of(o.seedNode()));
        try {
            TrainingPlan plan = plan(o.runDir());
            member.awaitUp(o.workers(), timeout);
            try (PekkoEndpoint ep = member.endpoint(JOB, o.rank(), o.workers())) {
                ep.awaitPeers(timeout);
                RunSummary s = RunSession.follower(Registries.standard(), plan, o.optimizer(), o.rank(), o.workers(),
                        Collective.pekko(ep, timeout, o.allReduce()));
                ep.send(0, MessageKind.CONTROL, 0, FINISHED, new float[0]);
                ep.receive(0, MessageKind.CONTROL, 0, RELEASE, timeout);
                out.printf("worker %d: %s after %d steps on its shard%n", o.rank(), s.status(), s.steps());
            }
            return 0;
        } catch (Exception e) {
            out.printf("worker %d: failed: %s%n", o.rank(), e.getMessage());
            return 1;
        } finally {
            member.close();
        }
    }

    /** The plan recorded in the run folder's config.json by worker 0. */
    static TrainingPlan plan(Path runDir) throws IOException {
        Path file = runDir.resolve("config.json");
        Object config = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        if (!(config instanceof Map<?, ?> m) || !(m.get("plan") instanceof Map<?, ?> p)) {
            throw new IllegalArgumentException("train worker: " + file + " holds no \"plan\"");
        }
        return TrainingPlan.fromMap(p);
    }

    /** A worker JVM's arguments. */
    record Options(int rank, int workers, String seedNode, Path runDir, int optimizer, AllReduce allReduce,
            int timeoutSeconds) {
        static Options parse(String[] a) {
            if (a.length % 2 != 0) {
                throw new IllegalArgumentException(a.length + " arguments; expected --key value pairs");
            }
            Map<String, String> m = new java.util.HashMap<>();
            for (int i = 0; i < a.length; i += 2) {
                m.put(a[i], a[i + 1]);
            }
            int workers = integer(m, "--workers", 2, 1024);
            return new Options(integer(m, "--rank", 1, workers - 1), workers, required(m, "--seed-node"),
                    Path.of(required(m, "--run-dir")), integer(m, "--optimizer", 0, 1000),
                    AllReduce.parse(required(m, "--all-reduce")), integer(m, "--timeout-seconds", 1, 86_400));
        }

        private static String required(Map<String, String> m, String key) {
            String v = m.get(key);
            if (v == null) {
                throw new IllegalArgumentException("missing " + key);
            }
            return v;
        }

        private static int integer(Map<String, String> m, String key, int min, int max) {
            String v = required(m, key);
            try {
                int x = Integer.parseInt(v);
                if (x < min || x > max) {
                    throw new NumberFormatException();
                }
                return x;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be an integer in " + min + ".." + max + ", got '" + v + "'");
            }
        }
    }
}
