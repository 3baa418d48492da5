package io.vecgrad.distributed.pekko;

/**
 * One piece of a float vector on the wire: who sent it, what it is, which round and tag (e.g. the
 * all-reduce segment) it belongs to, and where its values sit in the whole message. Large vectors
 * are cut by {@link Chunking} into pieces below Artery's frame limit and put back together by
 * {@link Reassembly}.
 *
 * <pre>{@code
 * FloatChunk c = new FloatChunk(2, MessageKind.GRADIENT, 7, 0, 1, 4, 65536, 262144, values);
 * byte[] wire = PayloadCodec.encode(c);
 * }</pre>
 *
 * @param sender rank of the sending worker
 * @param kind what the whole message is
 * @param round the protocol round (training step)
 * @param tag the message's tag within the round (segment index, server step, ...)
 * @param index this chunk's position, {@code 0 <= index < count}
 * @param count how many chunks the whole message has
 * @param offset where {@code values} start in the whole message
 * @param total the whole message's length in floats
 * @param values this chunk's floats (not copied)
 */
public record FloatChunk(int sender, MessageKind kind, long round, int tag, int index, int count, int offset,
        int total, float[] values) implements WireMessage, PekkoEndpoint.Command {

    /** Checks the figures that make a chunk consistent with its message. */
    public FloatChunk {
        if (count < 1 || index < 0 || index >= count || offset < 0 || total < 0
                || (long) offset + values.length > total) {
            throw new IllegalArgumentException(String.format(
                    "float chunk from worker %d (%s, round %d, tag %d): chunk %d of %d at offset %d with %d values"
                            + " does not fit a message of %d floats",
                    sender, kind, round, tag, index, count, offset, values.length, total));
        }
    }

    /** One line naming the message, for errors and logs. */
    public String describe() {
        return String.format("%s from worker %d (round %d, tag %d, chunk %d of %d)", kind, sender, round, tag,
                index + 1, count);
    }
}
