package io.vecgrad.cli.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.cli.testing.Blobs;
import io.vecgrad.cli.testing.LogisticRegression;
import io.vecgrad.cli.testing.MomentumSgd;
import io.vecgrad.tensor.random.Rng;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @TempDir
    Path tmp;

    private static final Dataset DATA = Blobs.make(150, 3, 3, 3.0, new Rng(1));

    private static Trainer trainer(TrainerSettings s, List<MetricRow> rows, CheckpointStore store, StopSignal stop) {
        return new Trainer(s, rows::add, Progress.silent(), store, stop);
    }

    @Test
    void lossFallsAndHeldOutAccuracyIsHigh() {
        List<MetricRow> rows = new ArrayList<>();
        LogisticRegression m = new LogisticRegression(DATA.info(), new Rng(2));
        RunSummary s = trainer(new TrainerSettings(5, 16, 3, 1, 0), rows, null, new StopSignal())
                .fit("sgd", DATA, m, new MomentumSgd(0.0), step -> 0.5, null);
        assertEquals("done", s.status());
        assertEquals(5 * 8, s.steps(), "120 training examples in batches of 16: 8 steps per epoch");
        assertTrue(rows.get(rows.size() - 1).loss() < rows.get(0).loss() / 2, rows.toString());
        assertTrue(s.testAccuracy() > 0.9, "test accuracy " + s.testAccuracy());
        assertEquals(0, rows.get(0).epoch());
        assertEquals(4, rows.get(rows.size() - 1).epoch());
    }

    /** Every epoch visits every training example exactly once, in an order fixed by (seed, epoch). */
    @Property(tries = 50)
    void epochOrderIsAPermutationFixedBySeed(@ForAll @IntRange(min = 1, max = 300) int n, @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 50) int epoch) {
        Trainer t = trainer(new TrainerSettings(1, 7, seed, 1, 0), new ArrayList<>(), null, new StopSignal());
        long[] order = t.order(epoch, n);
        assertArrayEquals(order, t.order(epoch, n));
        long[] sorted = order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    @Test
    void sameSeedGivesBitwiseSameParameters() {
        double[] a = trainOnce(7);
        double[] b = trainOnce(7);
        assertArrayEquals(a, b);
        assertTrue(!Arrays.equals(a, trainOnce(8)), "another seed shuffles differently");
    }

    private static double[] trainOnce(long seed) {
        LogisticRegression m = new LogisticRegression(DATA.info(), new Rng(2));
        trainer(new TrainerSettings(2, 10, seed, 3, 0), new ArrayList<>(), null, new StopSignal())
                .fit("sgd", DATA, m, new MomentumSgd(0.9), step -> 0.1, null);
        return m.parameters().get(0).toDoubleArray();
    }

    @Test
    void stopSignalEndsBetweenStepsAndLeavesTheLastCheckpoint() throws Exception {
        CheckpointStore store = new CheckpointStore(tmp, 2);
        StopSignal stop = new StopSignal();
        List<MetricRow> rows = new ArrayList<>();
        LogisticRegression m = new LogisticRegression(DATA.info(), new Rng(2));
        MomentumSgd opt = new MomentumSgd(0.5);
        // The schedule is called once per step: request the stop during step 6.
        Trainer t = trainer(new TrainerSettings(3, 16, 1, 1, 4), rows, store, stop);
        RunSummary s = t.fit("sgd", DATA, m, opt, step -> {
            if (step == 5) {
                stop.request();
            }
            return 0.2;
        }, null);
        assertEquals("interrupted", s.status());
        assertEquals(6, s.steps());
        Checkpoint c = store.latest().orElseThrow();
        assertEquals(4, c.state().step());
        assertEquals(4, c.state().batchInEpoch());
        assertNotNull(t.lastCheckpoint());
        assertEquals(c.file(), t.lastCheckpoint().file());
    }

    @Test
    void resumingFromACheckpointReproducesTheUninterruptedRun() throws Exception {
        TrainerSettings s = new TrainerSettings(3, 16, 5, 1, 3);
        LogisticRegression full = new LogisticRegression(DATA.info(), new Rng(2));
        List<MetricRow> fullRows = new ArrayList<>();
        trainer(s, fullRows, null, new StopSignal()).fit("sgd", DATA, full, new MomentumSgd(0.9), step -> 0.1, null);

        CheckpointStore store = new CheckpointStore(tmp, 2);
        StopSignal stop = new StopSignal();
        LogisticRegression first = new LogisticRegression(DATA.info(), new Rng(2));
        trainer(s, new ArrayList<>(), store, stop).fit("sgd", DATA, first, new MomentumSgd(0.9), step -> {
            if (step == 10) {
                stop.request();
            }
            return 0.1;
        }, null);
        Checkpoint c = store.latest().orElseThrow();
        assertEquals(9, c.state().step());

        LogisticRegression resumed = new LogisticRegression(DATA.info(), new Rng(99));
        List<MetricRow> tail = new ArrayList<>();
        RunSummary r = trainer(s, tail, store, new StopSignal()).fit("sgd", DATA, resumed, new MomentumSgd(0.9),
                step -> 0.1, c);
        assertEquals("done", r.status());
        assertArrayEquals(full.parameters().get(0).toDoubleArray(), resumed.parameters().get(0).toDoubleArray());
        assertEquals(fullRows.get(fullRows.size() - 1).loss(), tail.get(tail.size() - 1).loss());
        assertEquals(10, tail.get(0).step());
    }

    @Test
    void divergenceStopsTheRun() {
        List<MetricRow> rows = new ArrayList<>();
        LogisticRegression m = new LogisticRegression(DATA.info(), new Rng(2));
        RunSummary s = trainer(new TrainerSettings(50, 16, 1, 1, 0), rows, null, new StopSignal())
                .fit("sgd", DATA, m, new MomentumSgd(0.0), step -> step < 3 ? 0.1 : Double.NaN, null);
        assertEquals("diverged", s.status());
        assertEquals(5, s.steps(), "step 4 poisons the weights, step 5 sees a NaN loss");
        assertTrue(!Double.isFinite(rows.get(rows.size() - 1).loss()));
    }
}
