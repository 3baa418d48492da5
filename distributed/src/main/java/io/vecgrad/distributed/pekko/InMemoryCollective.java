package io.vecgrad.distributed.pekko;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link Collective} between K threads of one JVM: each deposits its vector, waits for the others,
 * and computes the sum itself in the order of its {@link AllReduce} (rank order for the ring, the
 * default; tree order for the tree). No network, no serializer: the reference the Pekko backend
 * with the same all-reduce must match bit for bit.
 *
 * <pre>{@code
 * InMemoryCollective c = new InMemoryCollective(4);                    // ring order
 * InMemoryCollective t = new InMemoryCollective(4, AllReduce.TREE);    // (x0 + x1) + (x2 + x3)
 * // on worker thread r:
 * float[] avg = c.mean(r, step, gradient);
 * }</pre>
 */
public final class InMemoryCollective implements Collective {
    private final int k;
    private final AllReduce algorithm;
    private final float[][] slots;
    private final CyclicBarrier deposited;
    private final CyclicBarrier read;

    /** A collective for {@code k} threads, summing in ring (rank) order. */
    public InMemoryCollective(int k) {
        this(k, AllReduce.RING);
    }

    /** A collective for {@code k} threads, summing in {@code algorithm}'s order. */
    public InMemoryCollective(int k, AllReduce algorithm) {
        if (k < 1) {
            throw new IllegalArgumentException("in-memory collective: " + k + " workers, need at least 1");
        }
        this.k = k;
        this.algorithm = java.util.Objects.requireNonNull(algorithm, "algorithm");
        this.slots = new float[k][];
        this.deposited = new CyclicBarrier(k);
        this.read = new CyclicBarrier(k);
    }

    @Override
    public int size() {
        return k;
    }

    @Override
    public float[] mean(int rank, long round, float[] x) {
        slots[rank] = x;
        await(deposited, rank, round);
        for (int r = 1; r < k; r++) {
            if (slots[r].length != slots[0].length) {
                throw new IllegalArgumentException("in-memory collective: worker " + r + " sent " + slots[r].length
                        + " floats in round " + round + ", worker 0 sent " + slots[0].length);
            }
        }
        float[] s = algorithm.referenceSum(slots.clone());
        await(read, rank, round);
        return AllReduce.divide(s, k);
    }

    private static void await(CyclicBarrier b, int rank, long round) {
        try {
            b.await(10, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("in-memory collective: worker " + rank + " interrupted in round " + round, e);
        } catch (BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("in-memory collective: worker " + rank + " gave up waiting in round " + round
                    + " (another worker failed)", e);
        }
    }
}
