package io.vecgrad.nn.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** An out-of-range label names the loss, the label and the class count, not gather's index. */
class CrossEntropyLabelsTest {

    static final Variable LOGITS = Variable.constant(Tensor.zeros(DType.FLOAT32, 3, 4));

    @Test
    void labelAtOrAboveTheClassCountIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(LOGITS, Tensor.of(new long[] {0, 4, 1})));
        assertEquals("crossEntropy: label 4 at position 1 is not a class index of the 4 classes (expected 0..3)", e.getMessage());
    }

    @Test
    void negativeLabelAndInt32LabelsAreNamedToo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(LOGITS, Tensor.of(new int[] {-1, 0, 0}), 0.1, Reduction.MEAN));
        assertEquals("crossEntropy: label -1 at position 0 is not a class index of the 4 classes (expected 0..3)", e.getMessage());
    }

    @Test
    void labelsInRangeStillGiveLogK() {
        assertEquals(Math.log(4), Losses.crossEntropy(LOGITS, Tensor.of(new long[] {0, 3, 2})).item(), 1e-6);
    }
}
