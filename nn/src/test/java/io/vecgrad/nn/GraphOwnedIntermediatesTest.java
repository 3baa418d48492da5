package io.vecgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Anomaly;
import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Dropout;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.nn.layers.TransformerEncoderBlock;
import io.vecgrad.nn.losses.Losses;
import io.vecgrad.nn.models.LeNet;
import io.vecgrad.tensor.BufferPool;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The library containers (Sequential, LeNet, the transformer block) run their layers in a
 * ForwardScope: the values between layers go back to the buffer pool after backward. Training
 * must give the same gradients bit for bit as the engine without any pooling (anomaly mode turns
 * all pooling off and changes no value), every model output the user keeps must keep its
 * values, and a user layer inside a Sequential may keep what it sees.
 */
class GraphOwnedIntermediatesTest {
    private static final int STEPS = 4;

    /** Stashes its input and output: foreign code the engine must not recycle under. */
    static final class Spy extends Module {
        final List<Tensor> seen = new ArrayList<>(), copies = new ArrayList<>();

        @Override
        public Variable forward(Variable x) {
            Variable y = x.mul(0.5).add(x);
            for (Tensor t : new Tensor[] {x.value(), y.value()}) {
                seen.add(t);
                copies.add(t.copy());
            }
            return y;
        }
    }

    private static List<Tensor> train(Module model, Tensor x, Function<Variable, Variable> loss, List<Tensor> kept, List<Tensor> copies) {
        List<Variable> params = model.parameters();
        List<Tensor> grads = new ArrayList<>();
        for (int s = 0; s < STEPS; s++) {
            model.zeroGrad(false);
            Variable out = model.forward(Variable.constant(x));
            loss.apply(out).backward();
            kept.add(out.value());
            copies.add(out.value().copy());
            for (Variable p : params) grads.add(p.grad().copy());
            try (NoGrad ng = NoGrad.enter()) {
                for (Variable p : params) p.value().axpyInPlace(-0.05, p.grad());
            }
        }
        return grads;
    }

    private static void check(Supplier<Module> model, Tensor x, Function<Variable, Variable> loss) {
        List<Tensor> reference;
        try (Anomaly a = Anomaly.enable()) {
            reference = train(model.get(), x, loss, new ArrayList<>(), new ArrayList<>());
        }
        List<Tensor> kept = new ArrayList<>(), copies = new ArrayList<>();
        long hits = BufferPool.statsThisThread()[0];
        List<Tensor> pooled = train(model.get(), x, loss, kept, copies);
        assertTrue(BufferPool.statsThisThread()[0] > hits, "nothing came from the pool");
        assertEquals(reference.size(), pooled.size());
        for (int i = 0; i < reference.size(); i++) {
            assertArrayEquals(reference.get(i).toDoubleArray(), pooled.get(i).toDoubleArray(), 0.0, "gradient " + i);
        }
        for (int i = 0; i < kept.size(); i++) {
            assertArrayEquals(copies.get(i).toDoubleArray(), kept.get(i).toDoubleArray(), 0.0, "output of step " + i);
            assertFalse(BufferPool.isRecycled(kept.get(i)), "a model output went back to the pool");
        }
    }

    @Test
    void lenetTrainsBitForBitAsWithoutPooling() {
        Rng rng = new Rng(5);
        Tensor x = rng.split("x").normal(DType.FLOAT32, 0, 1, 6, 1, 8, 8);
        Tensor y = rng.split("y").randint(0, 10, 6);
        check(() -> LeNet.digits(new Rng(1)), x, out -> Losses.crossEntropy(out, y));
    }

    @Test
    void transformerBlockTrainsBitForBitAsWithoutPooling() {
        Rng rng = new Rng(6);
        Tensor x = rng.split("x").normal(DType.FLOAT32, 0, 1, 2, 5, 16);
        check(() -> new TransformerEncoderBlock(16, 2, 32, Activation.gelu(), true, 0, false, DType.FLOAT32).initialize(new Rng(2)),
                x, out -> out.square().mean());
        check(() -> new TransformerEncoderBlock(16, 2, 32, Activation.relu(), false, 0.2, false, DType.FLOAT32).initialize(new Rng(2)),
                x, out -> out.square().mean());
    }

    @Test
    void aUserLayerInsideASequentialMayKeepWhatItSees() {
        Rng rng = new Rng(8);
        Tensor x = rng.split("x").normal(DType.FLOAT32, 0, 1, 4, 6);
        Tensor y = rng.split("y").normal(DType.FLOAT32, 0, 1, 4, 3);
        Spy[] spy = new Spy[1];
        Activation custom = new Activation("x·x", v -> v.mul(v));
        check(() -> {
            spy[0] = new Spy();
            return new Sequential(new Linear(6, 8), Activation.relu(), spy[0], custom, new Dropout(0.0),
                    new Sequential(new Linear(8, 8), Activation.tanh()), new Linear(8, 3)).initialize(new Rng(3));
        }, x, out -> Losses.mse(out, Variable.constant(y)));
        assertEquals(2 * STEPS, spy[0].seen.size());
        for (int i = 0; i < spy[0].seen.size(); i++) {
            assertArrayEquals(spy[0].copies.get(i).toDoubleArray(), spy[0].seen.get(i).toDoubleArray(), 0.0, "stashed " + i);
            assertFalse(BufferPool.isRecycled(spy[0].seen.get(i)));
        }
    }
}
