package io.vecgrad.nn;

import io.vecgrad.autodiff.Variable;

/**
 * A module that adds a term to the training loss for its last forward call: a mixture of
 * experts' balance and router z-losses, an L0 penalty on pruning gates. Trainers add
 * {@link #total(Module)} of the model to the task loss, so such models train from the command
 * line like any other.
 *
 * <pre>{@code
 * Variable loss = Losses.crossEntropy(model.forward(x), y);
 * Variable extra = TrainingPenalty.total(model);      // null when no module in the tree adds one
 * if (extra != null) loss = loss.add(extra);
 * }</pre>
 */
public interface TrainingPenalty {
    /** This module's term for its last forward call, or {@code null} when it has none (e.g. no call yet). */
    Variable trainingPenalty();

    /** The sum over {@code root}'s tree (root first, then children in order), or {@code null} when none adds a term. */
    static Variable total(Module root) {
        Variable sum = root instanceof TrainingPenalty p ? p.trainingPenalty() : null;
        for (Module c : root.children().values()) {
            Variable t = total(c);
            if (t != null) sum = sum == null ? t : sum.add(t);
        }
        return sum;
    }
}
