package io.vecgrad.cli.train;

import io.vecgrad.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A saved training state: where the loop was, the parameters and the optimizer state.
 *
 * @param file where it was read from or written to
 * @param label the run's label (optimizer spec)
 * @param state loop position
 * @param parameters parameter values in {@link DifferentiableModel#parameters()} order
 * @param optimizerState {@link TrainingOptimizer#state()} at that step
 */
public record Checkpoint(Path file, String label, TrainerState state, List<Tensor> parameters,
        Map<String, Tensor> optimizerState) {}
