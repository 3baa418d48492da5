package io.vecgrad.distributed;

import java.util.List;

/**
 * Combines the vectors the server received in one step into one. Inputs arrive in
 * worker-index order; implementations must combine them in that order so the result is bitwise
 * reproducible. Robust rules (coordinate median, trimmed mean, Krum, geometric median, NNA) live
 * in {@code io.vecgrad.distributed.robust.Aggregators}.
 *
 * <pre>{@code
 * Aggregator avg = Aggregator.mean();
 * ParamVector m = avg.aggregate(List.of(ParamVector.of(1, 2), ParamVector.of(3, 4)));   // (2, 3)
 * }</pre>
 */
@FunctionalInterface
public interface Aggregator {
    /** The combined vector (a new one; inputs are not modified). */
    ParamVector aggregate(List<ParamVector> inputs);

    /**
     * The combination as seen by a node whose own vector is {@code center} (peer-to-peer
     * methods such as MoNNA). Rules that need no centre ignore it; nearest-neighbour averaging
     * keeps the inputs closest to it.
     */
    default ParamVector aggregate(ParamVector center, List<ParamVector> inputs) {
        return aggregate(inputs);
    }

    /** The name shown in tables. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** The plain average, summed in input order. */
    static Aggregator mean() {
        return new Aggregator() {
            public ParamVector aggregate(List<ParamVector> inputs) {
                return ParamVector.mean(inputs);
            }

            public String name() {
                return "mean";
            }
        };
    }
}
