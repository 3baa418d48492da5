package io.vecgrad.optim.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.State;
import io.vecgrad.optim.StateCodec;
import io.vecgrad.optim.Stepper;
import io.vecgrad.optim.Update;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every registered optimizer's fused path ({@code applyInPlace}, one pass per parameter) against
 * its chain run stage by stage ({@code update} then {@code θ + u}): after 6 steps on parameters
 * of 67 and 5 elements (vector bodies and scalar tails), parameters and every state tensor are
 * bitwise equal, in float32 and float64 (Adam's vectorised kernels included).
 */
class FusedPathsTest {
    @TestFactory
    List<DynamicTest> fusedStepEqualsTheChainStageByStage() {
        List<DynamicTest> tests = new ArrayList<>();
        for (OptimizerRegistry.Entry e : OptimizerRegistry.all()) {
            for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                tests.add(DynamicTest.dynamicTest(e.name() + " " + dt, () -> compare(e.name(), e.build(java.util.Map.of()), dt)));
            }
        }
        for (Registry.Method m : Registry.all()) {
            Stepper s = m.create(params(DType.FLOAT64), m.quadraticLr());
            if (!(s instanceof Optimizer o)) continue;
            GradientTransformation tx = o.groups().get(0).transform();
            for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                tests.add(DynamicTest.dynamicTest("zoo " + m.name() + " " + dt, () -> compare(m.name(), tx, dt)));
            }
        }
        return tests;
    }

    static Params params(DType dt) {
        Rng r = new Rng(5);
        return Params.of("w", r.split("w").normal(dt, 0, 1, 67), "b", r.split("b").normal(dt, 0, 1, 5));
    }

    private static void compare(String name, GradientTransformation tx, DType dt) {
        Params fused = params(dt), chained = params(dt);
        State sf = tx.init(fused), sc = tx.init(chained);
        Rng r = new Rng(9);
        for (int step = 0; step < 6; step++) {
            Rng s = r.split(step);
            Params g = Params.of("w", s.split("w").normal(dt, 0, 0.5, 67), "b", s.split("b").normal(dt, 0, 0.5, 5));
            sf = tx.applyInPlace(g, sf, fused);
            Update u = tx.update(g, sc, chained);
            chained.addInPlace(u.updates());
            sc = u.state();
        }
        for (String n : fused.names()) RegistrySuiteTest.assertBitwise(fused.get(n), chained.get(n), name + " param " + n);
        var ef = StateCodec.toTensors(sf).tensors();
        var ec = StateCodec.toTensors(sc).tensors();
        assertEquals(ec.keySet(), ef.keySet(), name);
        assertEquals(StateCodec.toTensors(sc).metadata(), StateCodec.toTensors(sf).metadata(), name);
        ef.forEach((k, t) -> RegistrySuiteTest.assertBitwise(t, ec.get(k), name + " " + k));
    }
}
