package io.vecgrad.distributed.pekko;

/**
 * A {@link Chunk} of float64 values.
 *
 * <pre>{@code
 * DoubleChunk c = new DoubleChunk(0, MessageKind.PARAMETERS, 3, 0, 0, 1, 0, 2, new double[] {0.5, -1});
 * }</pre>
 */
public record DoubleChunk(int sender, MessageKind kind, long round, int tag, int index, int count, int offset,
        int total, double[] values) implements Chunk {

    /** Checks the figures (see {@link Chunk#check}). */
    public DoubleChunk {
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
        return 8;
    }
}
