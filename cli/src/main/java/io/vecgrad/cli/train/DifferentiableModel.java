package io.vecgrad.cli.train;

import io.vecgrad.tensor.Tensor;
import java.util.List;

/**
 * A model and its loss as the trainer sees them: live parameter tensors and a function that
 * returns the loss and its gradient on a batch. An nn module plus autodiff adapts to this in
 * a few lines (forward, loss, backward, collect the parameter gradients).
 *
 * <pre>{@code
 * LossAndGradient r = model.lossAndGradient(batch);
 * optimizer.step(model.parameters(), r.gradients(), lr);
 * }</pre>
 */
public interface DifferentiableModel {
    /**
     * The parameters, in a fixed order. Optimizers update these tensors in place and
     * checkpoints save and restore them in place, so the list must stay the same objects.
     */
    List<Tensor> parameters();

    /** Forward and backward pass; must not change the parameters. */
    LossAndGradient lossAndGradient(Batch batch);

    /** Forward pass only (no gradient), used for held-out evaluation. */
    Evaluation evaluate(Batch batch);
}
