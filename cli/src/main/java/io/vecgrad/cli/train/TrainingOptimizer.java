package io.vecgrad.cli.train;

import io.vecgrad.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * An optimizer as the trainer drives it: one in-place update per step, with the learning
 * rate given by the schedule each step. An optim {@code GradientTransformation} chain adapts
 * to this by scaling its update with {@code learningRate} (or reading it from a schedule
 * hook) and adding the update to the parameters.
 *
 * <pre>{@code
 * opt.step(model.parameters(), grads, schedule.at(step));
 * Map<String, Tensor> s = opt.state();   // saved in checkpoints
 * }</pre>
 */
public interface TrainingOptimizer {
    /** Updates {@code params} in place from {@code grads} (same order and shapes). */
    void step(List<Tensor> params, List<Tensor> grads, double learningRate);

    /**
     * The optimizer's state (moments, step counters as scalar tensors, ...) by stable names,
     * for checkpoints. Empty for stateless optimizers.
     */
    Map<String, Tensor> state();

    /** Restores a map produced by {@link #state()} (called after the first {@code step} or
     * before it; implementations create missing buffers as needed). */
    void loadState(Map<String, Tensor> state);
}
