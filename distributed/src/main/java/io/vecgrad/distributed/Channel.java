package io.vecgrad.distributed;

import java.util.List;

/**
 * What happens to messages on their way: a decorator chain built from {@link Channels}, so
 * communication effects compose (Byzantine replacement, then compression, then byte counting,
 * then noise, drops and delays). A channel transmits a <em>batch</em>: the messages that several
 * senders send in one step, in sender-index order. Batches let an omniscient Byzantine attack
 * (ALIE, IPM) see the honest messages of its round; per-message effects ignore the grouping.
 * Random effects draw from {@code streams} by (effect, sender, round, receiver), so they do not
 * depend on thread scheduling or batch size.
 *
 * <pre>{@code
 * ByteCounter bytes = new ByteCounter(8);
 * Channel up = Channels.byzantine(Set.of(0, 1), Attacks.signFlip(1.0))
 *         .then(Channels.compress(VectorCompressor.topK(10)))
 *         .then(Channels.counting(bytes))
 *         .then(Channels.drop(0.05));
 * List<Message> delivered = up.transmit(sent, new RandomStreams(7));
 * }</pre>
 */
@FunctionalInterface
public interface Channel {
    /** The messages that arrive, in the order given (dropped ones are left out). */
    List<Message> transmit(List<Message> batch, RandomStreams streams);

    /** This channel, then {@code next} on what this one delivers. */
    default Channel then(Channel next) {
        Channel first = this;
        return (batch, streams) -> next.transmit(first.transmit(batch, streams), streams);
    }

    /** Delivers every message unchanged. */
    static Channel perfect() {
        return (batch, streams) -> batch;
    }
}
