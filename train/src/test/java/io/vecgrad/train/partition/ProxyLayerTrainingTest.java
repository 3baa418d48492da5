package io.vecgrad.train.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.datasets.Batch;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.nn.losses.Losses;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyLayerTrainingTest {
    private static Module block(int in, int out, long seed) {
        return new Sequential(new Linear(in, out, true, DType.FLOAT64), Activation.tanh()).initialize(new Rng(seed));
    }

    private static Module head(int in, long seed) {
        return new Linear(in, 3, true, DType.FLOAT64).initialize(new Rng(seed));
    }

    private static Batch batch(long seed) {
        Rng r = new Rng(seed);
        Tensor x = r.normal(DType.FLOAT64, 0, 1, 16, 4);
        Tensor y = r.split("y").randint(0, 3, 16);
        return new Batch(x, y, new int[16]);
    }

    private static Map<String, double[]> snapshot(Module m) {
        Map<String, double[]> s = new LinkedHashMap<>();
        m.namedParameters().forEach((n, v) -> s.put(n, v.value().toDoubleArray()));
        return s;
    }

    @Test
    void onePartitionIsEndToEndTraining() {
        Module b1 = block(4, 6, 1), h1 = head(6, 2), rb = block(4, 6, 1), rh = head(6, 2);
        ProxyLayerTraining t = new ProxyLayerTraining(List.of(b1), List.of(h1), Adam.adam(0.05));
        Module ref = new Sequential(rb, rh);   // re-draws rb, rh (Module#child): copy the start back
        rb.loadStateDict(b1.stateDict());
        rh.loadStateDict(h1.stateDict());
        Map<String, Tensor> live = new LinkedHashMap<>();
        ref.namedParameters().forEach((n, v) -> live.put(n, v.value()));
        Optimizer opt = Optimizer.of(Params.of(live), Adam.adam(0.05));
        for (int s = 0; s < 5; s++) {
            Batch b = batch(s);
            double lt = t.step(0, b);
            ref.zeroGrad();
            Variable loss = Losses.crossEntropy(ref.forward(Variable.constant(b.x())), b.y());
            loss.backward();
            Map<String, Tensor> g = new LinkedHashMap<>();
            ref.namedParameters().forEach((n, v) -> g.put(n, v.grad()));
            opt.step(Params.of(g));
            assertEquals(loss.value().item(), lt, 0, "step " + s);
        }
        assertEquals(snapshot(ref).values().stream().map(java.util.Arrays::toString).toList(),
                snapshot(t.assembled()).values().stream().map(java.util.Arrays::toString).toList());
    }

    @Test
    void lastPhaseGradientIsTheEndToEndGradientOfTheLastPartitionAndHead() {
        Module b1 = block(4, 5, 1), b2 = block(5, 6, 2), p1 = head(5, 3), p2 = head(6, 4);
        ProxyLayerTraining t = new ProxyLayerTraining(List.of(b1, b2), List.of(p1, p2), Adam.adam(0.01));
        Batch b = batch(7);
        Params phase = t.gradient(1, b).gradients();
        Module net = t.assembled();
        net.zeroGrad();
        Losses.crossEntropy(net.forward(Variable.constant(b.x())), b.y()).backward();
        b2.namedParameters().forEach((n, v) -> assertArrayEquals(v.grad().toDoubleArray(), phase.get("partition." + n).toDoubleArray(), 1e-14, n));
        p2.namedParameters().forEach((n, v) -> assertArrayEquals(v.grad().toDoubleArray(), phase.get("proxy." + n).toDoubleArray(), 1e-14, n));
        // and the first phase is not end-to-end backprop: its head is the proxy, not the network
        Params first = t.gradient(0, b).gradients();
        b1.zeroGrad();
        net.zeroGrad();
        Losses.crossEntropy(net.forward(Variable.constant(b.x())), b.y()).backward();
        String w = b1.namedParameters().keySet().iterator().next();
        assertFalse(java.util.Arrays.equals(b1.namedParameters().get(w).grad().toDoubleArray(), first.get("partition." + w).toDoubleArray()));
    }

    @Test
    void aPhaseMovesOnlyItsPartitionAndProxyAndTheFrozenPrefixRecordsNoTape() {
        Module b1 = block(4, 5, 1), b2 = block(5, 6, 2), p1 = head(5, 3), p2 = head(6, 4);
        ProxyLayerTraining t = new ProxyLayerTraining(List.of(b1, b2), List.of(p1, p2), Adam.adam(0.05));
        Map<String, double[]> before1 = snapshot(b1), beforeP1 = snapshot(p1), before2 = snapshot(b2), beforeP2 = snapshot(p2);
        for (int s = 0; s < 3; s++) t.step(1, batch(s));
        assertSame(before1, snapshot(b1));
        assertSame(beforeP1, snapshot(p1));
        assertFalse(java.util.Arrays.equals(before2.values().iterator().next(), snapshot(b2).values().iterator().next()));
        b1.namedParameters().values().forEach(v -> assertTrue(v.grad() == null || allZero(v.grad()), "prefix got a gradient"));
        assertFalse(java.util.Arrays.equals(beforeP2.values().iterator().next(), snapshot(p2).values().iterator().next()));
    }

    @Test
    void assembledForwardIsTheCompositionOfThePartitions() {
        Module b1 = block(4, 5, 1), b2 = block(5, 6, 2), p1 = head(5, 3), p2 = head(6, 4);
        ProxyLayerTraining t = new ProxyLayerTraining(List.of(b1, b2), List.of(p1, p2), Adam.adam(0.05));
        Tensor x = batch(3).x();
        double[] composed = p2.forward(Variable.constant(t.features(2, x))).value().toDoubleArray();
        assertArrayEquals(composed, t.assembled().forward(Variable.constant(x)).value().toDoubleArray(), 0);
        assertThrows(IllegalArgumentException.class, () -> new ProxyLayerTraining(List.of(b1, b2), List.of(p1), Adam.adam(0.1)));
        assertThrows(IllegalArgumentException.class, () -> t.step(2, batch(1)));
    }

    private static void assertSame(Map<String, double[]> a, Map<String, double[]> b) {
        assertEquals(a.keySet(), b.keySet());
        a.forEach((n, v) -> assertArrayEquals(v, b.get(n), 0, n));
    }

    private static boolean allZero(Tensor t) {
        for (double d : t.toDoubleArray()) if (d != 0) return false;
        return true;
    }
}
