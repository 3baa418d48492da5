package io.vecgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.ops.OpRegistry;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Every registered op, gradient-checked in float64 to first and second order over generated shapes and values. */
class OpGradientPropertiesTest {

    @Test
    void everyRegisteredOpHasAFirstAndSecondOrderCheck() {
        List<String> missing = new ArrayList<>();
        for (String op : OpRegistry.all()) if (!OpCases.ALL.containsKey(op)) missing.add(op);
        assertTrue(missing.isEmpty(), "ops without a gradient-check case: " + missing);
        List<String> unknown = new ArrayList<>(OpCases.ALL.keySet());
        unknown.removeAll(OpRegistry.all());
        assertTrue(unknown.isEmpty(), "cases for unregistered ops: " + unknown);
    }

    @Property(tries = 25)
    void everyOpMatchesFiniteDifferencesToFirstOrder(@ForAll long seed) {
        for (OpCases.Case c : OpCases.ALL.values()) run(c, seed, false);
    }

    @Property(tries = 10)
    void everyOpMatchesFiniteDifferencesToSecondOrder(@ForAll long seed) {
        for (OpCases.Case c : OpCases.ALL.values()) run(c, seed, true);
    }

    /** Float32 models: every op's gradient stays float32 and agrees with the float64 gradient. */
    @Property(tries = 5)
    void everyOpKeepsFloat32GradientsInFloat32(@ForAll long seed) {
        for (OpCases.Case c : OpCases.ALL.values()) {
            if (c.op().equals("cast")) continue; // casts on purpose
            OpCases.Instance inst = c.draw().apply(new Rng(seed).split(c.op()));
            Tensor[] in64 = inst.inputs();
            Tensor[] g64 = grads(inst, in64);
            Tensor[] in32 = new Tensor[in64.length];
            for (int i = 0; i < in64.length; i++) in32[i] = in64[i].to(io.vecgrad.tensor.DType.FLOAT32);
            Tensor[] g32 = grads(inst, in32);
            for (int i = 0; i < g32.length; i++) {
                assertTrue(g32[i].dtype() == io.vecgrad.tensor.DType.FLOAT32, "op " + c.op() + ": gradient " + i + " is " + g32[i].dtype());
                double[] a = g32[i].toDoubleArray(), b = g64[i].toDoubleArray();
                for (int k = 0; k < a.length; k++) {
                    assertTrue(Math.abs(a[k] - b[k]) <= 1e-3 * (1 + Math.abs(b[k])), "op " + c.op() + ": float32 gradient " + a[k] + " vs float64 " + b[k]);
                }
            }
        }
    }

    private static Tensor[] grads(OpCases.Instance c, Tensor[] inputs) {
        Variable[] vs = new Variable[inputs.length];
        for (int i = 0; i < inputs.length; i++) vs[i] = Variable.parameter(inputs[i]);
        Variable y = c.f().apply(vs);
        Variable seed = Variable.constant(Tensor.ones(y.dtype(), y.shape()));
        Variable[] g = Autodiff.gradients(y, seed, false, vs);
        Tensor[] out = new Tensor[g.length];
        for (int i = 0; i < g.length; i++) out[i] = g[i].value();
        return out;
    }

    private static void run(OpCases.Case c, long seed, boolean second) {
        Rng rng = new Rng(seed).split(c.op());
        OpCases.Instance inst = c.draw().apply(rng);
        Tensor[] inputs = inst.inputs();
        GradCheck.Options o = c.options().seed(seed);
        try {
            if (second) GradCheck.checkSecondOrder(inst.f(), o, inputs);
            else GradCheck.check(inst.f(), o, inputs);
        } catch (AssertionError | RuntimeException e) {
            StringBuilder shapes = new StringBuilder();
            for (Tensor t : inputs) shapes.append(java.util.Arrays.toString(t.shape()));
            throw new AssertionError("op " + c.op() + (second ? " (second order)" : " (first order)") + " on inputs " + shapes + ": " + e.getMessage(), e);
        }
    }
}
