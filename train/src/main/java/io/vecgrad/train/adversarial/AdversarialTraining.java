package io.vecgrad.train.adversarial;

import io.vecgrad.datasets.Batch;
import io.vecgrad.train.BatchPerturbation;
import io.vecgrad.train.Trainer;

/**
 * Madry-style adversarial training as a {@link BatchPerturbation} of the one {@link Trainer}:
 * every training batch is replaced by its attack points, {@code x̃ = A(W_t, x, y)}, and the
 * trainer then takes its usual step on {@code ∇_W ℓ(f_W(x̃), y)} with x̃ held constant (Danskin;
 * no second-order terms). Spec: papers/solvers.md P16 (Zhang et al., NeurIPS 2020, analyse
 * exactly this alternation; the attack definitions are Madry et al. 2018's).
 *
 * <p>With ε = 0 every attack point equals its clean input, and training is bitwise the
 * standard run (tested).
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder().epochs(10).seed(1)
 *         .perturbation(AdversarialTraining.of(Pgd.linf(0.1, 0.025, 7).clip(0, 1)))
 *         .build();
 * trainer.fit("pgd-at", model, optimizer, loader, null);
 * }</pre>
 */
public final class AdversarialTraining {
    private AdversarialTraining() {}

    /** Trains on {@code attack}'s points for each batch (the model's own loss, evaluation mode for the attack). */
    public static BatchPerturbation of(Attack attack) {
        return (model, batch, rng) -> {
            Batch adv = batch.with(attack.perturb(AttackObjective.of(model), batch.x(), batch.y(), rng), batch.y());
            model.module().train();
            return adv;
        };
    }
}
