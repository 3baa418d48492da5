package io.vecgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.nn.losses.Losses;
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
 * Sequential runs a Linear followed by the built-in ReLU or GELU as one fused node. The oracle
 * is the same network with the activation written as a user lambda (never fused): training
 * must give the same losses, outputs and gradients bit for bit.
 */
class FusedSequentialTest {

    private static Module mlp(Activation act, Activation act2, DType dt) {
        return new Sequential(new Linear(20, 48, true, dt), act, new Linear(48, 16, false, dt), act2, new Linear(16, 3, true, dt))
                .initialize(new Rng(4));
    }

    private static List<Tensor> train(Module model, Tensor x, Function<Variable, Variable> loss) {
        List<Tensor> seen = new ArrayList<>();
        List<Variable> params = model.parameters();
        for (int step = 0; step < 4; step++) {
            model.zeroGrad(false);
            Variable out = model.forward(Variable.constant(x));
            Variable l = loss.apply(out);
            l.backward();
            seen.add(out.value().copy());
            seen.add(l.value().copy());
            for (Variable p : params) seen.add(p.grad().copy());
            try (NoGrad ng = NoGrad.enter()) {
                for (Variable p : params) p.value().axpyInPlace(-0.1, p.grad());
            }
        }
        return seen;
    }

    private static void assertBits(List<Tensor> want, List<Tensor> got) {
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            double[] w = want.get(i).toDoubleArray(), g = got.get(i).toDoubleArray();
            assertEquals(w.length, g.length);
            for (int j = 0; j < w.length; j++) {
                assertEquals(Double.doubleToLongBits(w[j]), Double.doubleToLongBits(g[j]), "tensor " + i + "[" + j + "]: want " + w[j] + " got " + g[j]);
            }
        }
    }

    @Test
    void fusedPairsTrainBitForBitAsTheComposedLayers() {
        Rng r = new Rng(9);
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = r.normal(dt, 0, 1, 32, 20), y = r.normal(dt, 0, 1, 32, 3);
            Tensor x3 = r.normal(dt, 0, 1, 2, 7, 20);
            Function<Variable, Variable> mse = out -> Losses.mse(out, Variable.constant(y));
            assertBits(train(mlp(new Activation("relu", Variable::relu), new Activation("gelu", Variable::gelu), dt), x, mse),
                    train(mlp(Activation.relu(), Activation.gelu(), dt), x, mse));
            Function<Variable, Variable> sq = out -> out.square().mean();
            assertBits(train(mlp(new Activation("gelu", Variable::gelu), new Activation("relu", Variable::relu), dt), x3, sq),
                    train(mlp(Activation.gelu(), Activation.relu(), dt), x3, sq));
        }
    }

    @Test
    void onlyTheLibraryPairsFuse() {
        Rng r = new Rng(10);
        Variable x = Variable.constant(r.normal(DType.FLOAT32, 0, 1, 4, 5));
        Linear plain = new Linear(5, 3);
        Linear sub = new Linear(5, 3) {};
        assertTrue(plain.fusesWith(Activation.relu()) && plain.fusesWith(Activation.gelu()));
        assertFalse(plain.fusesWith(Activation.tanh()) || plain.fusesWith(new Activation("ReLU", Variable::relu)));
        assertFalse(sub.fusesWith(Activation.relu()), "a subclass of Linear may override forward");
        assertFalse(Activation.relu().fusesWith(plain));
        assertEquals("linearRelu", new Sequential(plain, Activation.relu()).forward(x).op());
        assertEquals("linearGelu", new Sequential(plain, Activation.gelu()).forward(x).op());
        assertEquals("relu", new Sequential(plain, new Activation("ReLU", Variable::relu)).forward(x).op());
        assertEquals("relu", new Sequential(sub, Activation.relu()).forward(x).op());
        // rank 1 takes the composed path (Linear's own rank-1 form)
        Variable v = Variable.constant(r.normal(DType.FLOAT32, 0, 1, 5));
        assertArrayEquals(Activation.relu().forward(plain.forward(v)).value().toDoubleArray(),
                new Sequential(plain, Activation.relu()).forward(v).value().toDoubleArray(), 0.0);
    }

    @Test
    void functionalCallsReachTheSubstitutedParameters() {
        Rng r = new Rng(11);
        Tensor x = r.normal(DType.FLOAT64, 0, 1, 6, 20);
        Module fused = mlp(Activation.relu(), Activation.gelu(), DType.FLOAT64);
        Module composed = mlp(new Activation("relu", Variable::relu), new Activation("gelu", Variable::gelu), DType.FLOAT64);
        List<Tensor> grads = new ArrayList<>();
        for (Module m : new Module[] {composed, fused}) {
            Map<String, Variable> fast = new LinkedHashMap<>();
            m.namedParameters().forEach((k, p) -> fast.put(k, Variable.parameter(p.value().mul(0.5))));
            Variable loss = Functional.call(m, fast, Variable.constant(x)).square().sum();
            Variable[] g = Autodiff.gradients(loss, fast.values().toArray(new Variable[0]));
            for (Variable gi : g) grads.add(gi.value());
        }
        int half = grads.size() / 2;
        assertBits(grads.subList(0, half), grads.subList(half, grads.size()));
        assertTrue(grads.get(0).abs().max().item() > 0);
    }
}
