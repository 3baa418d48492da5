package io.vecgrad.distributed.pekko;

import java.util.BitSet;

/**
 * Puts one message's {@link Chunk}s back together, in any arrival order. It rejects a chunk
 * that disagrees with the first one on count or total length or arrives twice, and a message whose
 * chunks do not add up to its length, naming the sender and the message.
 *
 * <pre>{@code
 * Reassembly r = new Reassembly(first);
 * r.add(first);
 * for (Chunk c : rest) r.add(c);
 * if (r.complete()) use(r.values());
 * }</pre>
 */
public final class Reassembly {
    private final Chunk first;
    private final Object values;
    private final BitSet seen;
    private int received;
    private long filled;

    /** Starts a message with the figures of {@code first} (which must still be {@link #add}ed). */
    public Reassembly(Chunk first) {
        this.first = first;
        this.values = first instanceof FloatChunk ? new float[first.total()] : new double[first.total()];
        this.seen = new BitSet(first.count());
    }

    /**
     * Adds one chunk.
     *
     * @throws CorruptPayloadException when the chunk does not belong with the others
     */
    public void add(Chunk c) {
        if (c.count() != first.count() || c.total() != first.total() || c.valueBytes() != first.valueBytes()) {
            throw new CorruptPayloadException(String.format(
                    "%s rejected: %d chunks of a %d-value message (%d-byte values), earlier chunks said %d chunks"
                            + " of %d values (%d-byte values)", c.describe(), c.count(), c.total(), c.valueBytes(),
                    first.count(), first.total(), first.valueBytes()));
        }
        if (seen.get(c.index())) {
            throw new CorruptPayloadException(c.describe() + " rejected: this chunk arrived twice");
        }
        seen.set(c.index());
        System.arraycopy(c.array(), 0, values, c.offset(), c.length());
        received++;
        filled += c.length();
        if (received == first.count() && filled != first.total()) {
            throw new CorruptPayloadException(String.format(
                    "%s rejected: the %d chunks hold %d values, the message has %d", c.describe(), received, filled,
                    first.total()));
        }
    }

    /** Whether every chunk has arrived. */
    public boolean complete() {
        return received == first.count();
    }

    /** The assembled message, a {@code float[]} or {@code double[]} (the internal array; valid once {@link #complete()}). */
    public Object values() {
        return values;
    }
}
