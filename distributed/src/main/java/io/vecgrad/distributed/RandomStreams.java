package io.vecgrad.distributed;

import io.vecgrad.tensor.random.Rng;

/**
 * Seeded random streams derived from {@code (seed, role, worker, round)}: the stream a worker
 * uses in a round depends only on that tuple, never on thread scheduling or on how many other
 * draws happened, so the simulator and a real transport draw the same numbers, and zeroth-order
 * methods can regenerate a perturbation from its coordinates.
 *
 * <pre>{@code
 * RandomStreams streams = new RandomStreams(42);
 * Rng batch = streams.stream("minibatch", 3, 17);   // worker 3, round 17
 * Rng attack = streams.stream("byzantine", 5, 17);
 * }</pre>
 */
public final class RandomStreams {
    private final long seed;
    private final Rng root;

    /** Streams of one run. */
    public RandomStreams(long seed) {
        this.seed = seed;
        this.root = new Rng(seed);
    }

    /** The run's seed. */
    public long seed() {
        return seed;
    }

    /** The stream of {@code role} at {@code worker} (−1 for the server) in {@code round}. */
    public Rng stream(String role, int worker, long round) {
        return root.split(role).split(worker).split(round);
    }

    /** A stream that does not depend on a round (initialization, data sharding). */
    public Rng stream(String role, int worker) {
        return root.split(role).split(worker);
    }
}
