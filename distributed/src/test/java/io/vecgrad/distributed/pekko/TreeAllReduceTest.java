package io.vecgrad.distributed.pekko;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The binomial-tree all-reduce against its scalar reference, the ring, and its byte formula. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TreeAllReduceTest {
    private static final Duration T = Duration.ofSeconds(60);
    private static final int MAX = 7;
    private static LocalCluster cluster;
    private static ExecutorService pool;

    @BeforeAll
    static void start() {
        cluster = LocalCluster.start("vecgrad-tree", MAX, true, Duration.ofSeconds(90));
        pool = Executors.newFixedThreadPool(MAX);
    }

    @AfterAll
    static void stop() {
        try {
            if (pool != null) {
                pool.shutdownNow();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    /** Values spread over many magnitudes, so different summation orders round differently. */
    private static float[][] vectors(int k, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[k][n];
        for (float[] v : x) {
            for (int i = 0; i < n; i++) {
                v[i] = (float) (r.nextGaussian() * Math.exp(r.nextGaussian() * 4));
            }
        }
        return x;
    }

    private static void assertBits(float[] want, float[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            if (Float.floatToRawIntBits(want[i]) != Float.floatToRawIntBits(got[i])) {
                throw new AssertionError(what + ": index " + i + " is " + got[i] + ", expected " + want[i]);
            }
        }
    }

    @Test
    void referenceSumIsTheDocumentedParenthesisation() {
        float[][] x = vectors(7, 500, 3);
        float[][] expected = new float[8][500];
        for (int i = 0; i < 500; i++) {
            float[] v = new float[7];
            for (int r = 0; r < 7; r++) {
                v[r] = x[r][i];
            }
            expected[1][i] = v[0];
            expected[2][i] = v[0] + v[1];
            expected[3][i] = (v[0] + v[1]) + v[2];
            expected[4][i] = (v[0] + v[1]) + (v[2] + v[3]);
            expected[5][i] = ((v[0] + v[1]) + (v[2] + v[3])) + v[4];
            expected[6][i] = ((v[0] + v[1]) + (v[2] + v[3])) + (v[4] + v[5]);
            expected[7][i] = ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + v[6]);
        }
        for (int k = 1; k <= 7; k++) {
            assertBits(expected[k], TreeAllReduce.referenceSum(java.util.Arrays.copyOf(x, k)), "K = " + k);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TreeAllReduce.referenceSum(new float[][] {new float[3], new float[4]}));
        assertTrue(e.getMessage().contains("vector 1 has 4") && e.getMessage().contains("vector 0 has 3"), e.getMessage());
    }

    @Test
    void treeShapeSendsTwoKMinusOneVectorsAndEachWorkerHasOneParent() {
        assertArrayEquals(new int[] {4, 2, 1}, TreeAllReduce.children(0, 7));
        assertArrayEquals(new int[] {6, 5}, TreeAllReduce.children(4, 7));
        assertArrayEquals(new int[] {3}, TreeAllReduce.children(2, 7));
        assertArrayEquals(new int[] {}, TreeAllReduce.children(4, 5));
        for (AllReduce a : AllReduce.values()) {
            for (int k = 1; k <= 9; k++) {
                int total = 0;
                for (int r = 0; r < k; r++) {
                    total += a.vectorsSent(r, k);
                }
                assertEquals(2 * (k - 1), total, a + " K = " + k);
            }
        }
        for (int k = 2; k <= 9; k++) {
            int[] parents = new int[k];
            for (int r = 0; r < k; r++) {
                for (int c : TreeAllReduce.children(r, k)) {
                    parents[c]++;
                }
            }
            for (int r = 1; r < k; r++) {
                assertEquals(1, parents[r], "worker " + r + " of " + k + " has one broadcast parent");
            }
            assertEquals(0, parents[0]);
        }
        assertEquals(3, AllReduce.TREE.vectorsSent(0, 7));
        assertEquals(2, AllReduce.RING.vectorsSent(0, 7));
        assertEquals(4L * 70_000 + 3 * 48, AllReduce.vectorBytes(70_000, Chunking.DEFAULT_FLOATS));
        assertEquals(4L * 2500 + 3 * 48, AllReduce.vectorBytes(2500, 1000));
        assertEquals(AllReduce.TREE, AllReduce.parse(" Tree"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AllReduce.parse("butterfly"));
        assertTrue(e.getMessage().contains("'butterfly'") && e.getMessage().contains("ring, tree"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AllReduce.TREE.vectorsSent(3, 3));
    }

    @Test
    void everyWorkerCountFromOneToSevenGivesTheReferenceBitsOnEveryWorkerWithTheDocumentedBytes() throws Exception {
        int n = 70_000; // three segments of 32,768 floats, the last one partial
        int orderDiffers = 0;
        for (int k = 1; k <= MAX; k++) {
            float[][] x = vectors(k, n, 100 + k);
            List<PekkoEndpoint> eps = new ArrayList<>();
            for (int r = 0; r < k; r++) {
                eps.add(PekkoEndpoint.start(cluster.system(r), "tree" + k, r, k));
            }
            try {
                for (PekkoEndpoint ep : eps) {
                    ep.awaitPeers(T);
                }
                for (AllReduce a : AllReduce.values()) {
                    long[] before = new long[k];
                    List<Future<float[]>> out = new ArrayList<>();
                    for (int r = 0; r < k; r++) {
                        PekkoEndpoint ep = eps.get(r);
                        before[r] = ep.bytesSent();
                        float[] mine = x[r];
                        out.add(pool.submit(() -> a.sum(ep, a.ordinal(), mine, T)));
                    }
                    float[] want = a.referenceSum(x);
                    for (int r = 0; r < k; r++) {
                        assertBits(want, out.get(r).get(90, TimeUnit.SECONDS), a + " K = " + k + " worker " + r);
                        assertEquals(a.vectorsSent(r, k) * AllReduce.vectorBytes(n, Chunking.DEFAULT_FLOATS),
                                eps.get(r).bytesSent() - before[r], a + " K = " + k + " bytes sent by worker " + r);
                    }
                }
                float[] ring = AllReduce.RING.referenceSum(x);
                float[] tree = AllReduce.TREE.referenceSum(x);
                for (int i = 0; i < n; i++) {
                    if (Float.floatToRawIntBits(ring[i]) != Float.floatToRawIntBits(tree[i])) {
                        orderDiffers |= 1 << k;
                        break;
                    }
                }
            } finally {
                eps.forEach(PekkoEndpoint::close);
            }
        }
        // The data tells the two orders apart wherever they differ (K ≥ 4) and they agree for K ≤ 3.
        assertEquals(0b1111_0000, orderDiffers, Integer.toBinaryString(orderDiffers));
    }

    @Test
    void inMemoryCollectiveSumsInTheTreeOrder() throws Exception {
        int k = 5;
        float[][] x = vectors(k, 1000, 9);
        InMemoryCollective c = new InMemoryCollective(k, AllReduce.TREE);
        List<Future<float[]>> out = new ArrayList<>();
        for (int r = 0; r < k; r++) {
            int rank = r;
            out.add(pool.submit(() -> c.mean(rank, 0, x[rank])));
        }
        float[] want = TreeAllReduce.referenceSum(x);
        for (int i = 0; i < want.length; i++) {
            want[i] /= (float) k;
        }
        for (int r = 0; r < k; r++) {
            assertBits(want, out.get(r).get(30, TimeUnit.SECONDS), "in-memory tree worker " + r);
        }
    }
}
