package io.vecgrad.distributed;

import io.vecgrad.tensor.random.Rng;

/**
 * The objective one worker sees: its data shard's loss as a function of the flat parameter
 * vector, with stochastic (minibatch) gradients. Implementations for nn models and logistic
 * regression live in {@code io.vecgrad.distributed.fed.Problems}.
 *
 * <pre>{@code
 * LocalProblem quad = LocalProblem.quadratic(ParamVector.of(1, -1));   // ½‖x − c‖²
 * ParamVector g = ParamVector.zeros(2);
 * double loss = quad.gradient(ParamVector.of(0, 0), new Rng(1), g);    // g = (−1, 1), loss 1
 * }</pre>
 */
public interface LocalProblem {
    /** Dimension of the parameter vector. */
    int dim();

    /** A stochastic gradient at x drawn with {@code rng}, written into {@code out}; returns the minibatch loss. */
    double gradient(ParamVector x, Rng rng, ParamVector out);

    /** The full loss of the shard at x. */
    double loss(ParamVector x);

    /** ½‖x − c‖², deterministic gradient x − c: a test problem with a known minimizer. */
    static LocalProblem quadratic(ParamVector c) {
        return new LocalProblem() {
            public int dim() {
                return c.dim();
            }

            public double gradient(ParamVector x, Rng rng, ParamVector out) {
                out.setInPlace(x).axpyInPlace(-1, c);
                return loss(x);
            }

            public double loss(ParamVector x) {
                return 0.5 * x.squaredDistance(c);
            }
        };
    }
}
