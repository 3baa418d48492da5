package io.vecgrad.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.datasets.DataLoader;
import io.vecgrad.nn.Sequential;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.optim.schedule.mi.MiLearningRate;
import io.vecgrad.optim.schedule.mi.MutualInformation;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.random.Rng;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The MI learning-rate hook inside the trainer. */
class MiScheduleHookTest {
    private static final DataSplit DATA = Fixtures.blobs(150, 3, 3, 3.0, new Rng(1));

    private static List<Map<String, Double>> run(long seed, boolean layerwise) {
        Model m = Fixtures.mlpWithDropout(DATA.info(), seed);
        MiLearningRate c = MiLearningRate.of(0.2, 0.005, 0.02);
        MiScheduleHook mi = layerwise ? MiScheduleHook.layerwise(c, (Sequential) m.module(), DATA.train(), List.of("1"), 4)
                : MiScheduleHook.global(c, m.module(), DATA.train());
        Schedule lr = mi.schedule();
        Optimizer opt = Fixtures.sgd(m, lr, 0.9);
        try (DataLoader loader = Fixtures.loader(DATA, 16, 5)) {
            Trainer.builder().epochs(4).seed(5).learningRate(lr).onEpochEnd(mi).build().fit("sgd", m, opt, loader, null);
        }
        // the controller's rate is what the mapping gives from the measured NMI sequence
        MiLearningRate replay = c;
        for (Map<String, Double> row : mi.history()) {
            replay = replay.observe(row.get("output"));
            assertEquals(replay.lr(), row.get("output.lr"), 0);
        }
        return mi.history();
    }

    @Test
    void hookLowersTheRateAsTheModelLearnsAndRepeatsPerSeed() {
        List<Map<String, Double>> h = run(2, false);
        assertEquals(4, h.size());
        double first = h.get(0).get("output"), last = h.get(h.size() - 1).get("output");
        assertTrue(last > 0.5, "blobs are easy: NMI should be high after 4 epochs, got " + last);
        assertTrue(h.get(h.size() - 1).get("output.lr") < 0.2, "the rate must have decayed from LR_max, NMI " + first + " → " + last);
        assertEquals(h, run(2, false), "same seed, same history");
    }

    @Test
    void layerwiseHookMeasuresTheHiddenLayer() {
        List<Map<String, Double>> h = run(3, true);
        for (Map<String, Double> row : h) {
            assertTrue(row.containsKey("1") && row.get("1") >= 0 && row.get("1") <= 1, row.toString());
            assertTrue(row.get("1.lr") <= 0.2 && row.get("1.lr") >= 0.005);
        }
    }

    @Test
    void nmiOfAPerfectClassifierIsOne() {
        long[] y = DATA.train().y().to(DType.INT64).toLongArray();
        assertEquals(1.0, MutualInformation.normalized(y, y), 1e-12);
    }
}
