package io.vecgrad.distributed.coding;

import io.vecgrad.distributed.LocalProblem;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.tensor.random.Rng;

import java.util.Arrays;

/**
 * The data partitions one worker of a gradient code holds: the partitions of its code row
 * ({@link GradientCode#partitionsOf}), each a {@link LocalProblem} whose gradient should be exact
 * (full batch) for decoding to return the exact full gradient. As a {@link LocalProblem} it is the
 * sum of its partitions; {@link CodedGradientDescent} reads the partitions one by one.
 *
 * <pre>{@code
 * GradientCode code = GradientCode.cyclic(4, 1, new Rng(3));
 * int[] held = code.partitionsOf(2);                                   // {2, 3}
 * CodedShard shard = new CodedShard(held, new LocalProblem[] {part[2], part[3]});
 * Worker w = new Worker(2, ParamVector.zeros(shard.dim()), shard);
 * }</pre>
 */
public final class CodedShard implements LocalProblem {
    private final int[] partitions;
    private final LocalProblem[] problems;

    /** {@code problems[k]} is partition {@code partitions[k]}; indices strictly increasing, dimensions equal. */
    public CodedShard(int[] partitions, LocalProblem[] problems) {
        if (partitions.length == 0 || partitions.length != problems.length) {
            throw new IllegalArgumentException("CodedShard: " + partitions.length + " partition indices for " + problems.length + " problems");
        }
        for (int k = 0; k < partitions.length; k++) {
            if (partitions[k] < 0 || (k > 0 && partitions[k] <= partitions[k - 1])) {
                throw new IllegalArgumentException("CodedShard: partition indices must be ≥ 0 and increasing, got " + Arrays.toString(partitions));
            }
            if (problems[k].dim() != problems[0].dim()) {
                throw new IllegalArgumentException("CodedShard: partition " + partitions[k] + " has dimension " + problems[k].dim()
                        + ", partition " + partitions[0] + " has " + problems[0].dim());
            }
        }
        this.partitions = partitions.clone();
        this.problems = problems.clone();
    }

    /** The partition indices held, increasing. */
    public int[] partitions() {
        return partitions.clone();
    }

    /** Partition {@code partitions()[k]}'s problem. */
    public LocalProblem partition(int k) {
        return problems[k];
    }

    @Override
    public int dim() {
        return problems[0].dim();
    }

    /** The sum of the partitions' gradients (each drawn from its own split of {@code rng}). */
    @Override
    public double gradient(ParamVector x, Rng rng, ParamVector out) {
        ParamVector g = ParamVector.zeros(dim());
        java.util.Arrays.fill(out.data(), 0);
        double loss = 0;
        for (int k = 0; k < problems.length; k++) {
            loss += problems[k].gradient(x, rng.split(partitions[k]), g);
            out.axpyInPlace(1, g);
        }
        return loss;
    }

    @Override
    public double loss(ParamVector x) {
        double s = 0;
        for (LocalProblem p : problems) s += p.loss(x);
        return s;
    }
}
