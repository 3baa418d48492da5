package io.vecgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.BufferPool;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The backward pass borrows its cotangents from {@link BufferPool}: gradients must equal the
 * unpooled pass bit for bit, and nothing handed to the user (op outputs, gradients, results,
 * what a custom rule keeps) may change when later passes recycle buffers.
 */
class PooledBackwardTest {
    private final Rng rng = new Rng(7);
    private final Tensor x = rng.split("x").normal(DType.FLOAT32, 0, 1, 8, 12);
    private final Tensor labels = rng.split("y").randint(0, 5, 8, 1);

    @AfterEach
    void restore() {
        Backward.POOLING = true;
    }

    /** A small MLP loss that exercises broadcasting, shared inputs, views, softmax and gather. */
    private Variable loss(Variable w1, Variable b1, Variable w2, List<Variable> keep) {
        Variable h = Variable.constant(x).matmul(w1).add(b1).relu();
        Variable sq = h.mul(h).add(h);                         // h used three times
        Variable r = sq.reshape(8, 4, 4).transpose(1, 2).reshape(8, 16);
        Variable logits = r.matmul(w2);
        Variable l = logits.logSoftmax(1).gather(1, labels).neg().mean().add(w2.square().sum().mul(1e-3));
        keep.add(h);
        keep.add(logits);
        keep.add(l);
        return l;
    }

    private Variable[] params() {
        Rng r = new Rng(3);
        return new Variable[] {
            Variable.parameter(r.split("w1").normal(DType.FLOAT32, 0, 0.3, 12, 16)),
            Variable.parameter(r.split("b1").normal(DType.FLOAT32, 0, 0.1, 16)),
            Variable.parameter(r.split("w2").normal(DType.FLOAT32, 0, 0.3, 16, 5)),
        };
    }

    private List<Tensor> gradients(boolean pooling, int steps) {
        Backward.POOLING = pooling;
        Variable[] p = params();
        List<Tensor> out = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            for (Variable v : p) v.zeroGrad();
            loss(p[0], p[1], p[2], new ArrayList<>()).backward();
            for (Variable v : p) out.add(v.grad().copy());
            try (NoGrad ng = NoGrad.enter()) {
                for (Variable v : p) v.value().axpyInPlace(-0.1, v.grad());
            }
        }
        return out;
    }

    @Test
    void pooledGradientsEqualUnpooledBitForBit() {
        List<Tensor> plain = gradients(false, 4), pooled = gradients(true, 4);
        for (int i = 0; i < plain.size(); i++) assertArrayEquals(plain.get(i).floatArray(), pooled.get(i).floatArray(), "gradient " + i);
    }

    @Test
    void tensorsHandedToTheUserKeepTheirValuesAcrossLaterSteps() {
        Variable[] p = params();
        List<Tensor> kept = new ArrayList<>(), snapshots = new ArrayList<>();
        for (int s = 0; s < 6; s++) {
            for (Variable v : p) v.zeroGrad();
            List<Variable> outs = new ArrayList<>();
            loss(p[0], p[1], p[2], outs).backward();
            for (Variable o : outs) {
                kept.add(o.value());
                snapshots.add(o.value().copy());
            }
            for (Variable v : p) {
                kept.add(v.grad());                       // set-to-none: each step's gradient is the user's
                snapshots.add(v.grad().copy());
            }
            Map<String, Tensor> in = new LinkedHashMap<>();
            in.put("w1", p[0].value());
            in.put("b1", p[1].value());
            in.put("w2", p[2].value());
            Map<String, Tensor> g = Autodiff.grad(m -> loss(m.get("w1"), m.get("b1"), m.get("w2"), new ArrayList<>()), in);
            for (Tensor t : g.values()) {
                kept.add(t);
                snapshots.add(t.copy());
            }
        }
        for (int i = 0; i < kept.size(); i++) assertArrayEquals(snapshots.get(i).floatArray(), kept.get(i).floatArray(), "tensor " + i);
    }

    @Test
    void aCustomRuleMayKeepTheCotangentItReceives() {
        List<Tensor> stash = new ArrayList<>(), copies = new ArrayList<>();
        Variable w = Variable.parameter(rng.split("w").normal(DType.FLOAT32, 0, 1, 6));
        for (int s = 0; s < 4; s++) {
            Variable y = w.mul(w).add(w);
            Variable z = CustomVjp.apply("spy", in -> in[0].copy(), (g, in, out) -> {
                stash.add(g.value());
                copies.add(g.value().copy());
                return new Variable[] {g};
            }, y);
            z.mul(z).sum().backward();
            w.zeroGrad();
        }
        for (int i = 0; i < stash.size(); i++) assertArrayEquals(copies.get(i).floatArray(), stash.get(i).floatArray());
    }

    @Test
    void zeroGradInPlaceReusesTheTensorAndMatchesSetToNone() {
        Variable[] a = params(), b = params();
        Tensor[] first = new Tensor[3];
        for (int s = 0; s < 3; s++) {
            for (Variable v : a) v.zeroGrad();
            for (Variable v : b) v.zeroGrad(false);
            loss(a[0], a[1], a[2], new ArrayList<>()).backward();
            loss(b[0], b[1], b[2], new ArrayList<>()).backward();
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(a[i].grad().floatArray(), b[i].grad().floatArray());
                if (s == 0) first[i] = b[i].grad();
                else assertSame(first[i], b[i].grad());
            }
        }
        Variable unused = Variable.parameter(Tensor.of(new float[] {1, 2}, 2));
        unused.square().sum().backward();
        unused.zeroGrad(false);
        assertArrayEquals(new float[] {0, 0}, unused.grad().floatArray());
    }

    @Test
    void aGradientZeroedInPlaceReadsAsZerosWhenTheNextBackwardLeavesItOut() {
        // zeroGrad(false) defers its fill to the first read: a leaf that the next backward does
        // not reach must still read zeros, in the same tensor, not the previous step's values.
        Variable used = Variable.parameter(Tensor.of(new float[] {1, 2}, 2));
        Variable skipped = Variable.parameter(Tensor.of(new float[] {3, 4}, 2));
        used.mul(skipped).sum().backward();
        Tensor kept = skipped.grad();
        assertArrayEquals(new float[] {1, 2}, kept.floatArray());
        used.zeroGrad(false);
        skipped.zeroGrad(false);
        used.square().sum().backward();
        assertArrayEquals(new float[] {2, 4}, used.grad().floatArray());
        assertSame(kept, skipped.grad());
        assertArrayEquals(new float[] {0, 0}, skipped.grad().floatArray());
        assertArrayEquals(new float[] {0, 0}, kept.floatArray());
        assertArrayEquals(new float[] {0, 0}, skipped.gradVariable().value().floatArray());
    }

    @Test
    void aWarmStepAllocatesNoNewCotangentArrays() {
        Variable[] p = params();
        long[] misses = new long[6];
        for (int s = 0; s < 6; s++) {
            for (Variable v : p) v.zeroGrad(false);
            loss(p[0], p[1], p[2], new ArrayList<>()).backward();
            misses[s] = BufferPool.statsThisThread()[1];
        }
        assertEquals(misses[3], misses[5], "pool misses kept growing: " + java.util.Arrays.toString(misses));
        assertTrue(BufferPool.statsThisThread()[0] > 0, "the pool was never used");
    }
}
