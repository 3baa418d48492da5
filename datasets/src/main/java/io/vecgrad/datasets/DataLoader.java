package io.vecgrad.datasets;

import io.vecgrad.datasets.transform.Transform;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Mini-batches over a {@link Dataset}: per-epoch seeded shuffling, optional drop-last,
 * feature/label transforms, and a background prefetch thread with a bounded queue.
 *
 * <p><b>Determinism.</b> Epoch {@code e}'s order is {@code new Rng(seed).split("shuffle/epoch" + e)
 * .permutation(n)}; a batch's augmentation stream is {@code new Rng(seed).split("transform/epoch"
 * + e).split(start)} where {@code start} is the batch's position in that order. So the same seed
 * gives bitwise the same batches with or without prefetching.
 *
 * <p><b>Changing the batch size.</b> {@link #setBatchSize} (e.g. AdAdaGrad, paper P41, growing
 * the batch) takes effect at the next batch handed out: the rest of the epoch is cut from the
 * same order in chunks of the new size; batches prefetched with the old size are discarded.
 *
 * <p><b>Threads.</b> With {@code prefetch(k > 0)} one daemon thread per open epoch produces up
 * to {@code k} batches ahead. An exception thrown while producing a batch (by the dataset or a
 * transform) is rethrown by {@code next()} as a {@link LoadException} with the original as the
 * cause. Leaving a {@code for} loop early leaves the thread blocked on a full queue; close the
 * epoch (try-with-resources) or the loader to stop it.
 *
 * <pre>{@code
 * DataLoader loader = DataLoader.of(Digits.load()).batchSize(32).seed(42).dropLast(true).prefetch(2).build();
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     try (DataLoader.Epoch batches = loader.epoch(epoch)) {
 *         for (Batch b : batches) train(b.x(), b.y());
 *     }
 *     if (epoch == 4) loader.setBatchSize(64);
 * }
 * }</pre>
 */
public final class DataLoader implements AutoCloseable {
    private final Dataset data;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private final int prefetch;
    private final Transform features;
    private final Transform labels;
    private final List<Epoch> open = new ArrayList<>();
    private volatile int batchSize;

    /** Thrown by {@code next()} when producing a batch failed; the cause is the original error. */
    public static final class LoadException extends RuntimeException {
        LoadException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private DataLoader(Builder b) {
        this.data = b.data;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.dropLast = b.dropLast;
        this.prefetch = b.prefetch;
        this.features = b.features;
        this.labels = b.labels;
    }

    /** Starts a builder: batch size 32, shuffled with seed 0, keep the last partial batch, no prefetch. */
    public static Builder of(Dataset data) {
        return new Builder(data);
    }

    /** Current batch size. */
    public int batchSize() {
        return batchSize;
    }

    /** Sets the batch size; it takes effect at the next batch of every open epoch. */
    public void setBatchSize(int size) {
        if (size <= 0) throw new IllegalArgumentException("DataLoader.setBatchSize: must be positive, got " + size);
        this.batchSize = size;
    }

    /** The dataset this loader reads. */
    public Dataset dataset() {
        return data;
    }

    /** The example order of epoch {@code e} (the identity when not shuffling). */
    public int[] order(int epoch) {
        int n = data.size();
        if (!shuffle) {
            int[] id = new int[n];
            for (int i = 0; i < n; i++) id[i] = i;
            return id;
        }
        long[] p = new Rng(seed).split("shuffle/epoch" + epoch).permutation(n).toLongArray();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = (int) p[i];
        return out;
    }

