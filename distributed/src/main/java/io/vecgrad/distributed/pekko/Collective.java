package io.vecgrad.distributed.pekko;

/**
 * The one collective data-parallel training needs: every worker contributes a vector for a round
 * and gets back the mean over all workers, summed in worker-rank order and divided by K in
 * float32, so every implementation gives the same bits. {@link #pekko} runs it as a
 * {@link RingAllReduce} over the cluster (or a {@link TreeAllReduce}, with the tree's order, see
 * {@link AllReduce}); {@link InMemoryCollective} runs it between threads of one JVM and is the
 * oracle the Pekko run with the same {@link AllReduce} is compared with.
 *
 * <pre>{@code
 * Collective c = Collective.pekko(endpoint, Duration.ofSeconds(60));
 * Collective t = Collective.pekko(endpoint, Duration.ofSeconds(60), AllReduce.TREE);
 * float[] averaged = c.mean(rank, step, gradient);
 * }</pre>
 */
public interface Collective {
    /** How many workers take part. */
    int size();

    /**
     * The mean of the workers' {@code x} for {@code round}: {@code (((x₀ + x₁) + x₂) + …) / K}.
     * Every worker calls it once per round with a vector of the same length.
     */
    float[] mean(int rank, long round, float[] x);

    /** The collective over a Pekko endpoint (its rank is the endpoint's), as a ring all-reduce. */
    static Collective pekko(PekkoEndpoint ep, java.time.Duration timeout) {
        return pekko(ep, timeout, AllReduce.RING);
    }

    /** The collective over a Pekko endpoint with the given all-reduce (and its summation order). */
    static Collective pekko(PekkoEndpoint ep, java.time.Duration timeout, AllReduce algorithm) {
        return new Collective() {
            @Override
            public int size() {
                return ep.size();
            }

            @Override
            public float[] mean(int rank, long round, float[] x) {
                if (rank != ep.rank()) {
                    throw new IllegalArgumentException("pekko collective: rank " + rank + " on the endpoint of worker "
                            + ep.rank());
                }
                return AllReduce.divide(algorithm.sum(ep, round, x, timeout), ep.size());
            }
        };
    }
}
