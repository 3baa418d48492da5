package io.vecgrad.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.datasets.Batch;
import io.vecgrad.nn.prune.DiffPruneGate;
import io.vecgrad.nn.prune.GatedLeNet;
import io.vecgrad.nn.prune.L0Regularized;
import io.vecgrad.nn.prune.Structure;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/** {@link Model#lossAndGradients} adds the tree's training penalties: an L0-regularized gated model prunes under the trainer. */
class TrainingPenaltyTest {

    @Test
    void theLossIncludesThePenaltyAndTheGatesGetItsGradient() {
        Rng rng = new Rng(3);
        Tensor x = rng.normal(DType.FLOAT32, 0, 1, 4, 1, 8, 8);
        Tensor y = Tensor.of(new float[] {0, 1, 2, 3}, 4);
        Batch batch = new Batch(x, y, new int[] {0, 1, 2, 3});
        double[] losses = new double[2];
        double[] gateGrad = new double[2];
        for (int k = 0; k < 2; k++) {
            GatedLeNet gated = new GatedLeNet(1, 8, 2, 3, 3, 4, Structure.WEIGHTS, DiffPruneGate.standard(), new Rng(1), DType.FLOAT32);
            Model m = new Model(new L0Regularized(gated, k == 0 ? 0 : 50), new int[] {1, 8, 8}, DType.FLOAT32, Model.Loss.CROSS_ENTROPY);
            losses[k] = m.lossAndGradients(batch).loss();
            gateGrad[k] = m.gradients().get("model.fc.gate_logits").abs().sum().item();
        }
        GatedLeNet probe = new GatedLeNet(1, 8, 2, 3, 3, 4, Structure.WEIGHTS, DiffPruneGate.standard(), new Rng(1), DType.FLOAT32);
        double penalty = new L0Regularized(probe, 50).trainingPenalty().item();
        assertEquals(losses[0] + penalty, losses[1], 1e-5 * Math.abs(losses[1]));
        assertTrue(gateGrad[1] > gateGrad[0], "the penalty pushes the gate logits: " + gateGrad[0] + " vs " + gateGrad[1]);
    }
}