    /** Number of batches a full epoch has at the current batch size. */
    public int batchesPerEpoch() {
        int n = data.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The batches of epoch {@code e}; iterate once, then close (or let it run to the end). */
    public synchronized Epoch epoch(int e) {
        return epoch(e, 0);
    }

    /**
     * The batches of epoch {@code e} from position {@code start} of its order on (the first
     * {@code start} examples are skipped without being read): how a resumed training run
     * continues mid-epoch with exactly the batches it would have seen.
     */
    public synchronized Epoch epoch(int e, int start) {
        if (start < 0 || start > data.size()) {
            throw new IllegalArgumentException("DataLoader.epoch: start " + start + " outside [0, " + data.size() + "]");
        }
        Epoch ep = new Epoch(e);
        ep.pos = start;
        if (prefetch > 0) open.add(ep);   // only epochs with a thread need stopping by close()
        return ep;
    }

    /**
     * {@link #epoch(int, int)} for a consumer that is done with each batch before it asks for
     * the next one (the trainer's loop): the batches of a {@link TensorDataset} are gathered into
     * a few buffers that the epoch reuses, so an epoch no longer allocates a new batch per step.
     * The batches are bit for bit those of {@link #epoch(int, int)}, but a batch (its {@code x},
     * {@code y} and indices) stays valid only until the next call of {@code next()}: copy
     * what must live longer. Other datasets, and loaders with transforms (which make new
     * tensors anyway), behave exactly as {@link #epoch(int, int)}.
     *
     * <pre>{@code
     * try (DataLoader.Epoch batches = loader.epochReusingBatches(0, 0)) {
     *     for (Batch b : batches) step(b);   // b is not kept after the step
     * }
     * }</pre>
     */
    public synchronized Epoch epochReusingBatches(int e, int start) {
        Epoch ep = epoch(e, start);
        if (data instanceof TensorDataset && features == null && labels == null) {
            ep.buffers = new BatchBuffers((TensorDataset) data, prefetch + 2);
        }
        return ep;
    }

    /**
     * Batch buffers an epoch hands out in turn. With prefetch k, the consumer holds one batch,
     * the queue at most k and the producer fills one more: k + 2 slots never overwrite a batch
     * still in use. Used from one thread at a time (the producer's, or the consumer's).
     */
    private static final class BatchBuffers {
        private final TensorDataset data;
        private final int[][] indices;
        private final io.vecgrad.tensor.Tensor[] xs, ys;
        private int next;

        BatchBuffers(TensorDataset data, int slots) {
            this.data = data;
            this.indices = new int[slots][];
            this.xs = new io.vecgrad.tensor.Tensor[slots];
            this.ys = new io.vecgrad.tensor.Tensor[slots];
        }

        Batch gather(int[] order, int start, int end) {
            int s = next;
            next = (next + 1) % indices.length;
            int n = end - start;
            if (indices[s] == null || indices[s].length != n) {   // first use, or a new batch size
                indices[s] = new int[n];
                xs[s] = TensorDataset.batchOf(data.x(), n);
                ys[s] = data.y() == null ? null : TensorDataset.batchOf(data.y(), n);
            }
            System.arraycopy(order, start, indices[s], 0, n);
            return data.getInto(indices[s], xs[s], ys[s]);
        }
    }

    /** Stops every prefetch thread of this loader. */
    @Override
    public synchronized void close() {
        for (Epoch e : new ArrayList<>(open)) e.close();
        open.clear();
    }

    private synchronized void forget(Epoch e) {
        open.remove(e);
    }

    /** End of the next batch starting at {@code pos}, or -1 when the epoch is over. */
    private int nextEnd(int pos, int bs) {
        int n = data.size();
        int remaining = n - pos;
        if (remaining <= 0) return -1;
        if (remaining < bs) return dropLast ? -1 : n;
        return pos + bs;
    }

    private Batch make(int epoch, int[] order, int start, int end, BatchBuffers buffers) {
        if (buffers != null) return buffers.gather(order, start, end);   // no transforms on this path
        int[] idx = Arrays.copyOfRange(order, start, end);
        Batch b = data.get(idx);
        if (features == null && labels == null) return b;
        Rng rng = new Rng(seed).split("transform/epoch" + epoch).split(start);
        return b.with(features == null ? b.x() : features.apply(b.x(), rng.split("x")),
                labels == null || b.y() == null ? b.y() : labels.apply(b.y(), rng.split("y")));
    }

    /** One pass over the data. Not thread-safe: consume it from one thread. */
    public final class Epoch implements Iterator<Batch>, Iterable<Batch>, AutoCloseable {
        private final int epoch;
        private final int[] order;
        private int pos;
        private Producer producer;
        private boolean closed;
        private BatchBuffers buffers;   // set by epochReusingBatches, else null

        private Epoch(int epoch) {
            this.epoch = epoch;
            this.order = DataLoader.this.order(epoch);
        }

        @Override
        public Iterator<Batch> iterator() {
            return this;
        }

        @Override
        public boolean hasNext() {
            boolean more = !closed && nextEnd(pos, batchSize) >= 0;
            if (!more) close();
            return more;
        }

        @Override
        public Batch next() {
            if (!hasNext()) throw new NoSuchElementException("DataLoader: epoch " + epoch + " is over");
            int bs = batchSize;
            if (prefetch == 0) {
                int end = nextEnd(pos, bs);
                Batch b = produce(pos, end);
                pos = end;
                return b;
            }
            if (producer == null || producer.batchSize != bs) {
                stopProducer();
                producer = new Producer(pos, bs);
                producer.thread.start();
            }
            Item it;
            try {
                it = producer.queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new LoadException("DataLoader: interrupted while waiting for a batch of epoch " + epoch, e);
            }
            if (it.failure != null) {
                close();
                throw new LoadException("DataLoader: producing the batch at position " + it.start + " of epoch " + epoch + " failed", it.failure);
            }
            pos = it.end;
            return it.batch;
        }

        private Batch produce(int start, int end) {
            try {
                return make(epoch, order, start, end, buffers);
            } catch (RuntimeException e) {
                close();
                throw new LoadException("DataLoader: producing the batch at position " + start + " of epoch " + epoch + " failed", e);
            }
        }

        /** Stops the prefetch thread (if any); further {@code hasNext()} returns false. */
        @Override
        public void close() {
            if (closed) return;
            closed = true;
            stopProducer();
            forget(this);
        }

        private void stopProducer() {
            if (producer == null) return;
            producer.thread.interrupt();
            try {
                producer.thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            producer = null;
        }

        /** Produces batches from {@code start} with a fixed batch size into a bounded queue. */
        private final class Producer implements Runnable {
            final int start;
            final int batchSize;
            final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(prefetch);
            final Thread thread;

            Producer(int start, int batchSize) {
                this.start = start;
                this.batchSize = batchSize;
                this.thread = new Thread(this, "vecgrad-prefetch-epoch" + epoch);
                thread.setDaemon(true);
            }

            @Override
            public void run() {
                int p = start;
                try {
                    for (int end = nextEnd(p, batchSize); end >= 0; end = nextEnd(p, batchSize)) {
                        Item it;
                        try {
                            it = new Item(p, end, make(epoch, order, p, end, buffers), null);
                        } catch (RuntimeException | Error e) {
                            queue.put(new Item(p, end, null, e));
                            return;
                        }
                        queue.put(it);
                        p = end;
                    }
                } catch (InterruptedException e) {
                    // asked to stop
                }
            }
        }
    }

    private static final class Item {
        final int start;
        final int end;
        final Batch batch;
        final Throwable failure;

        Item(int start, int end, Batch batch, Throwable failure) {
            this.start = start;
            this.end = end;
            this.batch = batch;
            this.failure = failure;
        }
    }

    /** Configures a {@link DataLoader}. */
    public static final class Builder {
        private final Dataset data;
        private int batchSize = 32;
        private boolean shuffle = true;
        private long seed;
        private boolean dropLast;
        private int prefetch;
        private Transform features;
        private Transform labels;

        private Builder(Dataset data) {
            this.data = data;
        }

        public Builder batchSize(int b) {
            if (b <= 0) throw new IllegalArgumentException("DataLoader: batch size must be positive, got " + b);
            this.batchSize = b;
            return this;
        }

        /** Shuffle every epoch with streams derived from {@code seed}. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public Builder shuffle(boolean on) {
            this.shuffle = on;
            return this;
        }

        public Builder dropLast(boolean on) {
            this.dropLast = on;
            return this;
        }

        /** Batches produced ahead on a background thread (0 = produce on the caller's thread). */
        public Builder prefetch(int batches) {
            if (batches < 0) throw new IllegalArgumentException("DataLoader: prefetch must be >= 0, got " + batches);
            this.prefetch = batches;
            return this;
        }

        public Builder features(Transform t) {
            this.features = t;
            return this;
        }

        public Builder labels(Transform t) {
            this.labels = t;
            return this;
        }

        public DataLoader build() {
            return new DataLoader(this);
        }
    }
}
