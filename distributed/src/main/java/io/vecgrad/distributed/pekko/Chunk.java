package io.vecgrad.distributed.pekko;

/**
 * One piece of a vector on the wire: who sent it, what it is, which round and tag it belongs to,
 * and where its values sit in the whole message. {@link FloatChunk} carries float32 values
 * (gradients of data-parallel training), {@link DoubleChunk} float64 values (the core's
 * {@code ParamVector}s, so the Pekko engine matches the simulator bit for bit). Large vectors are
 * cut by {@link Chunking} below Artery's frame limit and put back together by {@link Reassembly}.
 *
 * <pre>{@code
 * Chunk c = new DoubleChunk(2, MessageKind.PARAMETERS, 7, 0, 0, 1, 0, 3, new double[] {1, 2, 3});
 * byte[] wire = PayloadCodec.encode(c);
 * }</pre>
 */
public sealed interface Chunk extends WireMessage, PekkoEndpoint.Command permits FloatChunk, DoubleChunk {
    /** Rank of the sending worker. */
    int sender();

    /** What the whole message is. */
    MessageKind kind();

    /** The protocol round (training step, engine step). */
    long round();

    /** The message's tag within the round (segment, step code). */
    int tag();

    /** This chunk's position, {@code 0 <= index < count}. */
    int index();

    /** How many chunks the whole message has. */
    int count();

    /** Where this chunk's values start in the whole message. */
    int offset();

    /** The whole message's length in values. */
    int total();

    /** This chunk's number of values. */
    int length();

    /** The values: a {@code float[]} or a {@code double[]} (not copied). */
    Object array();

    /** Bytes per value on the wire (4 or 8). */
    int valueBytes();

    /** One line naming the message, for errors and logs. */
    default String describe() {
        return String.format("%s from worker %d (round %d, tag %d, chunk %d of %d)", kind(), sender(), round(), tag(),
                index() + 1, count());
    }

    /** Checks the figures that make a chunk consistent with its message. */
    static void check(int sender, MessageKind kind, long round, int tag, int index, int count, int offset, int total,
            int length) {
        if (count < 1 || index < 0 || index >= count || offset < 0 || total < 0 || (long) offset + length > total) {
            throw new IllegalArgumentException(String.format(
                    "chunk from worker %d (%s, round %d, tag %d): chunk %d of %d at offset %d with %d values"
                            + " does not fit a message of %d values",
                    sender, kind, round, tag, index + 1, count, offset, length, total));
        }
    }
}
