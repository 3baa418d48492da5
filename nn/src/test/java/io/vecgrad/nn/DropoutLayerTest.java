package io.vecgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.layers.Dropout;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * The Dropout layer draws its masks inside the fused kernel; they are still the masks of the
 * composed form {@code x·bernoulli(1 − p)/(1 − p)} from {@code stepRng.split(path).split(k)}, so a
 * resumed run repeats the masks of runs saved before the kernel existed.
 */
class DropoutLayerTest {

    @Test
    void drawsTheComposedMasksCallByCall() {
        Rng step = new Rng(77);
        Dropout d = new Dropout(0.25);
        d.setRng(step);
        Tensor x = new Rng(1).normal(DType.FLOAT32, 0, 1, 4, 33);
        for (int call = 0; call < 3; call++) {
            Variable xv = Variable.parameter(x);
            Variable y = d.forward(xv);
            Tensor mask = step.split(call).bernoulli(DType.FLOAT32, 0.75, 4, 33).mulInPlace(1 / 0.75);
            assertArrayEquals(x.mul(mask).toDoubleArray(), y.value().toDoubleArray(), 0, "call " + call);
            y.sum().backward();
            assertArrayEquals(mask.toDoubleArray(), xv.grad().toDoubleArray(), 0, "gradient, call " + call);
        }
    }
}
