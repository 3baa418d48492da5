package io.vecgrad.optim.zoo;

import static org.junit.jupiter.api.Assertions.assertThrows;

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
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * The contract the trainer's gradient-buffer reuse relies on: no registered optimizer keeps the
 * gradient tensors it is handed past its step. Every optimizer is stepped twice from the same
 * start, once with fresh gradient tensors each step and once with one set of gradient buffers
 * overwritten before each step and scribbled with NaN right after it (as the next backward
 * would overwrite them); parameters and every state tensor must stay bitwise equal.
 */
class GradientBufferReuseTest {
    @TestFactory
    List<DynamicTest> noOptimizerKeepsTheGradientTensorsItIsHanded() {
        List<DynamicTest> tests = new ArrayList<>();
        for (OptimizerRegistry.Entry e : OptimizerRegistry.all()) {
            for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                tests.add(DynamicTest.dynamicTest(e.name() + " " + dt, () -> compare(e.name(), e.build(Map.of()), dt)));
            }
        }
        for (Registry.Method m : Registry.all()) {
            Stepper s = m.create(FusedPathsTest.params(DType.FLOAT64), m.quadraticLr());
            if (!(s instanceof Optimizer o)) continue;
            GradientTransformation tx = o.groups().get(0).transform();
            for (DType dt : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                tests.add(DynamicTest.dynamicTest("zoo " + m.name() + " " + dt, () -> compare(m.name(), tx, dt)));
            }
        }
        return tests;
    }

    /** The check can fail: a transform that keeps the previous gradient by reference is caught. */
    @Test
    void aTransformKeepingTheGradientByReferenceIsCaught() {
        GradientTransformation keeps = new GradientTransformation() {
            @Override
            public State init(Params params) {
                return State.EMPTY.withSlot("previous", params.zerosLike());
            }

            @Override
            public Update update(Params grads, State state, Params params) {
                Params previous = state.slot("previous");
                return new Update(grads.zip(previous, (g, p) -> g.add(p).mul(-0.1)), state.withSlot("previous", grads));
            }
        };
        assertThrows(AssertionFailedError.class, () -> compare("keeps", keeps, DType.FLOAT64));
    }

    private static void compare(String name, GradientTransformation tx, DType dt) {
        Params fresh = FusedPathsTest.params(dt), reused = FusedPathsTest.params(dt);
        State sf = tx.init(fresh), sr = tx.init(reused);
        Params buffers = null;
        Rng r = new Rng(9);
        for (int step = 0; step < 6; step++) {
            Rng s = r.split(step);
            Params g = Params.of("w", s.split("w").normal(dt, 0, 0.5, 67), "b", s.split("b").normal(dt, 0, 0.5, 5));
            if (buffers == null) buffers = g.copy();
            for (String n : g.names()) buffers.get(n).copyFrom(g.get(n));
            sf = tx.applyInPlace(g, sf, fresh);
            sr = tx.applyInPlace(buffers, sr, reused);
            for (String n : buffers.names()) buffers.get(n).fillInPlace(Double.NaN);
        }
        for (String n : fresh.names()) RegistrySuiteTest.assertBitwise(reused.get(n), fresh.get(n), name + " param " + n);
        var er = StateCodec.toTensors(sr).tensors();
        StateCodec.toTensors(sf).tensors().forEach((k, t) -> RegistrySuiteTest.assertBitwise(er.get(k), t, name + " state " + k));
    }
}
