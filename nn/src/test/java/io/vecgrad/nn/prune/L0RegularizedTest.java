package io.vecgrad.nn.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.TrainingPenalty;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import org.junit.jupiter.api.Test;

class L0RegularizedTest {

    @Test
    void thePenaltyIsLambdaOverTheGateCountTimesTheExpectedL0AndTrainersFindItInTheTree() {
        GatedLeNet gated = new GatedLeNet(1, 8, 2, 3, 3, 4, Structure.WEIGHTS, DiffPruneGate.standard(), new Rng(1), DType.FLOAT32);
        L0Regularized reg = new L0Regularized(gated, 8);
        long gates = Pruning.masks(gated).values().stream().mapToLong(Tensor::numel).sum();
        double expected = Pruning.l0Penalty(gated).item() * 8 / gates;
        assertEquals(expected, reg.trainingPenalty().item(), 1e-6 * Math.abs(expected));
        Sequential outer = new Sequential(reg);
        assertEquals(expected, TrainingPenalty.total(outer).item(), 1e-6 * Math.abs(expected));
        Tensor x = new Rng(2).normal(DType.FLOAT32, 0, 1, 2, 1, 8, 8);
        assertEquals(gated.forward(Variable.constant(x)).value().toDoubleArray()[0], reg.forward(Variable.constant(x)).value().toDoubleArray()[0]);
    }

    @Test
    void noPenaltyAtLambdaZeroOrWithoutPenalisedModules() {
        GatedLeNet gated = new GatedLeNet(1, 8, 2, 3, 3, 4, Structure.WEIGHTS, DiffPruneGate.standard(), new Rng(1), DType.FLOAT32);
        assertNull(new L0Regularized(gated, 0).trainingPenalty());
        assertNull(TrainingPenalty.total(new Sequential(new Linear(3, 2))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new L0Regularized(new Linear(3, 2), 1));
        assertEquals("L0Regularized: Linear(3 -> 2) has no gates", e.getMessage().replaceAll("Linear\\([^)]*\\)", "Linear(3 -> 2)"));
    }
}
