package io.vecgrad.distributed;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The link options every round engine takes: the run's seed, the three channels (sender side,
 * network, downlink), scheduled crashes and the straggler deadline. The simulator's builder and
 * the Pekko engines' builders extend this one base, so they read the options the same way — the
 * Simulator = Pekko tests rely on that.
 *
 * <pre>{@code
 * // seed 7, worker 2 gone from round 10, uplink messages later than 1.5 dropped
 * SyncSimulator sim = SyncSimulator.builder(workers).seed(7).crash(2, 10).deadline(1.5).build();
 * }</pre>
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class LinkOptions<B extends LinkOptions<B>> {
    /** The options as set, handed to the engine once at build time. */
    public record Settings(long seed, Channel encode, Channel network, Channel downlink, Map<Integer, Long> crashes,
            double deadline) {
        public Settings {
            crashes = Map.copyOf(crashes);
        }

        /**
         * The uplink every engine applies to one batch (in sender order): the method's
         * {@code encoding}, then {@link #encode}, then the byte count, then {@link #network}; messages
         * later than {@link #deadline} are dropped. Returns what arrived. One copy of the pipeline, so
         * the simulator and the Pekko engines cannot drift apart.
         */
        public List<Message> uplink(List<Message> batch, Channel encoding, ByteCounter bytes, RandomStreams streams) {
            List<Message> encoded = encode.transmit(encoding.transmit(batch, streams), streams);
            for (Message m : encoded) bytes.record(m);
            List<Message> arrived = network.transmit(encoded, streams);
            if (deadline == Double.POSITIVE_INFINITY) return arrived;
            List<Message> out = new ArrayList<>(arrived.size());
            for (Message m : arrived) if (m.delay() <= deadline) out.add(m);
            return out;
        }
    }

    private final String owner;
    private final int workers;
    private long seed;
    private Channel encode = Channel.perfect();
    private Channel network = Channel.perfect();
    private Channel downlink = Channel.perfect();
    private final Map<Integer, Long> crashes = new HashMap<>();
    private double deadline = Double.POSITIVE_INFINITY;

    /**
     * @param owner   the engine's name, for messages
     * @param workers how many workers the run has (crashes must name one of them)
     */
    protected LinkOptions(String owner, int workers) {
        this.owner = owner;
        this.workers = workers;
    }

    /** This builder, typed. */
    protected abstract B self();

    /** The run's seed (default 0). */
    public B seed(long s) {
        seed = s;
        return self();
    }

    /**
     * The sender side of every worker → server and worker → worker message (default perfect):
     * Byzantine replacement, compression. Bytes are counted after it.
     */
    public B encode(Channel c) {
        encode = c;
        return self();
    }

    /** The link effects after the bytes are counted (default perfect): noise, drops, delays. */
    public B network(Channel c) {
        network = c;
        return self();
    }

    /** The server → worker channel (default perfect). */
    public B downlink(Channel c) {
        downlink = c;
        return self();
    }

    /** Worker {@code w} takes no part from round {@code round} on (a scheduled crash). */
    public B crash(int w, long round) {
        if (w < 0 || w >= workers) throw new IllegalArgumentException(owner + ".crash: worker " + w + " outside 0.." + (workers - 1));
        crashes.put(w, round);
        return self();
    }

    /** Uplink messages whose delay exceeds {@code d} are dropped (default: none). */
    public B deadline(double d) {
        if (!(d >= 0)) throw new IllegalArgumentException(owner + ".deadline: must be ≥ 0, got " + d);
        deadline = d;
        return self();
    }

    /** The options as set now. */
    public Settings settings() {
        return new Settings(seed, encode, network, downlink, crashes, deadline);
    }
}
