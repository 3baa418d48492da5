package io.vecgrad.nn.losses;

import io.vecgrad.autodiff.Variable;

/** How a loss combines per-example values: their mean, their sum, or none (per-example values). */
public enum Reduction {
    MEAN, SUM, NONE;

    Variable apply(Variable perExample) {
        switch (this) {
            case MEAN: return perExample.mean();
            case SUM: return perExample.sum();
            default: return perExample;
        }
    }
}
