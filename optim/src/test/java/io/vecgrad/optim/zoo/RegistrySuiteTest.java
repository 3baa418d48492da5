package io.vecgrad.optim.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.Params;
import io.vecgrad.optim.State;
import io.vecgrad.optim.StateCodec;
import io.vecgrad.optim.Stepper;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The shared suite every registered method runs: from a fixed start, within {@value #BUDGET}
 * steps, reduce the quadratic to ≤ {@value #QUAD_FACTOR} of its initial loss and Rosenbrock to
 * ≤ {@value #ROSEN_FACTOR} of it, in float32 and float64; two runs give bitwise equal parameters;
 * the state survives {@link StateCodec} bit-exactly, and an optimizer restored mid-run continues
 * bit-identically.
 */
class RegistrySuiteTest {
    static final int BUDGET = 300;
    static final double QUAD_FACTOR = 1e-2;
    static final double ROSEN_FACTOR = 0.2;

    @Test
    void registryIsPopulatedWithUniqueNames() {
        List<Registry.Method> all = Registry.all();
        assertTrue(all.size() >= 40, "registered: " + all.size());
        assertEquals(all.size(), all.stream().map(Registry.Method::name).distinct().count());
    }

    @TestFactory
    List<DynamicTest> everyMethodReducesBothProblemsInBothPrecisions() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Registry.Method m : Registry.all()) {
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                tests.add(DynamicTest.dynamicTest(m.name() + " quadratic " + dt, () ->
                        reduces(m, Problems.quadratic(dt), m.quadraticLr(), QUAD_FACTOR)));
                tests.add(DynamicTest.dynamicTest(m.name() + " rosenbrock " + dt, () ->
                        reduces(m, Problems.rosenbrock(dt), m.rosenbrockLr(), ROSEN_FACTOR)));
            }
        }
        return tests;
    }

    private static void reduces(Registry.Method m, Problems.Problem prob, double lr, double factor) {
        Params p = prob.start().copy();
        double initial = prob.loss(p);
        Stepper s = m.create(p, lr);
        for (int i = 0; i < BUDGET; i++) s.step(prob.closure());
        double last = prob.loss(p);
        assertTrue(last <= factor * initial, () -> m.name() + " on " + prob.name() + ": loss " + initial + " -> " + last);
        for (double v : s.hyperParams().values()) assertTrue(!Double.isNaN(v), m.name() + " hyper-parameters " + s.hyperParams());
    }

    @TestFactory
    List<DynamicTest> everyMethodIsDeterministicAndRoundTripsItsState() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Registry.Method m : Registry.all()) {
            tests.add(DynamicTest.dynamicTest(m.name(), () -> roundTrip(m, Problems.quadratic(DType.FLOAT64))));
            tests.add(DynamicTest.dynamicTest(m.name() + " f32 rosenbrock", () -> roundTrip(m, Problems.rosenbrock(DType.FLOAT32))));
        }
        return tests;
    }

    private static void roundTrip(Registry.Method m, Problems.Problem prob) throws java.io.IOException {
        double lr = prob.name().equals("quadratic") ? m.quadraticLr() : m.rosenbrockLr();
        Params a = prob.start().copy();
        Stepper sa = m.create(a, lr);
        for (int i = 0; i < 7; i++) sa.step(prob.closure());

        StateCodec.Encoded enc = StateCodec.toTensors(sa.state());
        StateCodec.Encoded again = StateCodec.toTensors(StateCodec.fromTensors(enc.tensors(), enc.metadata()));
        assertEquals(enc.metadata(), again.metadata());
        assertEquals(enc.tensors().keySet(), again.tensors().keySet());
        enc.tensors().forEach((k, t) -> assertBitwise(t, again.tensors().get(k), m.name() + " " + k));

        Params b = a.copy();
        Stepper sb = m.create(b, lr);
        // Restore through a safetensors file, as a checkpoint would.
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("vecgrad-state");
        java.nio.file.Path file = dir.resolve("state.safetensors");
        StateCodec.Encoded saved = StateCodec.toTensors(sa.state());
        io.vecgrad.tensor.io.SafeTensors.write(file, saved.tensors(), saved.metadata());
        io.vecgrad.tensor.io.SafeTensors.Contents read = io.vecgrad.tensor.io.SafeTensors.readAll(file);
        sb.loadState(StateCodec.fromTensors(read.tensors(), read.metadata()));
        java.nio.file.Files.delete(file);
        java.nio.file.Files.delete(dir);
        for (int i = 0; i < 7; i++) {
            sa.step(prob.closure());
            sb.step(prob.closure());
        }
        for (String n : a.names()) assertBitwise(a.get(n), b.get(n), m.name() + " resumed param " + n);

        Params c = prob.start().copy(), d = prob.start().copy();
        Stepper sc = m.create(c, lr), sd = m.create(d, lr);
        for (int i = 0; i < 14; i++) {
            sc.step(prob.closure());
            sd.step(prob.closure());
        }
        for (String n : c.names()) assertBitwise(c.get(n), d.get(n), m.name() + " rerun param " + n);
        for (String n : c.names()) assertBitwise(c.get(n), a.get(n), m.name() + " uninterrupted vs saved/restored " + n);
    }

    static void assertBitwise(Tensor x, Tensor y, String what) {
        assertEquals(x.dtype(), y.dtype(), what);
        assertArrayEquals(x.shape(), y.shape(), what);
        double[] u = x.to(DType.FLOAT64).toDoubleArray(), v = y.to(DType.FLOAT64).toDoubleArray();
        for (int i = 0; i < u.length; i++) {
            assertEquals(Double.doubleToRawLongBits(u[i]), Double.doubleToRawLongBits(v[i]), what + " element " + i + ": " + u[i] + " vs " + v[i]);
        }
    }

}
