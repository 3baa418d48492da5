package io.vecgrad.distributed.pekko;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a float vector into {@link FloatChunk}s small enough for one Artery frame (the default
 * {@code maximum-frame-size} is 256 KiB; Akka's maintainers advise against larger remoting
 * messages). The default piece is 32,768 floats (128 KiB plus the 48-byte header).
 *
 * <pre>{@code
 * List<FloatChunk> parts = Chunking.split(0, MessageKind.PARAMETERS, round, 0, weights, Chunking.DEFAULT_FLOATS);
 * }</pre>
 */
public final class Chunking {
    /** Floats per chunk by default: 128 KiB of values. */
    public static final int DEFAULT_FLOATS = 32_768;

    private Chunking() {}

    /**
     * The chunks of {@code values} (copies of its ranges); a message of length 0 is one empty chunk.
     *
     * @throws IllegalArgumentException when {@code perChunk < 1}
     */
    public static List<FloatChunk> split(int sender, MessageKind kind, long round, int tag, float[] values, int perChunk) {
        if (perChunk < 1) {
            throw new IllegalArgumentException("chunking: " + perChunk + " floats per chunk, need at least 1");
        }
        int count = Math.max(1, (values.length + perChunk - 1) / perChunk);
        List<FloatChunk> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = i * perChunk;
            int to = Math.min(values.length, from + perChunk);
            out.add(new FloatChunk(sender, kind, round, tag, i, count, from, values.length,
                    Arrays.copyOfRange(values, from, to)));
        }
        return out;
    }
}
