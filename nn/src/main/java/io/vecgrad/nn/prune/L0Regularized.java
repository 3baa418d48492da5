package io.vecgrad.nn.prune;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.TrainingPenalty;

/**
 * A gated model together with its pruning strength: the forward pass is the model's, and its
 * {@link #trainingPenalty()} is {@code (λ/N)·}{@link Pruning#l0Penalty} with N the number of gates
 * (one per weight, or per unit for structured gates), so λ is the price of keeping every gate open
 * (the P02 experiment's scale). Trainers
 * that add {@link TrainingPenalty#total} to the loss (train's {@code Model}) then prune while they
 * train; the parameters sit under the child name {@code model}.
 *
 * <pre>{@code
 * GatedLeNet gated = GatedLeNet.fashion(Structure.WEIGHTS, DiffPruneGate.standard(), new Rng(1));
 * L0Regularized model = new L0Regularized(gated, 32);
 * Variable loss = Losses.crossEntropy(model.forward(x), y).add(model.trainingPenalty());
 * }</pre>
 */
public final class L0Regularized extends Module implements TrainingPenalty {
    private final Module model;
    private final double lambda;
    private final long gates;

    public L0Regularized(Module model, double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new IllegalArgumentException("L0Regularized: lambda must be finite and >= 0, got " + lambda);
        this.model = model;
        this.lambda = lambda;
        this.gates = Pruning.masks(model).values().stream().mapToLong(t -> t.numel()).sum();
        if (gates == 0) throw new IllegalArgumentException("L0Regularized: " + model + " has no gates");
        child("model", model);
    }

    /** The wrapped gated model. */
    public Module model() {
        return model;
    }

    public double lambda() {
        return lambda;
    }

    @Override
    public Variable forward(Variable x) {
        return model.forward(x);
    }

    @Override
    public Variable trainingPenalty() {
        return lambda == 0 ? null : Pruning.l0Penalty(model).mul(lambda / gates);
    }

    @Override
    public String toString() {
        return "L0Regularized(" + model + ", lambda=" + lambda + ")";
    }
}
