package io.vecgrad.distributed.pekko;

import io.vecgrad.distributed.Channel;
import io.vecgrad.distributed.LinkOptions;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.RoundMethod;
import java.time.Duration;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * The server of a server-based method (FedAvg, SCAFFOLD, majority vote…) as a Pekko Cluster
 * Singleton: exactly one instance in the cluster, on the oldest node. Every node calls
 * {@link #init} with the same {@link Job} and gets the singleton proxy; workers run the method
 * with a {@link SingletonRoundEngine}, which uploads their gather payloads through the proxy, and
 * the server sends the broadcast values back to each worker's {@link PekkoEndpoint} (found through
 * the Receptionist). All payloads are {@link Chunk}s of float64 values ({@link PayloadSerializer},
 * chunked; never Java serialization).
 *
 * <p><b>How it runs.</b> On its host the singleton starts an endpoint of rank n (the workers are
 * 0..n−1) and a driver thread that runs the job's method against a server-side engine:
 * {@code setUp}, then per round the participant list (decided here, once, and pushed to every
 * worker, so all agree even when nodes leave), {@code method.round}, and optionally the round's
 * model ({@link Job.Builder#publishModels}); at the end the final model and a summary (bytes
 * counted as the simulator counts them, gradients, wire vectors). On the server {@code local} does
 * nothing; {@code gather} receives the payloads in worker order, passes them through the method's
 * encoding and the job's channels exactly as the simulator does, and tells every worker which
 * messages arrived; {@code broadcast} runs the downlink channel and sends each worker its value.
 * Workers run the same method code; their copy of the server state is a shadow never used (server
 * state reaches workers only through broadcasts, which is what makes a method a
 * {@link ServerPlacement#SERVER_METHODS server method}). With the same seed the model and every
 * worker's parameters are bit-identical to the {@link io.vecgrad.distributed.sim.SyncSimulator}'s.
 *
 * <p><b>Traffic.</b> Per gather n uplink vectors (payload plus the worker's gradient count) and per
 * broadcast n downlink vectors, against n(n−1) for {@link ServerPlacement#REPLICATED}; plus one
 * small control message per worker per gather (which messages arrived) and per round (participants).
 *
 * <p><b>Failures.</b> A worker that leaves is skipped from then on (its payload in flight is not
 * waited for). When the server stops on an error (a corrupt or truncated payload, which is never
 * applied, or a worker that neither sends nor leaves within the timeout) it logs the reason and
 * tells every worker, which then fail naming the round and the culprit.
 *
 * <p><b>Fail-over.</b> Before each round r the server replicates a {@link FailoverCheckpoint} to
 * the other nodes (the method's {@link io.vecgrad.distributed.ServerCheckpoint server state} after
 * r rounds, round r's participants, the step counter and counters; counted apart from the method's
 * traffic in {@link SingletonRoundEngine.Result#checkpointBytes}) and starts the round once every
 * live worker has stored it; workers keep their uploads of the round in flight. When the host's
 * node leaves, Pekko starts the singleton on the next oldest node, which restores the last
 * checkpoint that reached it and asks the survivors to resend their uploads of that round.
 * Semantics: <em>a round in flight is completed by the new server with the survivors' uploads;
 * the host's worker is dropped from round r</em> (r = the round resumed; with every live worker
 * taking part in each round the run equals {@code SyncSimulator} with {@code crash(host, r)} bit
 * for bit). When no node can take over — {@link Job.Builder#failover failover(false)}, a method
 * that does not implement {@code ServerCheckpoint}, or no new server within the timeout — workers
 * fail with a {@link ServerLostException} naming the host, the round in flight and the reason.
 *
 * <pre>{@code
 * SingletonServer.Job job = SingletonServer.job("fedavg", n, rounds, () -> FedAvg.fedAvg(3, 0.1, 1.0),
 *         i -> ParamVector.zeros(d)).seed(42).build();
 * ActorRef<PekkoEndpoint.Command> proxy = SingletonServer.init(system, job, rank);   // on every node
 * try (PekkoEndpoint ep = PekkoEndpoint.start(system, job.name(), rank, n);
 *      SingletonRoundEngine engine = SingletonRoundEngine.builder(ep, worker, proxy).seed(42).build()) {
 *     ep.awaitPeers(Duration.ofSeconds(30));
 *     SingletonRoundEngine.Result r = engine.runWorker(FedAvg.fedAvg(3, 0.1, 1.0), rounds);
 * }
 * }</pre>
 */
public final class SingletonServer {
    /** Tag of the per-round participant list (CONTROL, round = the round). */
    static final int TAG_PARTICIPANTS = 0x5e_0001;
    /** Tag of a published model (BROADCAST, round = rounds completed). */
    static final int TAG_MODEL = 0x5e_0002;
    /** Tag of the final summary (CONTROL, round = rounds). */
    static final int TAG_SUMMARY = 0x5e_0003;
    /** Tag of the notice that the server stopped on an error (CONTROL, round 0, values [round, sender or −1]). */
    static final int TAG_FAILED = 0x5e_0004;
    /** Tag of a checkpoint (CONTROL, round = {@link FailoverCheckpoint#key}). */
    static final int TAG_CHECKPOINT = 0x5e_0005;
    /** Tag of a worker's acknowledgement of a checkpoint (CONTROL, same round field, values [round]). */
    static final int TAG_CHECKPOINT_ACK = 0x5e_0006;
    /** Tag of a new server's resume notice (CONTROL, round = its epoch, values [epoch, round, step, host, lost host]). */
    static final int TAG_RESUME = 0x5e_0007;
    /** Tag of a new server's refusal to resume (CONTROL, round = its epoch, values [lost host, refusal code]). */
    static final int TAG_NO_FAILOVER = 0x5e_0008;
    /**
     * Tag of a new server's request to send again everything since the take-over (CONTROL, round =
     * {@link FailoverCheckpoint#key}(epoch, attempt), values [step]): a worker's singleton proxy may
     * still have routed a message to the lost host while it learned where the new one runs.
     */
    static final int TAG_RESEND = 0x5e_0009;

    /**
     * The round field of a worker's upload for collective step {@code step} sent again for the
     * {@code attempt}-th time (0: the original): each copy is reassembled under its own key, so a copy
     * still arriving in chunks never meets the chunks of the next one.
     */
    static long resentKey(long step, int attempt) {
        return step + ((long) attempt << 50);
    }

    private SingletonServer() {}

    /** The stop message Pekko sends on hand-over; never leaves the JVM. */
    private record Stop() implements PekkoEndpoint.Command, NoSerializationVerificationNeeded {}

    /**
     * Starts the singleton manager for {@code job} on this node (the singleton itself runs on the
     * oldest node) and returns the proxy through which workers reach it. Call it on every node with
     * the same job; {@code localRank} is the rank of the worker on this node (the server reports it
     * as its host).
     */
    public static ActorRef<PekkoEndpoint.Command> init(ActorSystem<?> system, Job job, int localRank) {
        if (localRank < 0 || localRank >= job.workers()) {
            throw new IllegalArgumentException("singleton server " + job.name() + ": local rank " + localRank + " of "
                    + job.workers() + " workers");
        }
        CheckpointStore store = CheckpointStore.forJob(system, job.name());
        ActorRef<PekkoEndpoint.Command> proxy = ClusterSingleton.get(system).init(
                SingletonActor.of(behavior(job, localRank, store), "vecgrad-server-" + job.name())
                        .withStopMessage(new Stop()));
        CheckpointStore.bind(proxy, store);
        return proxy;
    }

    private static Behavior<PekkoEndpoint.Command> behavior(Job job, int hostRank, CheckpointStore store) {
        return Behaviors.setup(ctx -> {
            PekkoEndpoint ep = PekkoEndpoint.start(ctx.getSystem(), job.name(), job.workers(), job.workers() + 1);
            ServerEngine engine = new ServerEngine(ep, job, hostRank, store.latest());
            Thread driver = new Thread(engine::drive, "vecgrad-server-" + job.name());
            driver.setDaemon(true);
            driver.start();
            return Behaviors.receive(PekkoEndpoint.Command.class)
                    .onMessage(Chunk.class, c -> {
                        ep.deliver(c);
                        return Behaviors.same();
                    })
                    .onMessage(Stop.class, s -> Behaviors.stopped())
                    .onSignal(PostStop.class, s -> {
                        driver.interrupt();
                        ep.close();
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    /** A job for {@code workers} workers running {@code rounds} rounds of {@code method}, starting from {@code initial}. */
    public static Job.Builder job(String name, int workers, long rounds, Supplier<RoundMethod> method,
            IntFunction<ParamVector> initial) {
        return new Job.Builder(name, workers, rounds, method, initial);
    }

    /**
     * What the server runs: the method (built on the host from the supplier), the workers' initial
     * parameters (what {@code snapshot()} returns to the method's {@code setUp}), the seed and the
     * channels, as for the simulator.
     */
    public static final class Job {
        private final String name;
        private final int workers;
        private final long rounds;
        private final Supplier<RoundMethod> method;
        private final IntFunction<ParamVector> initial;
        private final long seed;
        private final Channel downlink;
        private final Map<Integer, Long> crashes;
        private final Duration timeout;
        private final boolean publishModels;
        private final boolean failover;
        private final LinkOptions.Settings link;

        private Job(Builder b) {
            name = b.name;
            workers = b.workers;
            rounds = b.rounds;
            method = b.method;
            initial = b.initial;
            link = b.settings();
            seed = link.seed();
            downlink = link.downlink();
            crashes = link.crashes();
            timeout = b.timeout;
            publishModels = b.publishModels;
            failover = b.failover;
        }

        /** The job's name (the endpoints' job, the singleton's name): unique among the jobs a cluster runs. */
        public String name() {
            return name;
        }

        /** Number of workers n. */
        public int workers() {
            return workers;
        }

        /** Rounds the server runs. */
        public long rounds() {
            return rounds;
        }

        RoundMethod newMethod() {
            return method.get();
        }

        ParamVector initial(int worker) {
            return initial.apply(worker).copy();
        }

        long seed() {
            return seed;
        }

        Channel downlink() {
            return downlink;
        }

        Map<Integer, Long> crashes() {
            return crashes;
        }

        Duration timeout() {
            return timeout;
        }

        boolean publishModels() {
            return publishModels;
        }

        LinkOptions.Settings link() {
            return link;
        }

        boolean failover() {
            return failover;
        }

        /** Options, as {@link io.vecgrad.distributed.sim.SyncSimulator.Builder}'s. */
        public static final class Builder extends LinkOptions<Builder> {
            private final String name;
            private final int workers;
            private final long rounds;
            private final Supplier<RoundMethod> method;
            private final IntFunction<ParamVector> initial;
            private Duration timeout = Duration.ofSeconds(60);
            private boolean publishModels;
            private boolean failover = true;

            private Builder(String name, int workers, long rounds, Supplier<RoundMethod> method,
                    IntFunction<ParamVector> initial) {
                super("singleton server " + name, workers);
                if (workers < 1 || rounds < 0) {
                    throw new IllegalArgumentException("singleton server " + name + ": " + workers + " workers, "
                            + rounds + " rounds; need ≥ 1 worker and ≥ 0 rounds");
                }
                this.name = name;
                this.workers = workers;
                this.rounds = rounds;
                this.method = method;
                this.initial = initial;
            }

            /** How long the server waits for one worker's payload (default 60 s). */
            public Builder timeout(Duration t) {
                timeout = t;
                return this;
            }

            /** Also send every worker the method's model after each round (for progress lines and checkpoints). */
            public Builder publishModels(boolean on) {
                publishModels = on;
                return this;
            }

            /**
             * Whether a server restarted on another node may resume the run from the last checkpoint
             * (default on; it needs a method implementing {@link io.vecgrad.distributed.ServerCheckpoint}).
             * Off, losing the host stops the run with {@link ServerLostException} and no checkpoint is
             * replicated after round 0.
             */
            public Builder failover(boolean on) {
                failover = on;
                return this;
            }

            @Override
            protected Builder self() {
                return this;
            }

            /** The job. */
            public Job build() {
                return new Job(this);
            }
        }
    }
}
