package io.vecgrad.optim;

/**
 * A closure that evaluates the loss and its gradients at the current parameter values (for line
 * searches, L-BFGS and the LR range test). Autodiff plugs in here:
 * {@code p -> { Value loss = model.loss(p); return new LossAndGrad.Result(loss.item(), loss.grads()); }}.
 */
@FunctionalInterface
public interface LossAndGrad {
    /** Loss and gradients at {@code params} (the live parameter tensors). */
    Result evaluate(Params params);

    /** A loss value and the gradients, named like the parameters. */
    record Result(double loss, Params grads) {}
}
