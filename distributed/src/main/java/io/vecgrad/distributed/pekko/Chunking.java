package io.vecgrad.distributed.pekko;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a vector into {@link Chunk}s small enough for one Artery frame (the default
 * {@code maximum-frame-size} is 256 KiB; Akka's maintainers advise against larger remoting
 * messages). The default piece is 128 KiB of values plus the 48-byte header: 32,768 floats or
 * 16,384 doubles.
 *
 * <pre>{@code
 * List<FloatChunk> parts = Chunking.split(0, MessageKind.PARAMETERS, round, 0, weights, Chunking.DEFAULT_FLOATS);
 * }</pre>
 */
public final class Chunking {
    /** Floats per chunk by default: 128 KiB of values. */
    public static final int DEFAULT_FLOATS = 32_768;
    /** Doubles per chunk by default: 128 KiB of values. */
    public static final int DEFAULT_DOUBLES = 16_384;

    private Chunking() {}

    /**
     * The chunks of {@code values} (copies of its ranges); a message of length 0 is one empty chunk.
     *
     * @throws IllegalArgumentException when {@code perChunk < 1}
     */
    public static List<Chunk> split(int sender, MessageKind kind, long round, int tag, float[] values, int perChunk) {
        int count = count(values.length, perChunk);
        List<Chunk> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = i * perChunk;
            int to = Math.min(values.length, from + perChunk);
            out.add(new FloatChunk(sender, kind, round, tag, i, count, from, values.length,
                    Arrays.copyOfRange(values, from, to)));
        }
        return out;
    }

    /** The chunks of a float64 vector (copies of its ranges). */
    public static List<Chunk> split(int sender, MessageKind kind, long round, int tag, double[] values, int perChunk) {
        int count = count(values.length, perChunk);
        List<Chunk> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = i * perChunk;
            int to = Math.min(values.length, from + perChunk);
            out.add(new DoubleChunk(sender, kind, round, tag, i, count, from, values.length,
                    Arrays.copyOfRange(values, from, to)));
        }
        return out;
    }

    private static int count(int n, int perChunk) {
        if (perChunk < 1) {
            throw new IllegalArgumentException("chunking: " + perChunk + " values per chunk, need at least 1");
        }
        return Math.max(1, (n + perChunk - 1) / perChunk);
    }
}
