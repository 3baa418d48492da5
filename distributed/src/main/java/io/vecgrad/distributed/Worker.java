package io.vecgrad.distributed;

import java.util.HashMap;
import java.util.Map;

/**
 * One worker: its index, its current parameters, its local problem (data shard), named state
 * vectors (momentum, control variates, error-feedback memory, dual variables) and its counters.
 * Workers are only touched by the engine's thread for that worker during a local step, so the
 * state needs no locks; random numbers come from the engine's {@link RandomStreams}.
 *
 * <pre>{@code
 * Worker w = new Worker(0, ParamVector.zeros(2), LocalProblem.quadratic(ParamVector.of(1, 1)));
 * ParamVector m = w.state("momentum");          // zeros of the model's dimension, created once
 * w.countGradients(1);
 * }</pre>
 */
public final class Worker {
    private final int id;
    private final ParamVector params;
    private final LocalProblem problem;
    private final Map<String, ParamVector> state = new HashMap<>();
    private final Map<String, Double> scalars = new HashMap<>();
    private long gradients;

    /** A worker whose parameters start at {@code init} (copied). */
    public Worker(int id, ParamVector init, LocalProblem problem) {
        if (init.dim() != problem.dim()) {
            throw new IllegalArgumentException("Worker " + id + ": initial parameters have dimension " + init.dim()
                    + " but the local problem has " + problem.dim());
        }
        this.id = id;
        this.params = init.copy();
        this.problem = problem;
    }

    /** The worker index 0..n−1. */
    public int id() {
        return id;
    }

    /** The worker's current parameters (mutable in place). */
    public ParamVector params() {
        return params;
    }

    /** The worker's objective. */
    public LocalProblem problem() {
        return problem;
    }

    /** The named state vector, created as zeros on first use. */
    public ParamVector state(String name) {
        return state.computeIfAbsent(name, k -> ParamVector.zeros(params.dim()));
    }

    /** True when the named state vector exists. */
    public boolean hasState(String name) {
        return state.containsKey(name);
    }

    /** The named scalar state (a loss average, a step counter), {@code initial} on first use. */
    public double scalar(String name, double initial) {
        return scalars.getOrDefault(name, initial);
    }

    /** Sets the named scalar state. */
    public void setScalar(String name, double value) {
        scalars.put(name, value);
    }

    /** Adds to the count of stochastic gradients evaluated. */
    public void countGradients(long k) {
        gradients += k;
    }

    /** Stochastic gradients evaluated so far. */
    public long gradients() {
        return gradients;
    }
}
