package io.vecgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.BufferPool;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Graph-owned forward intermediates ({@link ForwardScope}): values recorded inside a scope go
 * back to the pool after their op's backward, and that must change no gradient (bit for bit
 * against the unpooled engine), never touch what the caller holds (the scope's output, values
 * given to foreign code), and recycle nothing when the graph is retained.
 */
class ForwardScopeTest {
    private final Rng rng = new Rng(11);
    private final Tensor x = rng.split("x").normal(DType.FLOAT32, 0, 1, 8, 12);
    private final Tensor labels = rng.split("y").randint(0, 5, 8, 1);

    @AfterEach
    void restore() {
        Backward.POOLING = true;
    }

    private Variable[] params() {
        Rng r = new Rng(3);
        return new Variable[] {
            Variable.parameter(r.split("w1").normal(DType.FLOAT32, 0, 0.3, 12, 16)),
            Variable.parameter(r.split("b1").normal(DType.FLOAT32, 0, 0.1, 16)),
            Variable.parameter(r.split("w2").normal(DType.FLOAT32, 0, 0.3, 16, 5)),
        };
    }

    /** A "module": intermediates with shared uses and views stay inside; only the logits leave. */
    private Variable logits(Variable[] p, List<Variable> inner) {
        try (ForwardScope s = ForwardScope.open()) {
            Variable h = Variable.constant(x).matmul(p[0]).add(p[1]).relu();
            Variable sq = h.mul(h).add(h);
            Variable r = sq.reshape(8, 4, 4).transpose(1, 2).reshape(8, 16);
            inner.add(h);
            inner.add(sq);
            return s.output(r.matmul(p[2]).tanh().mul(3));
        }
    }

    private static Variable loss(Variable logits, Tensor labels) {
        return logits.logSoftmax(1).gather(1, labels).neg().mean();
    }

    private List<Tensor> train(boolean pooling, int steps, List<Tensor> kept, List<Tensor> copies) {
        Backward.POOLING = pooling;
        Variable[] p = params();
        List<Tensor> grads = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            for (Variable v : p) v.zeroGrad(false);
            Variable out = logits(p, new ArrayList<>());
            loss(out, labels).backward();
            kept.add(out.value());
            copies.add(out.value().copy());
            for (Variable v : p) grads.add(v.grad().copy());
            try (NoGrad ng = NoGrad.enter()) {
                for (Variable v : p) v.value().axpyInPlace(-0.1, v.grad());
            }
        }
        return grads;
    }

    @Test
    void gradientsEqualTheUnpooledEngineBitForBitAndOutputsStayValid() {
        List<Tensor> kept = new ArrayList<>(), copies = new ArrayList<>();
        List<Tensor> plain = train(false, 5, new ArrayList<>(), new ArrayList<>());
        List<Tensor> pooled = train(true, 5, kept, copies);
        for (int i = 0; i < plain.size(); i++) assertArrayEquals(plain.get(i).floatArray(), pooled.get(i).floatArray(), "gradient " + i);
        for (int i = 0; i < kept.size(); i++) {
            assertArrayEquals(copies.get(i).floatArray(), kept.get(i).floatArray(), "output of step " + i);
            assertFalse(BufferPool.isRecycled(kept.get(i)));
        }
    }

    @Test
    void intermediatesAreRecycledAfterBackwardAndReusedByTheNextStep() {
        Variable[] p = params();
        List<Variable> inner = new ArrayList<>();
        Variable out = logits(p, inner);
        assertFalse(BufferPool.isRecycled(inner.get(0).value()), "recycled before backward");
        loss(out, labels).backward();
        assertTrue(BufferPool.isRecycled(inner.get(0).value()), "h was not recycled");
        assertTrue(BufferPool.isRecycled(inner.get(1).value()), "h·h + h was not recycled");
        long hits = BufferPool.statsThisThread()[0];
        logits(p, new ArrayList<>());
        assertTrue(BufferPool.statsThisThread()[0] > hits, "the next forward drew nothing from the pool");
    }

    @Test
    void aRetainedGraphRecyclesNothingAndBackwardTwiceMatchesUnpooled() {
        float[][] g = new float[2][];
        for (int run = 0; run < 2; run++) {
            Backward.POOLING = run == 1;
            Variable[] p = params();
            List<Variable> inner = new ArrayList<>();
            Variable l = loss(logits(p, inner), labels);
            l.backward(Variable.constant(Tensor.ones(l.dtype())), false, true);
            assertFalse(BufferPool.isRecycled(inner.get(0).value()), "recycled under retainGraph");
            l.backward();
            g[run] = p[0].grad().floatArray();
        }
        assertArrayEquals(g[0], g[1]);
    }

    @Test
    void valuesGivenToForeignCodeAreNeverRecycled() {
        Variable[] p = params();
        List<Tensor> stash = new ArrayList<>(), copies = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            Variable out;
            try (ForwardScope scope = ForwardScope.open()) {
                Variable h = Variable.constant(x).matmul(p[0]).add(p[1]).relu();
                Variable k = ForwardScope.callUntrusted(v -> {
                    stash.add(v.value());
                    copies.add(v.value().copy());
                    Variable made = v.mul(2);
                    stash.add(made.value());
                    copies.add(made.value().copy());
                    return made;
                }, h);
                out = scope.output(k.matmul(p[2]));
            }
            loss(out, labels).backward();
            for (Variable v : p) v.zeroGrad();
        }
        for (int i = 0; i < stash.size(); i++) {
            assertArrayEquals(copies.get(i).floatArray(), stash.get(i).floatArray(), "stashed " + i);
            assertFalse(BufferPool.isRecycled(stash.get(i)));
        }
    }

    @Test
    void withoutRecordingTheScopeIsInert() {
        try (NoGrad ng = NoGrad.enter(); ForwardScope s = ForwardScope.open()) {
            assertFalse(s.live());
        }
        try (ForwardScope outer = ForwardScope.open(); ForwardScope inner = ForwardScope.open()) {
            assertTrue(outer.live());
            assertFalse(inner.live());
        }
    }

    @Test
    void aPoolingArgmaxIsGraphOwnedScratchAndGradientsStayUnpooledBitForBit() {
        Tensor img = rng.split("img").normal(DType.FLOAT32, 0, 1, 2, 3, 6, 6);
        float[][] g = new float[2][];
        for (int run = 0; run < 2; run++) {
            Backward.POOLING = run == 1;
            Variable w = Variable.parameter(new Rng(4).normal(DType.FLOAT32, 0, 1, 3, 1, 1));
            Variable out, pooled;
            try (ForwardScope s = ForwardScope.open()) {
                pooled = io.vecgrad.autodiff.ops.Conv.maxPool2d(Variable.constant(img).mul(w).relu(), 2, 2, 0);
                out = s.output(pooled.mul(pooled));
            }
            Tensor argmax = pooled.node.scratch;
            if (run == 1) assertTrue(argmax != null && !BufferPool.isRecycled(argmax), "argmax not claimed");
            out.sum().backward();
            if (run == 1) assertTrue(BufferPool.isRecycled(argmax), "argmax not recycled");
            g[run] = w.grad().floatArray();
        }
        assertArrayEquals(g[0], g[1]);
    }
}
