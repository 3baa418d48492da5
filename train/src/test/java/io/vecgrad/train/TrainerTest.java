package io.vecgrad.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.datasets.DataLoader;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.schedule.ReduceOnPlateau;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @TempDir
    Path tmp;

    private static final DataSplit DATA = Fixtures.blobs(150, 3, 3, 3.0, new Rng(1));

    @Test
    void lossFallsAndHeldOutAccuracyIsHigh() {
        List<MetricRow> rows = new ArrayList<>();
        Model m = Fixtures.logistic(DATA.info(), 2);
        RunSummary s = Trainer.builder().epochs(5).metrics(rows::add).validation(DATA.test()).build()
                .fit("sgd", m, Fixtures.sgd(m, Schedule.constant(0.5), 0), Fixtures.loader(DATA, 16, 3), null);
        assertEquals("done", s.status());
        assertEquals(5 * 8, s.steps(), "120 training examples in batches of 16: 8 steps per epoch");
        assertTrue(rows.get(rows.size() - 1).loss() < rows.get(0).loss() / 2, rows.toString());
        assertTrue(s.testAccuracy() > 0.9, "test accuracy " + s.testAccuracy());
        assertEquals(0, rows.get(0).epoch());
        assertEquals(4, rows.get(rows.size() - 1).epoch());
    }

    @Test
    void validationIsRecordedOnTheLastRowOfEachEpochAndEqualsTheFinalEvaluation() {
        List<MetricRow> rows = new ArrayList<>();
        List<EpochEnd> ends = new ArrayList<>();
        Model m = Fixtures.logistic(DATA.info(), 2);
        RunSummary s = Trainer.builder().epochs(3).metrics(rows::add).validation(DATA.test()).onEpochEnd(ends::add)
                .build().fit("sgd", m, Fixtures.sgd(m, Schedule.constant(0.5), 0), Fixtures.loader(DATA, 16, 3), null);
        assertEquals(3, ends.size());
        long withValidation = rows.stream().filter(r -> !Double.isNaN(r.validationLoss())).count();
        assertEquals(3, withValidation, "one validation figure per epoch");
        for (int i = 0; i < rows.size(); i++) {
            boolean epochEnd = i == rows.size() - 1 || rows.get(i + 1).epoch() != rows.get(i).epoch();
            assertEquals(epochEnd, !Double.isNaN(rows.get(i).validationLoss()), "row " + i);
        }
        assertEquals(s.testLoss(), ends.get(2).validation().loss());
        assertEquals(Trainer.evaluate(m, DATA.test(), 7).accuracy(), s.testAccuracy(), 1e-12);
    }

    @Test
    void sameSeedGivesBitwiseSameParameters() {
        double[] a = trainOnce(7);
        assertArrayEquals(a, trainOnce(7));
        assertFalse(java.util.Arrays.equals(a, trainOnce(8)), "another seed shuffles differently");
    }

    private static double[] trainOnce(long seed) {
        Model m = Fixtures.mlpWithDropout(DATA.info(), 2);
        Trainer.builder().epochs(2).seed(seed).build()
                .fit("sgd", m, Fixtures.sgd(m, Schedule.constant(0.1), 0.9), Fixtures.loader(DATA, 10, seed), null);
        return m.parameters().asMap().values().iterator().next().toDoubleArray();
    }

    @Test
    void stopSignalEndsBetweenStepsAndLeavesTheLastCheckpoint() throws Exception {
        CheckpointStore store = new CheckpointStore(tmp, 2);
        StopSignal stop = new StopSignal();
        Model m = Fixtures.logistic(DATA.info(), 2);
        Trainer t = Trainer.builder().epochs(3).checkpoints(store).checkpointEvery(4).stop(stop)
                .metrics(r -> { if (r.step() == 5) stop.request(); }).build();
        RunSummary s = t.fit("sgd", m, Fixtures.sgd(m, Schedule.constant(0.2), 0.5), Fixtures.loader(DATA, 16, 1), null);
        assertEquals("interrupted", s.status());
        assertEquals(5, s.steps());
        Checkpoint c = store.latest().orElseThrow();
        assertEquals(new LoopPosition(4, 0, 64, c.position().seconds()), c.position());
        assertEquals(16, c.batchSize());
        assertEquals(c.file(), t.lastCheckpoint());
    }

    /**
     * The acceptance test of resume: stop a run with dropout (the trainer's random stream), momentum
     * (optimizer state), validation and a plateau hook (listener state) mid-epoch, resume from its
     * checkpoint into freshly built objects, and get bit for bit the uninterrupted run.
     */
    @Test
    void resumingFromACheckpointReproducesTheUninterruptedRunBitForBit() throws Exception {
        List<MetricRow> fullRows = new ArrayList<>();
        Model full = run(fullRows, null, new StopSignal(), null, -1);

        CheckpointStore store = new CheckpointStore(tmp, 2);
        StopSignal stop = new StopSignal();
        run(new ArrayList<>(), store, stop, null, 10);
        Checkpoint c = store.latest().orElseThrow();
        assertEquals(9, c.position().step());
        assertTrue(c.position().position() > 0, "stopped mid-epoch: " + c.position());

        List<MetricRow> tail = new ArrayList<>();
        Model resumed = run(tail, store, new StopSignal(), c, -1);
        for (Map.Entry<String, Tensor> e : full.parameters().asMap().entrySet()) {
            assertArrayEquals(e.getValue().toDoubleArray(), resumed.parameters().get(e.getKey()).toDoubleArray(), e.getKey());
        }
        assertEquals(10, tail.get(0).step());
        List<MetricRow> fullTail = fullRows.subList(fullRows.size() - tail.size(), fullRows.size());
        for (int i = 0; i < tail.size(); i++) {
            MetricRow a = fullTail.get(i);
            MetricRow b = tail.get(i);
            assertEquals(a.step(), b.step());
            assertEquals(a.loss(), b.loss(), "loss at step " + a.step());
            assertEquals(a.learningRate(), b.learningRate(), "lr at step " + a.step());
            assertEquals(a.validationLoss(), b.validationLoss(), "validation at step " + a.step());
        }
    }

    private static Model run(List<MetricRow> rows, CheckpointStore store, StopSignal stop, Checkpoint resume, long stopAt) {
        Model m = Fixtures.mlpWithDropout(DATA.info(), resume == null ? 2 : 99);
        PlateauHook plateau = new PlateauHook(ReduceOnPlateau.of(0.5, 0, 0.0, 0, 1e-3));
        Schedule lr = plateau.scale(Schedule.constant(0.1));
        Optimizer opt = Fixtures.sgd(m, lr, 0.9);
        try (DataLoader loader = Fixtures.loader(DATA, 16, 5)) {
            Trainer.builder().epochs(4).seed(5).checkpoints(store).checkpointEvery(3).stop(stop).learningRate(lr)
                    .validation(DATA.test()).onEpochEnd(plateau)
                    .metrics(r -> {
                        rows.add(r);
                        if (r.step() == stopAt) stop.request();
                    }).build().fit("sgd", m, opt, loader, resume);
        }
        return m;
    }

    @Test
    void divergenceStopsTheRun() {
        List<MetricRow> rows = new ArrayList<>();
        Model m = Fixtures.logistic(DATA.info(), 2);
        Schedule lr = step -> step < 3 ? 0.1 : Double.NaN;
        RunSummary s = Trainer.builder().epochs(50).metrics(rows::add).learningRate(lr).build()
                .fit("sgd", m, Fixtures.sgd(m, lr, 0), Fixtures.loader(DATA, 16, 1), null);
        assertEquals("diverged", s.status());
        assertEquals(5, s.steps(), "step 4 poisons the weights, step 5 sees a NaN loss");
        assertFalse(Double.isFinite(rows.get(rows.size() - 1).loss()));
    }

    @Test
    void warmUpRunsTheRequestedStepsAndChangesOnlyTheThrowawayModel() {
        Model throwaway = Fixtures.logistic(DATA.info(), 2);
        Model kept = Fixtures.logistic(DATA.info(), 2);
        double[] before = kept.parameters().asMap().values().iterator().next().toDoubleArray();
        int steps = Trainer.warmUp(throwaway, Fixtures.sgd(throwaway, Schedule.constant(0.1), 0),
                Fixtures.loader(DATA, 16, 1), 20, java.time.Duration.ofMinutes(1));
        assertEquals(20, steps, "more than two epochs of 8 batches");
        assertArrayEquals(before, kept.parameters().asMap().values().iterator().next().toDoubleArray());
        assertNotEquals(before[0], throwaway.parameters().asMap().values().iterator().next().toDoubleArray()[0]);
    }
}
