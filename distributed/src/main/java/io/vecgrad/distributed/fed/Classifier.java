package io.vecgrad.distributed.fed;

import io.vecgrad.distributed.ParamVector;

/**
 * A model that classifies: the accuracy of parameters x on a labelled data set.
 *
 * <pre>{@code
 * Classifier c = new SoftmaxRegression(train, shard, 32, 0);
 * double acc = c.accuracy(model, test);
 * }</pre>
 */
@FunctionalInterface
public interface Classifier {
    /** Fraction of {@code data} classified correctly by parameters x. */
    double accuracy(ParamVector x, ClassificationData data);
}
