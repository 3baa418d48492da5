package io.vecgrad.nn.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.GradCheck;
import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Functional;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.models.LeNet;
import io.vecgrad.tensor.Convolution.Conv2dSpec;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.io.Json;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Gated layers, group gates, the pruning workflow (freeze, export, report) and magnitude pruning. */
class GatedLayerTest {
    /** Sets every gate_logits of {@code m} to values drawn in [lo, hi] plus a few far below the zero threshold. */
    static void spreadGates(Module m, Rng r, double lo, double hi) {
        try (NoGrad s = NoGrad.enter()) {
            m.namedParameters().forEach((k, v) -> {
                if (!k.endsWith(GatedLayer.GATE)) return;
                double[] a = r.uniform(DType.FLOAT64, lo, hi, v.numel()).toDoubleArray();
                for (int i = 0; i < a.length; i += 3) a[i] = -6;   // a third of the gates exactly closed
                v.value().copyFrom(Tensor.of(a, v.shape()));
            });
        }
    }

    static void gradCheck(Module m, Tensor x, boolean second, long seed) {
        m.to(DType.FLOAT64);
        spreadGates(m, new Rng(seed), -1, 1);
        Map<String, Variable> params = m.namedParameters();
        List<String> names = new ArrayList<>(params.keySet());
        Tensor[] in = new Tensor[names.size() + 1];
        in[0] = x;
        for (int i = 0; i < names.size(); i++) in[i + 1] = params.get(names.get(i)).value().copy();
        Autodiff.MultiFunction f = v -> {
            Map<String, Variable> sub = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) sub.put(names.get(i), v[i + 1]);
            m.setRng(new Rng(seed));   // stochastic gates: the same noise at every evaluation
            return Functional.call(m, sub, v[0]).tanh().sum().add(Pruning.l0Penalty(m));
        };
        GradCheck.Options o = GradCheck.options().seed(seed);
        try {
            if (second) GradCheck.checkSecondOrder(f, o, in);
            else GradCheck.check(f, o, in);
        } catch (AssertionError e) {
            throw new AssertionError(m + ": " + e.getMessage(), e);
        }
    }

    @Test
    void gatedLayersAndPenaltyPassGradientChecks() {
        Rng r = new Rng(5);
        for (GateFunction g : GateTest.GATES) {
            for (Structure s : Structure.values()) {
                gradCheck(new GatedLinear(4, 3, true, s, g, DType.FLOAT32), r.normal(DType.FLOAT64, 0, 1, 2, 4), true, 5);
                gradCheck(new GatedConv2d(2, 3, 3, Conv2dSpec.of(1, 1), true, s, g, DType.FLOAT32), r.normal(DType.FLOAT64, 0, 1, 2, 2, 4, 4), true, 6);
            }
            gradCheck(new GroupGate(-1, 3, 2, g), r.normal(DType.FLOAT64, 0, 1, 2, 6), true, 7);
            gradCheck(new GatedLeNet(1, 8, 2, 3, 3, 4, Structure.WEIGHTS, g, new Rng(1), DType.FLOAT32), r.normal(DType.FLOAT64, 0, 1, 2, 1, 8, 8), false, 8);
        }
    }

    @Test
    void closedUnitGateZeroesTheWholeNeuronIncludingBias() {
        GatedLinear fc = new GatedLinear(3, 2, Structure.UNITS, DiffPruneGate.standard());
        try (NoGrad s = NoGrad.enter()) {
            fc.namedParameters().get("gate_logits").value().copyFrom(Tensor.of(new float[] {-5, 5}));
            fc.namedParameters().get("bias").value().copyFrom(Tensor.of(new float[] {0.7f, 0.2f}));
        }
        double[] y = fc.forward(Tensor.of(new float[] {1, 2, 3, -1, 0.5f, 4}, 2, 3)).value().toDoubleArray();
        assertEquals(0.0, y[0], 0.0);
        assertEquals(0.0, y[2], 0.0);
        assertTrue(y[1] != 0 && y[3] != 0);
    }

    @Test
    void closedGroupGateRemovesThatHeadsEntries() {
        GroupGate heads = new GroupGate(-1, 2, 3, HardConcreteGate.standard());
        heads.eval();
        try (NoGrad s = NoGrad.enter()) {
            heads.namedParameters().get("gate_logits").value().copyFrom(Tensor.of(new float[] {-5, 5}));
        }
        double[] y = heads.forward(Tensor.ones(DType.FLOAT32, 2, 6)).value().toDoubleArray();
        assertArrayEquals(new double[] {0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1}, y, 0.0);
        assertThrows(IllegalArgumentException.class, () -> heads.forward(Tensor.ones(DType.FLOAT32, 2, 5)));
    }

    @Test
    void exportedSparseLeNetGivesTheGatedModelsOutputsWithExactZeros() {
        for (Structure s : Structure.values()) {
            GatedLeNet g = GatedLeNet.fashion(s, DiffPruneGate.standard(), new Rng(3));
            spreadGates(g, new Rng(4), -2, 2);
            Pruning.freeze(g);
            g.eval();
            Tensor x = new Rng(9).uniform(DType.FLOAT32, 0, 1, 4, 1, 28, 28);
            double[] gated = g.forward(x).value().toDoubleArray();
            LeNet sparse = g.export();
            sparse.eval();
            double[] plain = sparse.forward(x).value().toDoubleArray();
            assertArrayEquals(gated, plain, 1e-5, s + ": exported model must give the gated model's outputs");
            SparsityReport rep = SparsityReport.of(sparse.stateDict());
            long closed = 0, total = 0;
            for (Map.Entry<String, Tensor> e : Pruning.masks(g).entrySet()) {
                int perGate = s == Structure.WEIGHTS ? 1 : (int) (((GatedLayer) g.submodule(e.getKey())).weightCount() / e.getValue().numel());
                for (double m : e.getValue().toDoubleArray()) closed += m == 0 ? perGate : 0;
                total += ((GatedLayer) g.submodule(e.getKey())).weightCount();
            }
            assertEquals(total, rep.totalWeights());
            assertTrue(closed > 0);
            assertTrue(rep.totalNonZero() <= total - closed, s + ": every closed gate must give exact zeros");
            Map<String, Object> json = Json.parseObject(rep.toJson());
            assertEquals(rep.totalNonZero(), ((Map<?, ?>) json.get("total")).get("non_zero"));
        }
    }

    @Test
    void frozenGatesGetNoGradientAndStayFixed() {
        GatedLinear fc = new GatedLinear(3, 2, Structure.WEIGHTS, HardConcreteGate.standard());
        Pruning.freeze(fc);
        Tensor before = fc.mask().copy();
        fc.forward(Tensor.ones(DType.FLOAT32, 1, 3)).sum().backward();
        assertEquals(null, fc.namedParameters().get("gate_logits").grad());
        assertArrayEquals(before.toDoubleArray(), fc.mask().toDoubleArray(), 0.0);
    }

    @Test
    void stochasticModeRepeatsPerSeedAndDiffersAcrossSeeds() {
        double[][] out = new double[3][];
        for (int k = 0; k < 3; k++) {
            GatedLinear fc = new GatedLinear(5, 4, Structure.WEIGHTS, HardConcreteGate.standard());
            fc.setRng(new Rng(k < 2 ? 1 : 2));
            out[k] = fc.forward(Tensor.ones(DType.FLOAT32, 2, 5)).value().toDoubleArray();
        }
        assertArrayEquals(out[0], out[1], 0.0);
        assertTrue(!java.util.Arrays.equals(out[0], out[2]));
    }

    @Test
    void magnitudePruningRemovesExactlyTheSmallestWeights() {
        LeNet m = new LeNet(1, 8, 2, 3, 3, 4, new Rng(2), DType.FLOAT32);
        Map<String, Tensor> masks = MagnitudePruning.globalMasks(m, 0.9);
        MagnitudePruning.apply(m, masks);
        SparsityReport r = SparsityReport.of(m.stateDict());
        assertEquals(Math.round(0.1 * r.totalWeights()), r.totalNonZero());
        double smallestKept = Double.MAX_VALUE;
        for (var e : m.stateDict().entrySet()) {
            if (!e.getKey().endsWith("weight")) continue;
            for (double v : e.getValue().toDoubleArray()) if (v != 0) smallestKept = Math.min(smallestKept, Math.abs(v));
        }
        LeNet fresh = new LeNet(1, 8, 2, 3, 3, 4, new Rng(2), DType.FLOAT32);
        long below = 0;
        for (var e : fresh.stateDict().entrySet()) {
            if (!e.getKey().endsWith("weight")) continue;
            for (double v : e.getValue().toDoubleArray()) below += Math.abs(v) < smallestKept ? 1 : 0;
        }
        assertEquals(r.totalWeights() - r.totalNonZero(), below, "the pruned weights are exactly those below the smallest kept magnitude");
        assertThrows(IllegalArgumentException.class, () -> MagnitudePruning.globalMasks(m, 1.5));
    }
}
