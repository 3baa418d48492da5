package io.vecgrad.distributed.curriculum;

import io.vecgrad.distributed.ParamVector;

/**
 * A client's data with per-example access, which a curriculum needs (difficulty scores are
 * per-example losses; minibatches come from a prefix of the ordered examples).
 *
 * <pre>{@code
 * ExampleProblem shard = SoftmaxShard.of(x, labels, 10);
 * double difficulty = shard.loss(expertModel, 17);
 * }</pre>
 */
public interface ExampleProblem {
    /** Number of examples N. */
    int size();

    /** Parameter dimension. */
    int dim();

    /** The loss of example {@code i} at x. */
    double loss(ParamVector x, int i);

    /** The mean gradient over {@code batch} written into {@code out}; returns the mean loss. */
    double gradient(ParamVector x, int[] batch, ParamVector out);

    /** Per-example losses at x: the "expert" score with a reference model, the self-paced score with the current one. */
    default double[] scores(ParamVector x) {
        double[] s = new double[size()];
        for (int i = 0; i < s.length; i++) s[i] = loss(x, i);
        return s;
    }
}
