package io.vecgrad.distributed.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.datasets.DataLoader;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Dropout;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.compress.Compressors;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.Model;
import io.vecgrad.train.RunSummary;
import io.vecgrad.train.Trainer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DataParallelTest {
    private static final int K = 3;
    private static final TensorDataset DATA = io.vecgrad.datasets.synthetic.Blobs.generate(300, 6, 3, 2.0, new Rng(7));

    private static Model model() {
        Module net = new Sequential(new Linear(6, 12, true, DType.FLOAT32), Activation.relu(), new Dropout(0.2),
                new Linear(12, 3, true, DType.FLOAT32));
        net.initialize(new Rng(3));
        return new Model(net, new int[] {6}, DType.FLOAT32, Model.Loss.CROSS_ENTROPY);
    }

    private record Result(float[] params, RunSummary summary) {}

    private static DataParallel.WorkerBody<Result> body(GradientTransformation compressor) {
        return body(compressor, K);
    }

    private static DataParallel.WorkerBody<Result> body(GradientTransformation compressor, int workers) {
        return (rank, collective) -> {
            Model m = model();
            Optimizer opt = DataParallel.synchronize(Optimizer.of(m.parameters(), Adam.adam(1e-2)), collective, rank,
                    compressor);
            try (DataLoader loader = DataLoader.of(DataParallel.shard(DATA, rank, workers)).batchSize(10).seed(11 + rank).build()) {
                RunSummary s = Trainer.builder().epochs(2).seed(5).build().fit("dp", m, opt, loader, null);
                return new Result(DataParallel.flatten(m.parameters()), s);
            }
        };
    }

    private static void assertBitIdentical(float[] a, float[] b, String what) {
        assertEquals(a.length, b.length, what);
        for (int i = 0; i < a.length; i++) {
            assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), what + ", value " + i);
        }
    }

    @Test
    void pekkoRunEqualsTheInMemoryOracleBitForBitAndReplicasStayIdentical() throws Exception {
        List<Result> oracle = DataParallel.runInMemory(K, body(null));
        List<Result> pekko = DataParallel.runLocal(K, "dp-test", Duration.ofSeconds(60), body(null));
        for (int r = 0; r < K; r++) {
            assertBitIdentical(oracle.get(0).params(), oracle.get(r).params(), "oracle replica " + r);
            assertBitIdentical(oracle.get(r).params(), pekko.get(r).params(), "worker " + r + " pekko vs in-memory");
            assertEquals("done", pekko.get(r).summary().status());
            assertEquals(20, pekko.get(r).summary().steps());
        }
        float[] init = DataParallel.flatten(model().parameters());
        assertNotEquals(Arrays.toString(init), Arrays.toString(pekko.get(0).params()), "training moved the weights");
        assertTrue(pekko.get(0).summary().trainLoss() < 1.0, "loss " + pekko.get(0).summary().trainLoss());
    }

    @Test
    void compressedGradientsWithErrorFeedbackAlsoMatchTheOracle() throws Exception {
        List<Result> oracle = DataParallel.runInMemory(K, body(Compressors.topK(0.25, true)));
        List<Result> plain = DataParallel.runInMemory(K, body(null));
        List<Result> pekko = DataParallel.runLocal(K, "dp-topk", Duration.ofSeconds(60), body(Compressors.topK(0.25, true)));
        for (int r = 0; r < K; r++) {
            assertBitIdentical(oracle.get(r).params(), pekko.get(r).params(), "worker " + r);
        }
        assertNotEquals(Arrays.toString(plain.get(0).params()), Arrays.toString(oracle.get(0).params()),
                "top-k changes the trajectory");
    }

    @Test
    void treeAllReduceWithTopKAndErrorFeedbackMatchesItsOracleAndDiffersFromTheRingOrder() throws Exception {
        int k = 4; // the first worker count where tree and ring sum in different orders
        List<Result> oracle = DataParallel.runInMemory(k, AllReduce.TREE, body(Compressors.topK(0.25, true), k));
        List<Result> ring = DataParallel.runInMemory(k, AllReduce.RING, body(Compressors.topK(0.25, true), k));
        List<Result> pekko = DataParallel.runLocal(k, "dp-tree-topk", Duration.ofSeconds(60), AllReduce.TREE,
                body(Compressors.topK(0.25, true), k));
        for (int r = 0; r < k; r++) {
            assertBitIdentical(oracle.get(0).params(), pekko.get(r).params(), "tree worker " + r + " vs in-memory tree");
        }
        assertNotEquals(Arrays.toString(ring.get(0).params()), Arrays.toString(oracle.get(0).params()),
                "the tree's summation order gives other bits than the ring's at K = 4");
        assertTrue(pekko.get(0).summary().trainLoss() < 1.0, "loss " + pekko.get(0).summary().trainLoss());
    }

    @Test
    void flattenRoundTripsShapesAndDtypes() {
        Params p = Params.of("a", io.vecgrad.tensor.Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), "b",
                io.vecgrad.tensor.Tensor.of(new double[] {0.5, -1}));
        float[] flat = DataParallel.flatten(p);
        assertEquals("[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.5, -1.0]", Arrays.toString(flat));
        Params back = DataParallel.unflatten(p, flat);
        assertEquals(DType.FLOAT64, back.get("b").dtype());
        assertEquals("[2, 3]", Arrays.toString(back.get("a").shape()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataParallel.unflatten(p, new float[3]));
        assertTrue(e.getMessage().contains("3 values") && e.getMessage().contains("8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataParallel.shard(DATA, 3, 3));
        assertEquals(100, DataParallel.shard(DATA, 2, 3).size());
    }
}
