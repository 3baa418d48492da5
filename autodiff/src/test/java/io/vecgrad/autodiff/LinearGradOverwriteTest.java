package io.vecgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vecgrad.autodiff.ops.FusedOps;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A linear layer's weight gradient written straight into the weight's zeroed gradient buffer
 * ({@link GradSink#overwritableGrad}) must give the bits of the delivered-and-copied path: a
 * fresh gradient (set to none), an accumulating second backward (the buffer must be added to, not
 * overwritten), and a weight used by several layers (the written cotangent becomes the first of
 * the sum). Shapes large enough for the blocked GEMM.
 */
class LinearGradOverwriteTest {
    private final Rng rng = new Rng(19);
    private final Tensor x = rng.split("x").normal(DType.FLOAT32, 0, 1, 24, 70);

    @AfterEach
    void restore() {
        Backward.POOLING = true;
    }

    private Variable[] params() {
        Rng r = new Rng(5);
        return new Variable[] {
            Variable.parameter(r.split("w1").normal(DType.FLOAT32, 0, 0.2, 40, 70)),
            Variable.parameter(r.split("b1").normal(DType.FLOAT32, 0, 0.2, 40)),
            Variable.parameter(r.split("w2").normal(DType.FLOAT32, 0, 0.2, 9, 40)),
            Variable.parameter(r.split("b2").normal(DType.FLOAT32, 0, 0.2, 9)),
        };
    }

    /** Linear-ReLU-Linear, then mean(y²): each weight has one consumer. */
    private Variable mlp(Variable[] p) {
        Variable h = FusedOps.linear(Variable.constant(x), p[0], p[1], FusedOps.Epilogue.RELU);
        return FusedOps.linear(h, p[2], p[3]).square().mean();
    }

    /**
     * One square weight in three layers, then a penalty: the last layer's rule runs first and
     * overwrites the buffer, so the two cotangents after it (and the penalty's) take the path
     * that turns the written one back into the first of the sum.
     */
    private Variable shared(Variable[] p) {
        Variable h = FusedOps.linear(Variable.constant(x), p[0], null, FusedOps.Epilogue.RELU);
        h = FusedOps.linear(h, p[0], p[1], FusedOps.Epilogue.RELU);
        h = FusedOps.linear(h, p[0], null);
        // The penalty first: its subtree is sorted after the layers', so its rule runs last.
        return p[0].square().sum().mul(1e-3).add(h.square().mean());
    }

    private static void assertBitsEqual(Variable[] want, Variable[] got) {
        for (int i = 0; i < want.length; i++) {
            float[] a = want[i].grad().floatArray(), b = got[i].grad().floatArray();
            assertEquals(a.length, b.length);
            for (int j = 0; j < a.length; j++) {
                assertEquals(Float.floatToRawIntBits(a[j]), Float.floatToRawIntBits(b[j]), "param " + i + " element " + j);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aZeroedWeightGradientIsOverwrittenWithTheDeliveredBits(boolean pooling) {
        Backward.POOLING = pooling;
        Variable[] fresh = params(), zeroed = params();
        Tensor[] buffers = new Tensor[4];
        for (int step = 0; step < 3; step++) {
            for (Variable v : fresh) v.zeroGrad();
            for (Variable v : zeroed) v.zeroGrad(false);
            mlp(fresh).backward();
            mlp(zeroed).backward();
            assertBitsEqual(fresh, zeroed);
            for (int i = 0; i < 4; i++) {
                if (step == 0) buffers[i] = zeroed[i].grad();
                else assertSame(buffers[i], zeroed[i].grad(), "the buffer is reused");
            }
            if (step > 0) {
                // The overwrite path ran for both weights (not the biases: a column sum is delivered).
                assertNotEquals(0, zeroed[0].writtenPass);
                assertNotEquals(0, zeroed[2].writtenPass);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aSecondBackwardAddsToTheBufferInsteadOfOverwritingIt(boolean pooling) {
        Backward.POOLING = pooling;
        Variable[] fresh = params(), zeroed = params();
        for (Variable v : zeroed) {
            v.square().sum().backward();   // give every leaf a buffer
            v.zeroGrad(false);
        }
        mlp(fresh).backward();
        mlp(fresh).backward();             // accumulates: first + second
        mlp(zeroed).backward();            // overwrites the zeroed buffer
        mlp(zeroed).backward();            // must add, not overwrite
        assertBitsEqual(fresh, zeroed);
        Variable[] once = params();
        mlp(once).backward();
        assertNotEquals(once[0].grad().floatArray()[0], zeroed[0].grad().floatArray()[0], "the second backward was added");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aWeightUsedByManyLayersSumsItsCotangentsInTheDeliveredOrder(boolean pooling) {
        Backward.POOLING = pooling;
        Function<Rng, Variable[]> square = r -> new Variable[] {
            Variable.parameter(r.split("w").normal(DType.FLOAT32, 0, 0.15, 70, 70)),
            Variable.parameter(r.split("b").normal(DType.FLOAT32, 0, 0.2, 70)),
        };
        Variable[] fresh = square.apply(new Rng(3)), zeroed = square.apply(new Rng(3));
        for (int step = 0; step < 3; step++) {
            for (Variable v : fresh) v.zeroGrad();
            for (Variable v : zeroed) v.zeroGrad(false);
            shared(fresh).backward();
            shared(zeroed).backward();
            assertBitsEqual(fresh, zeroed);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void anomalyModeAndCreateGraphDeliverAsBefore(boolean createGraph) {
        Variable[] fresh = params(), zeroed = params();
        for (Variable v : zeroed) {
            v.square().sum().backward();
            v.zeroGrad(false);
        }
        if (createGraph) {
            for (Variable l : new Variable[] {mlp(fresh), mlp(zeroed)}) {
                l.backward(Variable.constant(Tensor.ones(l.value().dtype(), l.value().shape())), true, true);
            }
        } else {
            try (Anomaly a = Anomaly.enable()) {
                mlp(fresh).backward();
                mlp(zeroed).backward();
            }
        }
        assertArrayEquals(fresh[0].grad().floatArray(), zeroed[0].grad().floatArray());
        assertEquals(0, zeroed[0].writtenPass);
    }
}
