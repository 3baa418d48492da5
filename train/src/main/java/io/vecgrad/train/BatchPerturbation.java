package io.vecgrad.train;

import io.vecgrad.datasets.Batch;
import io.vecgrad.tensor.random.Rng;

/**
 * Replaces each training batch just before the {@link Trainer} computes its loss and gradients:
 * the hook through which adversarial training (an attack's inner maximization, then the usual
 * step on the attacked batch) runs inside the one training loop.
 *
 * <p>The trainer passes a random stream derived from its seed and the step number, so a run with
 * a random-start attack is deterministic per seed and resumes bit-identically from a checkpoint.
 * The perturbation may run the model (forward and input gradients); the trainer zeroes the
 * parameter gradients and puts the module back in training mode afterwards.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder().epochs(5).perturbation(AdversarialTraining.of(Pgd.linf(0.1, 0.02, 10))).build();
 * }</pre>
 */
@FunctionalInterface
public interface BatchPerturbation {
    /**
     * The batch to train on instead of {@code batch} (same labels, same size).
     *
     * @param rng this step's own stream (the trainer's stream split by step and purpose)
     */
    Batch perturb(Model model, Batch batch, Rng rng);
}
