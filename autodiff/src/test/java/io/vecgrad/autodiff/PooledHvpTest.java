package io.vecgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.BufferPool;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link Autodiff#hvp(Function, Map, Map)} takes the gradient graph's tensors from the buffer
 * pool and returns them when it is done. The results must equal the unpooled engine's bit for
 * bit (anomaly mode turns all pooling off), stay valid across later calls, and a custom rule
 * that keeps what it sees during the create-graph pass must keep valid values.
 */
class PooledHvpTest {

    private static Map<String, Tensor> params(Rng r) {
        Map<String, Tensor> p = new LinkedHashMap<>();
        p.put("w1", r.split("w1").normal(DType.FLOAT32, 0, 0.3, 12, 16));
        p.put("b1", r.split("b1").normal(DType.FLOAT32, 0, 0.1, 16));
        p.put("w2", r.split("w2").normal(DType.FLOAT32, 0, 0.3, 16, 5));
        return p;
    }

    private static Function<Map<String, Variable>, Variable> mlp(Tensor x, Function<Variable, Variable> hook) {
        return p -> {
            Variable h = hook.apply(x.shape().length == 2 ? Variable.constant(x).matmul(p.get("w1")).add(p.get("b1")).tanh() : null);
            return h.matmul(p.get("w2")).square().mean();
        };
    }

    private static List<Tensor> run(Function<Map<String, Variable>, Variable> f, Map<String, Tensor> p, Map<String, Tensor> v, List<Tensor> kept, List<Tensor> copies) {
        List<Tensor> all = new ArrayList<>();
        for (int call = 0; call < 4; call++) {
            for (Tensor t : Autodiff.hvp(f, p, v).values()) {
                all.add(t.copy());
                kept.add(t);
                copies.add(t.copy());
            }
        }
        return all;
    }

    @Test
    void pooledHvpEqualsTheUnpooledEngineAndItsResultsStayValid() {
        Rng r = new Rng(31);
        Map<String, Tensor> p = params(r), v = params(r.split("v"));
        Function<Map<String, Variable>, Variable> f = mlp(r.split("x").normal(DType.FLOAT32, 0, 1, 9, 12), h -> h);
        List<Tensor> reference;
        try (Anomaly a = Anomaly.enable()) {
            reference = run(f, p, v, new ArrayList<>(), new ArrayList<>());
        }
        List<Tensor> kept = new ArrayList<>(), copies = new ArrayList<>();
        run(f, p, v, kept, copies); // warms the pool
        long hits = BufferPool.statsThisThread()[0];
        List<Tensor> pooled = run(f, p, v, kept, copies);
        assertTrue(BufferPool.statsThisThread()[0] > hits, "nothing came from the pool");
        assertEquals(reference.size(), pooled.size());
        for (int i = 0; i < reference.size(); i++) assertArrayEquals(reference.get(i).floatArray(), pooled.get(i).floatArray(), "result " + i);
        for (int i = 0; i < kept.size(); i++) {
            assertArrayEquals(copies.get(i).floatArray(), kept.get(i).floatArray(), "kept result " + i);
            assertFalse(BufferPool.isRecycled(kept.get(i)));
        }
    }

    @Test
    void theTensorOverloadIsPooledToo() {
        Rng r = new Rng(33);
        Tensor w = r.split("w").normal(DType.FLOAT64, 0, 0.5, 7, 4), x0 = r.split("x").normal(DType.FLOAT64, 0, 1, 4);
        Function<Variable, Variable> f = x -> Variable.constant(w).matmul(x).tanh().square().sum();
        List<Tensor> reference = new ArrayList<>(), kept = new ArrayList<>(), copies = new ArrayList<>();
        for (int call = 0; call < 4; call++) {
            Tensor v = r.split("v" + call).normal(DType.FLOAT64, 0, 1, 4);
            Tensor want;
            try (Anomaly a = Anomaly.enable()) {
                want = Autodiff.hvp(f, x0, v);
            }
            Tensor got = Autodiff.hvp(f, x0, v);
            assertArrayEquals(want.toDoubleArray(), got.toDoubleArray(), 0.0, "call " + call);
            kept.add(got);
            copies.add(got.copy());
        }
        long hits = BufferPool.statsThisThread()[0];
        Autodiff.hvp(f, x0, x0);
        assertTrue(BufferPool.statsThisThread()[0] > hits, "nothing came from the pool");
        for (int i = 0; i < kept.size(); i++) {
            assertArrayEquals(copies.get(i).toDoubleArray(), kept.get(i).toDoubleArray(), 0.0, "kept " + i);
            assertFalse(BufferPool.isRecycled(kept.get(i)));
        }
    }

    @Test
    void aCustomRuleMayKeepWhatItSeesInTheCreateGraphPass() {
        Rng r = new Rng(32);
        Map<String, Tensor> p = params(r), v = params(r.split("v"));
        List<Tensor> stash = new ArrayList<>(), stashCopies = new ArrayList<>();
        Function<Map<String, Variable>, Variable> f = mlp(r.split("x").normal(DType.FLOAT32, 0, 1, 9, 12),
                h -> CustomVjp.apply("spy", in -> in[0].copy(), (g, in, out) -> {
                    Variable twice = g.mul(2).mul(0.5); // allocated by the rule itself
                    for (Tensor t : new Tensor[] {g.value(), twice.value()}) {
                        stash.add(t);
                        stashCopies.add(t.copy());
                    }
                    return new Variable[] {twice};
                }, h));
        run(f, p, v, new ArrayList<>(), new ArrayList<>());
        assertFalse(stash.isEmpty());
        for (int i = 0; i < stash.size(); i++) {
            assertArrayEquals(stashCopies.get(i).floatArray(), stash.get(i).floatArray(), "stashed " + i);
            assertFalse(BufferPool.isRecycled(stash.get(i)), "stashed " + i + " went back to the pool");
        }
    }
}
