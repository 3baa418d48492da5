package io.vecgrad.optim.first;

import io.vecgrad.optim.Blocks;
import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.schedule.Schedule;
import java.util.ArrayList;
import java.util.List;

/** The common chain shape of the PyTorch baselines of this package. */
final class CoupledChain {
    private CoupledChain() {}

    /** {@code chain([addDecayedWeights(λ)], block, scaleByLearningRate(lr))}, the decay stage only when λ ≠ 0. */
    static GradientTransformation[] of(double weightDecay, GradientTransformation block, Schedule lr) {
        List<GradientTransformation> s = new ArrayList<>();
        if (weightDecay != 0) s.add(Blocks.addDecayedWeights(weightDecay));
        s.add(block);
        s.add(Blocks.scaleByLearningRate(lr));
        return s.toArray(new GradientTransformation[0]);
    }
}
