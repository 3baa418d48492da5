package io.vecgrad.train.multitask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.datasets.Batch;
import io.vecgrad.datasets.DataLoader;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.nn.losses.Losses;
import io.vecgrad.nn.moe.MoeLayer;
import io.vecgrad.nn.moe.MoeOptions;
import io.vecgrad.nn.moe.TokenEncoder;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlternatingTrainerTest {
    private static TensorDataset data(long seed, int n, int t, int f) {
        Rng r = new Rng(seed);
        Tensor x = r.normal(DType.FLOAT32, 0, 1, n, t * f);
        Tensor y = r.randint(0, 3, n);
        return new TensorDataset(x, y);
    }

    private static Task task(String name, long seed, int t, int f, double w) {
        Linear stem = new Linear(f, 8);
        stem.initialize(new Rng(seed).split("stem"));
        Linear head = new Linear(8, 3);
        head.initialize(new Rng(seed).split("head"));
        return new Task(name, stem, head, data(seed, 40, t, f), new int[] {t, f}, 8, w);
    }

    private static TokenEncoder encoder(long seed) {
        TokenEncoder e = new TokenEncoder(8, 2, 12, 1, MoeOptions.tokensChoose(3, 1), 1, DType.FLOAT32);
        e.initialize(new Rng(seed));
        return e;
    }

    private static Map<String, double[]> snapshot(Module m) {
        Map<String, double[]> out = new LinkedHashMap<>();
        m.namedParameters().forEach((k, v) -> out.put(k, v.value().toDoubleArray()));
        return out;
    }

    private static void assertSame(Map<String, double[]> a, Map<String, double[]> b) {
        assertEquals(a.keySet(), b.keySet());
        a.forEach((k, v) -> assertArrayEquals(v, b.get(k), 0.0, k));
    }

    /** With one task AGD is plain mini-batch training: the same parameters bitwise as a hand-written loop. */
    @Test
    void oneTaskEqualsPlainTraining() {
        Task a = task("a", 1, 4, 5, 1.0);
        TokenEncoder enc = encoder(7);
        try (AlternatingTrainer agd = new AlternatingTrainer(enc, List.of(a), () -> Adam.adam(1e-2), MoeLayer::auxiliaryLoss, 3)) {
            agd.run(12);
        }
        Task b = task("a", 1, 4, 5, 1.0);
        TokenEncoder enc2 = encoder(7);
        Map<String, Tensor> live = new LinkedHashMap<>();
        List<Variable> vars = new ArrayList<>();
        for (Module m : List.of(enc2, b.stem(), b.head())) {
            m.namedParameters().forEach((k, v) -> {
                live.put(m + "/" + live.size() + k, v.value());
                vars.add(v);
            });
        }
        Optimizer opt = Optimizer.of(Params.of(live), Adam.adam(1e-2));
        long loaderSeed = new Rng(3).split("agd-data").split("a").nextLong();
        try (DataLoader loader = DataLoader.of(b.train()).batchSize(8).seed(loaderSeed).build()) {
            int done = 0;
            for (int e = 0; done < 12; e++) {
                try (DataLoader.Epoch ep = loader.epoch(e)) {
                    for (Batch batch : ep) {
                        if (done++ == 12) break;
                        for (Variable v : vars) v.zeroGrad();
                        Variable logits = b.head().forward(enc2.forward(b.stem().forward(Variable.constant(batch.x().reshape(-1, 4, 5)))));
                        Variable loss = Losses.crossEntropy(logits, batch.y().to(DType.INT64)).add(MoeLayer.auxiliaryLoss(enc2));
                        loss.backward();
                        Map<String, Tensor> g = new LinkedHashMap<>();
                        int i = 0;
                        for (String k : live.keySet()) {
                            Variable v = vars.get(i++);
                            g.put(k, v.grad() == null ? Tensor.zeros(v.dtype(), v.shape()) : v.grad());
                        }
                        opt.step(Params.of(g));
                    }
                }
            }
        }
        assertSame(snapshot(enc2), snapshot(enc));
        assertSame(snapshot(b.head()), snapshot(a.head()));
        assertSame(snapshot(b.stem()), snapshot(a.stem()));
    }

    /** Empirical task frequencies match the weights: χ² with 2 degrees of freedom below 13.82 (significance 0.001). */
    @Test
    void taskFrequenciesFollowTheWeights() {
        double[] w = {1, 2, 3};
        List<Task> tasks = List.of(task("a", 1, 2, 3, w[0]), task("b", 2, 3, 3, w[1]), task("c", 3, 2, 2, w[2]));
        try (AlternatingTrainer agd = new AlternatingTrainer(encoder(1), tasks, () -> Adam.adam(1e-3), null, 9)) {
            int n = 6000;
            int[] c = new int[3];
            for (int s = 0; s < n; s++) c[agd.taskOf(s)]++;
            double chi2 = 0;
            for (int j = 0; j < 3; j++) {
                double expect = n * w[j] / 6;
                chi2 += (c[j] - expect) * (c[j] - expect) / expect;
            }
            assertTrue(chi2 < 13.82, "chi2 " + chi2 + " counts " + java.util.Arrays.toString(c));
            assertEquals(agd.taskOf(17), agd.taskOf(17));
        }
    }

    /** A step on task j leaves every other task's stem and head bitwise unchanged and moves the shared encoder. */
    @Test
    void unsampledHeadsAreUnchanged() {
        List<Task> tasks = List.of(task("a", 1, 4, 5, 1), task("b", 2, 6, 3, 1));
        TokenEncoder enc = encoder(2);
        try (AlternatingTrainer agd = new AlternatingTrainer(enc, tasks, () -> Adam.adam(1e-2), MoeLayer::auxiliaryLoss, 5)) {
            for (int s = 0; s < 6; s++) {
                int j = agd.taskOf(s), other = 1 - j;
                Map<String, double[]> encBefore = snapshot(enc), headJ = snapshot(tasks.get(j).head());
                Map<String, double[]> stemO = snapshot(tasks.get(other).stem()), headO = snapshot(tasks.get(other).head());
                AlternatingTrainer.Step st = agd.step();
                assertEquals(j, st.task());
                assertTrue(st.auxiliary() > 0);
                assertSame(stemO, snapshot(tasks.get(other).stem()));
                assertSame(headO, snapshot(tasks.get(other).head()));
                assertFalse(java.util.Arrays.equals(headJ.get("weight"), snapshot(tasks.get(j).head()).get("weight")));
                assertFalse(java.util.Arrays.equals(encBefore.get("norm.weight"), snapshot(enc).get("norm.weight")));
            }
            int[] counts = agd.taskCounts();
            assertEquals(6, counts[0] + counts[1]);
            AlternatingTrainer.Scores sc = agd.evaluate(1, tasks.get(1).train());
            assertTrue(sc.accuracy() >= 0 && sc.accuracy() <= 1 && sc.loss() > 0);
        }
    }

    @Test
    void sameSeedSameRun() {
        double[][] out = new double[2][];
        for (int i = 0; i < 2; i++) {
            List<Task> tasks = List.of(task("a", 1, 4, 5, 1), task("b", 2, 6, 3, 2));
            TokenEncoder enc = encoder(2);
            try (AlternatingTrainer agd = new AlternatingTrainer(enc, tasks, () -> Adam.adam(1e-2), MoeLayer::auxiliaryLoss, 5)) {
                agd.run(10);
            }
            out[i] = snapshot(enc).get("block0.moe.router.weight");
        }
        assertArrayEquals(out[0], out[1], 0.0);
    }

    @Test
    void badTasksAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> task("a", 1, 2, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new AlternatingTrainer(encoder(1), List.of(), () -> Adam.adam(1e-3), null, 1));
    }
}
