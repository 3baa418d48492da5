package io.vecgrad.distributed.curriculum;

import io.vecgrad.distributed.LocalProblem;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.tensor.random.Rng;

/**
 * A {@link LocalProblem} view of an {@link ExampleProblem} whose minibatches are drawn
 * uniformly (with replacement) from the first g(t) examples of an ordering; the method sets
 * g(t) each round with {@link #setUsable}. When everything is usable, draws index the examples
 * directly, so every ordering gives exactly the minibatches of plain FedAvg (P47 property 1).
 *
 * <pre>{@code
 * PacedProblem p = new PacedProblem(shard, Ordering.CURRICULUM.order(shard.scores(expert), rng), 10);
 * p.setUsable(pacing.usable(round, shard.size()));
 * }</pre>
 */
public final class PacedProblem implements LocalProblem {
    private final ExampleProblem data;
    private final int[] order;
    private final int batch;
    private int usable;

    /** {@code order}: a permutation of the examples (easiest first for a curriculum); {@code batch}: minibatch size. */
    public PacedProblem(ExampleProblem data, int[] order, int batch) {
        if (order.length != data.size()) {
            throw new IllegalArgumentException("PacedProblem: ordering of " + order.length + " examples for a shard of " + data.size());
        }
        boolean[] seen = new boolean[order.length];
        for (int i : order) {
            if (i < 0 || i >= order.length || seen[i]) throw new IllegalArgumentException("PacedProblem: ordering is not a permutation (bad or repeated index " + i + ")");
            seen[i] = true;
        }
        if (batch < 1) throw new IllegalArgumentException("PacedProblem: batch size must be ≥ 1, got " + batch);
        this.data = data;
        this.order = order.clone();
        this.batch = batch;
        this.usable = order.length;
    }

    /** The examples usable from now on: the first {@code g} of the ordering. */
    public void setUsable(int g) {
        if (g < 1 || g > order.length) throw new IllegalArgumentException("PacedProblem.setUsable: g = " + g + " outside [1, " + order.length + "]");
        usable = g;
    }

    /** Current g. */
    public int usable() {
        return usable;
    }

    /** The shard. */
    public ExampleProblem data() {
        return data;
    }

    @Override
    public int dim() {
        return data.dim();
    }

    @Override
    public double gradient(ParamVector x, Rng rng, ParamVector out) {
        int[] b = new int[batch];
        for (int k = 0; k < batch; k++) {
            int j = rng.nextInt(usable);
            b[k] = usable == order.length ? j : order[j];
        }
        return data.gradient(x, b, out);
    }

    @Override
    public double loss(ParamVector x) {
        double s = 0;
        for (int i = 0; i < data.size(); i++) s += data.loss(x, i);
        return s / data.size();
    }
}
