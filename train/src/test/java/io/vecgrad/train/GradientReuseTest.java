package io.vecgrad.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.datasets.Batch;
import io.vecgrad.datasets.DataLoader;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Gradient-buffer reuse ({@link Model#lossAndGradients(Batch, boolean)}, the trainer's default):
 * the same bits as fresh gradients, the same tensors every step, and the documented aliasing —
 * a gradient kept from one step holds the next step's gradient with reuse, its own without.
 */
class GradientReuseTest {
    private static final DataSplit DATA = Fixtures.blobs(150, 3, 3, 3.0, new Rng(1));

    @Test
    void reusingGradientBuffersGivesTheSameBitsAsFreshGradients() {
        List<Function<Model, Optimizer>> optimizers = List.of(
                m -> Fixtures.sgd(m, Schedule.constant(0.1), 0.9),
                m -> Optimizer.of(m.parameters(), Adam.adam(1e-2)));
        for (Function<Model, Optimizer> opt : optimizers) {
            List<MetricRow> reusedRows = new ArrayList<>(), freshRows = new ArrayList<>();
            Model reused = train(true, opt, reusedRows), fresh = train(false, opt, freshRows);
            for (String n : fresh.parameters().names()) {
                assertBitwise(fresh.parameters().get(n), reused.parameters().get(n), "parameter " + n);
            }
            assertEquals(freshRows.size(), reusedRows.size());
            for (int i = 0; i < freshRows.size(); i++) {
                assertEquals(freshRows.get(i).loss(), reusedRows.get(i).loss(), "row " + i);
            }
        }
    }

    private static Model train(boolean reuse, Function<Model, Optimizer> opt, List<MetricRow> rows) {
        Model m = Fixtures.mlpWithDropout(DATA.info(), 2);
        Trainer.builder().epochs(3).seed(5).reuseGradients(reuse).metrics(rows::add).build()
                .fit("reuse " + reuse, m, opt.apply(m), Fixtures.loader(DATA, 10, 3), null);
        return m;
    }

    @Test
    void reusedGradientsAreTheSameTensorsEveryStep() {
        Model m = Fixtures.logistic(DATA.info(), 2);
        Iterator<Batch> batches = batches();
        m.lossAndGradients(batches.next(), true);
        Params first = m.gradients();
        m.lossAndGradients(batches.next(), true);
        Params second = m.gradients();
        assertSame(first, second, "no new gradient map per step");
        for (String n : first.names()) assertSame(first.get(n), second.get(n), n);
        m.lossAndGradients(batches.next(), false);
        for (String n : first.names()) assertNotSame(first.get(n), m.gradients().get(n), "fresh tensors without reuse: " + n);
    }

    /** The documented behaviour, as PyTorch's {@code zero_grad(set_to_none=False)}. */
    @Test
    void aKeptGradientHoldsTheNextStepsGradientWithReuseAndItsOwnWithout() {
        Model withReuse = Fixtures.logistic(DATA.info(), 2), without = Fixtures.logistic(DATA.info(), 2);
        Iterator<Batch> batches = batches();
        Batch b1 = batches.next(), b2 = batches.next();
        withReuse.lossAndGradients(b1, true);
        without.lossAndGradients(b1, false);
        String name = withReuse.parameters().names().get(0);
        Tensor keptReused = withReuse.gradients().get(name), keptFresh = without.gradients().get(name);
        Tensor step1 = keptFresh.copy();
        assertBitwise(step1, keptReused, "step 1 gradients agree");
        withReuse.lossAndGradients(b2, true);
        without.lossAndGradients(b2, false);
        Tensor step2 = without.gradients().get(name);
        assertBitwise(step2, keptReused, "with reuse the kept tensor now holds step 2's gradient");
        assertBitwise(step1, keptFresh, "without reuse the kept tensor still holds step 1's gradient");
        assertTrue(differs(step1, step2), "the two steps' gradients differ, so the check above can fail");
    }

    private static Iterator<Batch> batches() {
        DataLoader loader = Fixtures.loader(DATA, 10, 3);
        return loader.epoch(0);
    }

    private static boolean differs(Tensor a, Tensor b) {
        double[] u = a.to(DType.FLOAT64).toDoubleArray(), v = b.to(DType.FLOAT64).toDoubleArray();
        for (int i = 0; i < u.length; i++) if (Double.doubleToRawLongBits(u[i]) != Double.doubleToRawLongBits(v[i])) return true;
        return false;
    }

    private static void assertBitwise(Tensor expected, Tensor actual, String what) {
        assertTrue(!differs(expected, actual), () -> what + ": " + expected + " vs " + actual);
    }
}
