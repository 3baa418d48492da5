package io.vecgrad.tensor;

import io.vecgrad.tensor.Convolution.Conv2dSpec;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The convolution and 2×2 pooling outputs and gradients that take recycled arrays without the
 * pool's zero-fill: with a NaN-poisoned array handed to them, the result is bit for bit the one on
 * fresh memory ({@link UninitializedOutputsTest#check}), on the implicit and the lowered conv
 * paths and on even and odd pooling planes.
 */
class ConvUninitializedOutputsTest {

    @Test
    void poisonedRecycledOutputsGiveTheSameResults() {
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Random r = new Random(9);
            Tensor x = Gen.tensor(r, dt, new int[] {3, 4, 12, 18}, false);
            Tensor w = Gen.tensor(r, dt, new int[] {6, 4, 3, 3}, false);
            Conv2dSpec implicit = Conv2dSpec.of(1, 1), lowered = Conv2dSpec.of(2, 1);
            Tensor dyImplicit = Convolution.conv2d(x, w, null, implicit).mul(0.5);
            Tensor dyLowered = Convolution.conv2d(x, w, null, lowered).mul(0.5);
            UninitializedOutputsTest.check("conv2dBackwardInput implicit " + dt,
                    () -> Convolution.conv2dBackwardInput(dyImplicit, w, x.shape(), implicit));
            UninitializedOutputsTest.check("conv2dBackwardInput lowered " + dt,
                    () -> Convolution.conv2dBackwardInput(dyLowered, w, x.shape(), lowered));
            UninitializedOutputsTest.check("conv2dBackwardBias " + dt, () -> Convolution.conv2dBackwardBias(dyImplicit));
            Tensor bias = Gen.tensor(r, dt, new int[] {6}, false);
            for (Conv2dSpec spec : new Conv2dSpec[] {implicit, lowered}) {
                UninitializedOutputsTest.check("conv2d " + spec + " " + dt, () -> Convolution.conv2d(x, w, null, spec));
                UninitializedOutputsTest.check("conv2d + bias " + spec + " " + dt, () -> Convolution.conv2d(x, w, bias, spec));
            }
            for (int[] shape : new int[][] {{2, 3, 12, 18}, {2, 3, 7, 9}}) {
                Tensor px = Gen.tensor(r, dt, shape, false);
                Tensor pdy = Gen.tensor(r, dt, new int[] {shape[0], shape[1], shape[2] / 2, shape[3] / 2}, false);
                for (boolean relu : new boolean[] {true, false}) {
                    UninitializedOutputsTest.check("maxPool2x2Backward " + java.util.Arrays.toString(shape) + " relu=" + relu + " " + dt,
                            () -> Convolution.maxPool2x2Backward(pdy, px, relu));
                    UninitializedOutputsTest.check("maxPool2x2 " + java.util.Arrays.toString(shape) + " relu=" + relu + " " + dt,
                            () -> Convolution.maxPool2x2(px, relu));
                }
            }
        }
    }
}
