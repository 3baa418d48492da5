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

    private static void run(OpCases.Case c, long seed, boolean second) {
        Rng rng = new Rng(seed).split(c.op());
        Tensor[] inputs = c.inputs().apply(rng);
        GradCheck.Options o = c.options().seed(seed);
        try {
            if (second) GradCheck.checkSecondOrder(c.f(), o, inputs);
            else GradCheck.check(c.f(), o, inputs);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("op " + c.op() + (second ? " (second order)" : " (first order)") + ": " + e.getMessage(), e);
        }
    }
}
