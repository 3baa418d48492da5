package io.vecgrad.optim.bcd;

import io.vecgrad.optim.prox.Prox;
import java.util.SplittableRandom;

/**
 * What a {@link BlockSelector} sees at one iteration of {@link BlockCoordinateDescent}: the
 * problem, the non-smooth part (or null), the iterate, its full gradient (computed on first use
 * and kept until x changes), the iteration number and the solve's random stream.
 */
public final class BcdIterate {
    private final BlockProblem f;
    private final Prox g;
    private final double[] x;
    private final double[] grad;
    private final SplittableRandom random;
    private boolean gradValid;
    int iteration;

    BcdIterate(BlockProblem f, Prox g, double[] x, long seed) {
        this.f = f;
        this.g = g;
        this.x = x;
        this.grad = new double[x.length];
        this.random = new SplittableRandom(seed);
    }

    public BlockProblem problem() {
        return f;
    }

    /** The separable non-smooth part, or null for a smooth problem. */
    public Prox prox() {
        return g;
    }

    /** The iterate (read it, do not modify it). */
    public double[] x() {
        return x;
    }

    /** ∇f(x) (shared; do not modify it). */
    public double[] gradient() {
        if (!gradValid) {
            f.gradient(x, grad);
            gradValid = true;
        }
        return grad;
    }

    public int iteration() {
        return iteration;
    }

    public SplittableRandom random() {
        return random;
    }

    void changed() {
        gradValid = false;
    }
}
