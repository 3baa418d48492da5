package io.vecgrad.tensor.kernel;

/**
 * Splits a row-wise or elementwise kernel's independent items (rows, or elements of a
 * contiguous range) into chunks and runs the chunks over {@link Parallel}'s threads.
 *
 * <p>Determinism: a kernel handed to {@link #elements}, {@link #rows} or {@link #columns} must compute every output item from its own
 * inputs alone, in an order that does not depend on where its chunk starts — a row of a
 * softmax, a layer norm row, an element of an add. Then each output item is computed by one
 * thread with the same operations in the same order whatever the chunking, and results are
 * bitwise the same for any thread count. Chunks of elements start at multiples of
 * {@link #ALIGN} (more than the widest vector), so even the split between a kernel's vector
 * loop and its scalar tail falls on the same elements as in one unsplit call. Reductions are
 * only ever split along independent rows or columns, never inside one sum.
 *
 * <p>Work below {@link #MIN_WORK} element operations, or with one thread, runs inline as one
 * call {@code body.run(0, n)}: handing out chunks costs a few microseconds. Hot callers test
 * {@link #worthSplitting} first and run their kernel over the whole range themselves
 * otherwise, so that small ops (a step-tiny layer) do not even allocate the capturing lambda.
 *
 * <pre>{@code
 * // c = a + b over n floats, split when large enough
 * RowSplit.elements(n, (from, to) -> BinaryF32.apply(BinaryOp.ADD, a, from, 1, b, from, 1, c, from, 1, to - from));
 * // softmax over rows of length k
 * RowSplit.rows(rows, k, (r0, r1) -> SoftmaxF32.softmax(x, r0 * k, out, r0 * k, r1 - r0, k, false));
 * }</pre>
 */
public final class RowSplit {
    /** Below this many element operations a kernel stays on the calling thread. */
    public static final long MIN_WORK = 1 << 15;
    /** Element chunks start at multiples of this (a multiple of every vector length in elements). */
    public static final int ALIGN = 64;
    /** At most this many chunks: enough to balance a few threads, few enough to keep hand-out cheap. */
    private static final int MAX_CHUNKS = 16;

    private RowSplit() {}

    /** One chunk of items {@code [from, to)}. */
    @FunctionalInterface
    public interface Body {
        void run(int from, int to);
    }

    /** Whether {@code work} element operations are worth splitting with the current thread count. */
    public static boolean worthSplitting(long work) {
        return Parallel.threads() > 1 && work >= MIN_WORK;
    }

    /**
     * Runs {@code body} over {@code [0, n)} elements in chunks that start at multiples of
     * {@link #ALIGN}; one call when not worth splitting.
     */
    public static void elements(int n, Body body) {
        split(n, n, ALIGN, body);
    }

    /**
     * Runs {@code body} over {@code [0, rows)} rows of {@code rowWork} element operations each,
     * in chunks of whole rows; one call when not worth splitting.
     */
    public static void rows(int rows, long rowWork, Body body) {
        split(rows, rows * rowWork, 1, body);
    }

    /**
     * Runs {@code body} over {@code [0, columns)} columns of a row-major {@code [rows, columns]}
     * operand (a reduction over rows, each column summed in row order by one thread), in chunks
     * of whole cache lines; one call when not worth splitting.
     */
    public static void columns(int columns, int rows, Body body) {
        split(columns, (long) rows * columns, 16, body);
    }

    private static void split(int n, long work, int align, Body body) {
        if (n <= 0) return;
        if (!worthSplitting(work)) {
            body.run(0, n);
            return;
        }
        // The chunk size depends on n alone, never on the thread count.
        int chunk = (int) (((long) n + MAX_CHUNKS - 1) / MAX_CHUNKS);
        long minItems = Math.max(1, (MIN_WORK / 4) * n / work);   // no chunk under a quarter of MIN_WORK
        chunk = (int) Math.max(chunk, minItems);
        chunk = (chunk + align - 1) / align * align;
        if (chunk >= n) {
            body.run(0, n);
            return;
        }
        int size = chunk, chunks = (n + chunk - 1) / chunk;
        Parallel.parallelFor(chunks, c -> body.run(c * size, Math.min(n, (c + 1) * size)));
    }
}
