package io.vecgrad.distributed.pekko;

/**
 * A {@link Chunk} of float32 values.
 *
 * <pre>{@code
 * FloatChunk c = new FloatChunk(2, MessageKind.GRADIENT, 7, 0, 1, 4, 65536, 262144, values);
 * }</pre>
 */
public record FloatChunk(int sender, MessageKind kind, long round, int tag, int index, int count, int offset,
        int total, float[] values) implements Chunk {

    /** Checks the figures (see {@link Chunk#check}). */
    public FloatChunk {
        Chunk.check(sender, kind, round, tag, index, count, offset, total, values.length);
    }

    @Override
    public int length() {
        return values.length;
    }

    @Override
    public Object array() {
        return values;
    }

    @Override
    public int valueBytes() {
        return 4;
    }
}
