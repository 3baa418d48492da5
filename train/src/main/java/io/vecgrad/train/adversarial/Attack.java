package io.vecgrad.train.adversarial;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;

/**
 * An attack: the inner maximization of adversarial training, {@code x̃ ≈ argmax_{x' ∈ S(x)}
 * ℓ(f(x'), y)} over a perturbation set S(x) around each example. Implementations are pure
 * functions of their arguments: the same rng state gives bitwise the same attack points.
 *
 * <pre>{@code
 * Attack pgd = Pgd.linf(0.3, 0.01, 40).clip(0, 1);
 * Tensor xAdv = pgd.perturb(AttackObjective.of(model), batch.x(), batch.y(), rng);
 * }</pre>
 */
@FunctionalInterface
public interface Attack {
    /**
     * Attack points for a batch, in the dtype and shape of {@code x}.
     *
     * @param x clean inputs, leading axis = batch
     * @param y their targets (passed to the objective)
     * @param rng the stream of random starts (unused by deterministic attacks)
     */
    Tensor perturb(AttackObjective objective, Tensor x, Tensor y, Rng rng);
}
