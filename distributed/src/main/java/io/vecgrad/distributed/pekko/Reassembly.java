package io.vecgrad.distributed.pekko;

import java.util.BitSet;

/**
 * Puts one message's {@link FloatChunk}s back together, in any arrival order. It rejects a chunk
 * that disagrees with the first one on count or total length or arrives twice, and a message whose
 * chunks do not add up to its length, naming the sender and the message.
 *
 * <pre>{@code
 * Reassembly r = new Reassembly(first);
 * r.add(first);
 * for (FloatChunk c : rest) r.add(c);
 * if (r.complete()) use(r.values());
 * }</pre>
 */
public final class Reassembly {
    private final FloatChunk first;
    private final float[] values;
    private final BitSet seen;
    private int received;
    private long filled;

    /** Starts a message with the figures of {@code first} (which must still be {@link #add}ed). */
    public Reassembly(FloatChunk first) {
        this.first = first;
        this.values = new float[first.total()];
        this.seen = new BitSet(first.count());
    }

    /**
     * Adds one chunk.
     *
     * @throws CorruptPayloadException when the chunk does not belong with the others
     */
    public void add(FloatChunk c) {
        if (c.count() != first.count() || c.total() != first.total()) {
            throw new CorruptPayloadException(String.format(
                    "%s rejected: %d chunks of a %d-float message, earlier chunks said %d chunks of %d floats",
                    c.describe(), c.count(), c.total(), first.count(), first.total()));
        }
        if (seen.get(c.index())) {
            throw new CorruptPayloadException(c.describe() + " rejected: this chunk arrived twice");
        }
        seen.set(c.index());
        System.arraycopy(c.values(), 0, values, c.offset(), c.values().length);
        received++;
        filled += c.values().length;
        if (received == first.count() && filled != first.total()) {
            throw new CorruptPayloadException(String.format(
                    "%s rejected: the %d chunks hold %d floats, the message has %d", c.describe(), received, filled,
                    first.total()));
        }
    }

    /** Whether every chunk has arrived. */
    public boolean complete() {
        return received == first.count();
    }

    /** The assembled message (the internal array; valid once {@link #complete()}). */
    public float[] values() {
        return values;
    }
}
