package io.vecgrad.train.adversarial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.datasets.DataLoader;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.train.BatchPerturbation;
import io.vecgrad.train.Checkpoint;
import io.vecgrad.train.CheckpointStore;
import io.vecgrad.train.Model;
import io.vecgrad.train.RunSummary;
import io.vecgrad.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adversarial training through the one Trainer, and robust-accuracy evaluation. */
class AdversarialTrainingTest {
    static TensorDataset data() {
        return new TensorDataset(PgdTest.inputs(21), PgdTest.labels(3));
    }

    /** Trains an MLP for 3 epochs in batches of 4 and returns its final parameters. */
    static List<double[]> train(BatchPerturbation p, long seed) {
        return train(p, seed, 3, null, null);
    }

    /** Trains for {@code epochs} (optionally resuming, optionally checkpointing) and returns the final parameters. */
    static List<double[]> train(BatchPerturbation p, long seed, int epochs, CheckpointStore store, Checkpoint resume) {
        Model m = PgdTest.mlp(5);
        Optimizer opt = Optimizer.of(m.parameters(), Adam.adam(0.05));
        try (DataLoader loader = DataLoader.of(data()).batchSize(4).seed(seed).build()) {
            Trainer.Builder b = Trainer.builder().epochs(epochs).seed(seed).perturbation(p);
            if (store != null) {
                b.checkpoints(store).checkpointEvery(2);
            }
            RunSummary s = b.build().fit("t", m, opt, loader, resume);
            assertEquals("done", s.status());
        }
        List<double[]> out = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : m.module().stateDict().entrySet()) {
            out.add(e.getValue().toDoubleArray());
        }
        return out;
    }

    static void assertSameBits(List<double[]> a, List<double[]> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), "tensor " + i);
        }
    }

    static boolean sameBits(List<double[]> a, List<double[]> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!java.util.Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void epsilonZeroIsBitwiseStandardTraining() {
        List<double[]> standard = train(null, 3);
        assertSameBits(standard, train(AdversarialTraining.of(Pgd.linf(0, 0.05, 3).clip(0, 1)), 3));
        assertSameBits(standard, train(AdversarialTraining.of(Pgd.l2(0, 0.05, 3)), 3));
    }

    @Test
    void adversarialTrainingIsDeterministicPerSeedAndDiffersFromStandard() {
        BatchPerturbation pgd = AdversarialTraining.of(Pgd.linf(0.2, 0.05, 3).clip(0, 1));
        List<double[]> a = train(pgd, 3);
        assertSameBits(a, train(pgd, 3));
        assertFalse(sameBits(a, train(null, 3)), "the attack changed nothing");
        assertFalse(sameBits(a, train(pgd, 4)), "the seed changed nothing");
    }

    @Test
    void aRandomStartRunResumesBitIdenticallyFromACheckpoint(@TempDir Path dir) throws Exception {
        BatchPerturbation pgd = AdversarialTraining.of(Pgd.l2(0.3, 0.1, 3).clip(0, 1));
        List<double[]> straight = train(pgd, 9);
        CheckpointStore store = new CheckpointStore(dir, 50);
        train(pgd, 9, 1, store, null);                                  // first session: one epoch, checkpoints every 2 steps
        Checkpoint midEpoch = Checkpoint.load(store.fileFor(2));        // 12 examples, batches of 4: step 2 is mid-epoch
        assertEquals(8, midEpoch.position().position());
        assertSameBits(straight, train(pgd, 9, 3, null, midEpoch));
    }

    @Test
    void robustEvaluationAtEpsilonZeroIsTheCleanEvaluation() {
        Model m = PgdTest.mlp(2);
        RobustEvaluation r = Robustness.evaluate(m, data(), Pgd.linf(0, 0.1, 3).clip(0, 1), 5, 1);
        assertEquals(r.cleanLoss(), r.robustLoss());
        assertEquals(r.cleanAccuracy(), r.robustAccuracy());
        assertEquals(Trainer.evaluate(m, data(), 5).accuracy(), r.cleanAccuracy(), 1e-12);
    }

    @Test
    void onAConvexModelTheRobustLossIsAtLeastTheCleanLossAndGrowsWithEpsilon() {
        Model m = PgdTest.logistic(3);
        TensorDataset d = new TensorDataset(PgdTest.inputs(22), PgdTest.labels(2));
        double previous = Robustness.evaluate(m, d, Pgd.fgsm(0), 4, 1).robustLoss();
        for (double eps : new double[] {0.05, 0.1, 0.2}) {
            RobustEvaluation r = Robustness.evaluate(m, d, Pgd.linf(eps, eps / 5, 10).randomStart(false), 4, 1);
            assertTrue(r.robustLoss() >= r.cleanLoss(), "eps " + eps + ": " + r);
            assertTrue(r.robustLoss() > previous, "eps " + eps + ": " + r.robustLoss() + " <= " + previous);
            assertTrue(r.robustAccuracy() <= r.cleanAccuracy(), "eps " + eps + ": " + r);
            previous = r.robustLoss();
        }
    }
}
