package io.vecgrad.distributed;

import io.vecgrad.tensor.random.Rng;
import java.util.List;

/**
 * The transport a bulk-synchronous method runs on: the simulator
 * ({@link io.vecgrad.distributed.sim.SyncSimulator}) now, a Pekko cluster later. A method is
 * written once as a sequence of collective steps per round — {@link #local}, {@link #gather},
 * {@link #broadcast}, {@link #exchange} — plus server code that runs on the caller's thread.
 * Worker-side lambdas run in parallel, one per worker, and see only their {@link Worker} and a
 * random stream derived from {@code (seed, tag, worker, round)}; everything that crosses workers
 * goes through messages. Engines deliver lists in worker-index (sender) order, and channel
 * effects draw from per-message streams, so the same seed gives bit-identical models on every
 * engine and at every thread count.
 *
 * <p>Contract for engines over a real network: a step is identified by (round, tag); every node
 * holds the same method object (built from the same configuration), so the lambdas need not
 * travel; payloads are the only data sent. A method must call the collectives ({@code local},
 * {@code gather}, {@code broadcast}, {@code exchange}, {@code snapshot}, {@code gradients}) in the
 * same order on every node: branches may depend only on the round, the configuration and what
 * the collectives returned (the same on every node), never on node-local state.
 *
 * <pre>{@code
 * // one FedAvg-style round
 * int[] who = engine.participants(r);
 * engine.broadcast(r, "model", who, global, (w, x, rng) -> w.params().setInPlace(x));
 * engine.local(r, "train", who, (w, rng) -> localSgd(w, rng));
 * List<Message> up = engine.gather(r, "model", who, (w, rng) -> w.params().copy());
 * global = Aggregator.mean().aggregate(up.stream().map(Message::payload).toList());
 * }</pre>
 */
public interface RoundEngine extends AutoCloseable {
    /** Local work on one worker. */
    @FunctionalInterface
    interface LocalStep {
        void run(Worker w, Rng rng);
    }

    /** The payload one worker sends. */
    @FunctionalInterface
    interface Payload {
        ParamVector compute(Worker w, Rng rng);
    }

    /** What a worker does with a broadcast value. */
    @FunctionalInterface
    interface Receive {
        void accept(Worker w, ParamVector value, Rng rng);
    }

    /** What a worker does with the messages its neighbours sent it (in sender order). */
    @FunctionalInterface
    interface InboxStep {
        void run(Worker w, List<Message> inbox, Rng rng);
    }

    /** Number of workers n (crashed ones included). */
    int workers();

    /** The dimension of the model. */
    int dim();

    /** The run's random streams. */
    RandomStreams streams();

    /** Bytes sent so far, per node. */
    ByteCounter bytes();

    /** The workers alive in round r, increasing. */
    int[] participants(long round);

    /** Runs {@code step} on each worker in {@code who}, in parallel; returns when all are done. */
    void local(long round, String tag, int[] who, LocalStep step);

    /**
     * Each worker in {@code who} computes a payload for the server; the messages pass the
     * method's {@code encoding} (e.g. {@code Channels.signs()}), then the engine's channels, as
     * one batch. Returns the messages that arrived, in worker-index order.
     */
    List<Message> gather(long round, String tag, int[] who, Payload payload, Channel encoding);

    /** {@link #gather(long, String, int[], Payload, Channel)} with dense float64 payloads. */
    default List<Message> gather(long round, String tag, int[] who, Payload payload) {
        return gather(round, tag, who, payload, Channel.perfect());
    }

    /** The server sends {@code value} to each worker in {@code who} over the downlink; each applies {@code receive}. */
    void broadcast(long round, String tag, int[] who, ParamVector value, Receive receive);

    /**
     * Every alive worker sends {@code payload} to each of its neighbours in {@code graph}; the
     * messages of all senders form one batch through the method's {@code encoding} and the
     * engine's channels. Then each alive worker runs {@code step} on its inbox (sorted by
     * sender), in parallel.
     */
    void exchange(long round, String tag, Topology graph, Payload payload, Channel encoding, InboxStep step);

    /** {@link #exchange(long, String, Topology, Payload, Channel, InboxStep)} with dense payloads. */
    default void exchange(long round, String tag, Topology graph, Payload payload, InboxStep step) {
        exchange(round, tag, graph, payload, Channel.perfect(), step);
    }

    /** Stochastic gradients evaluated by all workers so far. */
    long gradients();

    /** Copies of every worker's parameters (for metrics: loss at the average, consensus distance). */
    List<ParamVector> snapshot();

    /** Releases threads or connections. */
    @Override
    void close();
}
