package io.vecgrad.optim;

import java.util.Map;

/**
 * A gradient transformation in the Optax style: {@code init(params) → state} and
 * {@code update(grads, state, params) → (updates, state')}. An optimizer is a transformation
 * whose final updates are added to the parameters ({@code θ ← θ + u}); transformations compose
 * with {@link Transforms#chain}.
 *
 * <p>{@link #update} is pure: it never mutates its arguments and returns fresh tensors.
 * {@link #applyInPlace} is the fused path used by {@link Optimizer}, which owns its state: it may
 * reuse the old state's buffers and writes the parameters in place.
 *
 * <pre>{@code
 * GradientTransformation adam = Transforms.chain(Adam.scaleByAdam(0.9, 0.999, 1e-8, false),
 *                                                Transforms.scaleByLearningRate(1e-3));
 * State s = adam.init(params);
 * Update u = adam.update(grads, s, params);
 * params.addInPlace(u.updates());
 * }</pre>
 */
public interface GradientTransformation {
    /** The initial state for {@code params}. */
    State init(Params params);

    /** Transforms {@code grads} (evaluated at {@code params}) into updates and a new state. */
    Update update(Params grads, State state, Params params);

    /** Current hyper-parameters for logging, e.g. {@code lr} at this state's step. */
    default Map<String, Double> hyperParams(State state) {
        return Map.of();
    }

    /**
     * Applies one step to {@code params} in place and returns the new state. The old state must
     * not be used afterwards (implementations may overwrite its buffers).
     */
    default State applyInPlace(Params grads, State state, Params params) {
        Update u = update(grads, state, params);
        params.addInPlace(u.updates());
        return u.state();
    }
}
