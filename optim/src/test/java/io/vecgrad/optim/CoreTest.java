package io.vecgrad.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.first.Adam;
import io.vecgrad.optim.first.Sgd;
import io.vecgrad.optim.schedule.Schedules;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoreTest {
    @Test
    void chainAppliesStagesInOrderAndReportsTheScheduledLearningRate() {
        Params p = Params.of("x", Tensor.of(new double[] {1, 2}, 2));
        Params g = Params.of("x", Tensor.of(new double[] {3, -4}, 2));
        GradientTransformation tx = Transforms.chain(Transforms.clipByValue(2), Transforms.scaleByLearningRate(Schedules.exponential(0.5, 0.1)));
        State s = tx.init(p);
        assertEquals(0.5, tx.hyperParams(s).get("lr"));
        Update u = tx.update(g, s, p);
        assertArrayEquals(new double[] {-1, 1}, u.updates().get("x").toDoubleArray(), 1e-15);
        assertEquals(0.05, tx.hyperParams(u.state()).get("lr"), 1e-15);
        assertArrayEquals(new double[] {1, 2}, p.get("x").toDoubleArray(), "update must not mutate params");
    }

    @Test
    void maskedDecaySkipsOneDimensionalParameters() {
        Params p = Params.of("w", Tensor.ones(DType.FLOAT64, 2, 2), "b", Tensor.ones(DType.FLOAT64, 2));
        Params g = p.zerosLike();
        GradientTransformation tx = Transforms.masked(Transforms.addDecayedWeights(0.1), ParamLabels.decayMask());
        Update u = tx.update(g, tx.init(p), p);
        assertArrayEquals(new double[] {0.1, 0.1, 0.1, 0.1}, u.updates().get("w").toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {0, 0}, u.updates().get("b").toDoubleArray());
        assertEquals(List.of("w", "b"), u.updates().names());
    }

    @Test
    void partitionRoutesByLabelAndPrefixesHyperParameters() {
        Params p = Params.of("w", Tensor.ones(DType.FLOAT64, 2, 2), "b", Tensor.ones(DType.FLOAT64, 2));
        Params g = p.map(t -> t.mul(2));
        GradientTransformation tx = Transforms.partition(
                Map.of("decay", Sgd.gradientDescent(0.1), "no_decay", Sgd.gradientDescent(0.01)), ParamLabels.decayLabels());
        Update u = tx.update(g, tx.init(p), p);
        assertEquals(-0.2, u.updates().get("w").get(0, 0), 1e-15);
        assertEquals(-0.02, u.updates().get("b").get(0), 1e-15);
        assertEquals(0.1, tx.hyperParams(u.state()).get("decay/lr"));
    }

    @Test
    void optimizerGroupsHaveTheirOwnHyperParametersAndMutateInPlace() {
        Tensor w = Tensor.ones(DType.FLOAT32, 2, 2), b = Tensor.ones(DType.FLOAT32, 2);
        Optimizer opt = Optimizer.builder()
                .group("decay", Params.of("w", w), Sgd.gradientDescent(0.5))
                .group("no_decay", Params.of("b", b), Sgd.gradientDescent(0.25))
                .build();
        opt.step(Params.of("w", Tensor.ones(DType.FLOAT32, 2, 2), "b", Tensor.ones(DType.FLOAT32, 2)));
        assertEquals(0.5, w.get(1, 1), 0);
        assertEquals(0.75, b.get(0), 0);
        assertEquals(0.5, opt.hyperParams().get("decay/lr"));
        assertEquals(0.25, opt.hyperParams().get("no_decay/lr"));
        assertThrows(IllegalArgumentException.class, () -> Optimizer.builder().group("a", Params.of("w", w), Sgd.gradientDescent(1))
                .group("b", Params.of("w", w), Sgd.gradientDescent(1)).build());
    }

    @Test
    void clipByGlobalNormBoundsTheNormAndKeepsSmallGradients() {
        Params g = Params.of("a", Tensor.of(new double[] {3, 4}, 2), "b", Tensor.of(new double[] {12}, 1));
        GradientTransformation clip = Transforms.clipByGlobalNorm(1.0);
        Params out = clip.update(g, clip.init(g), g).updates();
        assertEquals(1.0, out.globalNorm(), 1e-6);
        assertEquals(3.0 / 4.0, out.get("a").get(0) / out.get("a").get(1), 1e-12);
        Params small = g.map(t -> t.mul(1e-3));
        assertEquals(small.globalNorm(), clip.update(small, clip.init(g), g).updates().globalNorm(), 0);
    }

    @Test
    void fusedAdamMatchesTheComposedChainAndTheFunctionalPath() {
        Params start = TestUtil.params(1, DType.FLOAT64);
        List<Params> gs = TestUtil.grads(2, 25, DType.FLOAT64, 1);
        List<Params> fused = TestUtil.trajectory(Adam.adam(0.05), start, gs);
        List<Params> chain = TestUtil.trajectory(Transforms.chain(Adam.scaleByAdam(0.9, 0.999, 1e-8, false), Transforms.scaleByLearningRate(0.05)), start, gs);
        assertTrue(TestUtil.maxRelDiff(fused, chain, 1e-6) < 1e-12);
        // functional update(): θ + u with fresh tensors, state untouched
        GradientTransformation adam = Adam.adamW(0.05, 0.9, 0.999, 1e-8, 0.1);
        Params p = start.copy();
        State s = adam.init(p);
        for (Params g : gs) {
            State before = s;
            double[] m0 = before.slot("m").get("w").toDoubleArray();
            Update u = adam.update(g, s, p);
            assertArrayEquals(m0, before.slot("m").get("w").toDoubleArray(), "update must not mutate the old state");
            p.addInPlace(u.updates());
            s = u.state();
        }
        List<Params> inPlace = TestUtil.trajectory(adam, start, gs);
        assertTrue(TestUtil.maxRelDiff(List.of(p), List.of(inPlace.get(inPlace.size() - 1)), 1e-6) < 1e-12);
    }

    @Test
    void fusedAdamFloat32AgreesWithFloat64() {
        List<Params> a = TestUtil.trajectory(Adam.amsgrad(0.01), TestUtil.params(3, DType.FLOAT32), TestUtil.grads(4, 20, DType.FLOAT32, 1));
        List<Params> b = TestUtil.trajectory(Adam.amsgrad(0.01), TestUtil.params(3, DType.FLOAT64), TestUtil.grads(4, 20, DType.FLOAT64, 1));
        assertTrue(TestUtil.maxRelDiff(a, b, 1e-2) < 1e-4, "diff " + TestUtil.maxRelDiff(a, b, 1e-2));
    }

    @Test
    void stateCodecRejectsMissingEntriesNamingThem() {
        State s = Adam.adam(0.1).init(TestUtil.params(1, DType.FLOAT64));
        StateCodec.Encoded e = StateCodec.toTensors(s);
        Map<String, Tensor> t = new java.util.HashMap<>(e.tensors());
        String key = t.keySet().stream().filter(k -> k.endsWith("slot/m/w")).findFirst().orElseThrow();
        t.remove(key);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> StateCodec.fromTensors(t, e.metadata()));
        assertTrue(ex.getMessage().contains(key), ex.getMessage());
    }

    @Test
    void paramsRejectMismatchedNamesWithBothNameLists() {
        Params a = Params.of("x", Tensor.zeros(2));
        Params b = Params.of("y", Tensor.zeros(2));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> a.addInPlace(b));
        assertTrue(ex.getMessage().contains("[x]") && ex.getMessage().contains("[y]"), ex.getMessage());
    }
}
