package io.vecgrad.distributed.curriculum;

import io.vecgrad.tensor.random.Rng;

import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The order in which a client's examples become available (Wu, Dyer and Neyshabur 2021, as used
 * by P47): {@link #CURRICULUM} by ascending difficulty score, {@link #ANTI_CURRICULUM} its exact
 * reverse, {@link #RANDOM} a seeded uniform permutation (the random-curriculum baseline). Ties
 * are broken by index, so the two sorted orders are exact reverses of each other.
 *
 * <pre>{@code
 * int[] easyFirst = Ordering.CURRICULUM.order(new double[] {0.3, 0.1, 0.2}, new Rng(0));   // [1, 2, 0]
 * }</pre>
 */
public enum Ordering {
    CURRICULUM, ANTI_CURRICULUM, RANDOM;

    /** Example indices in the order they become usable; {@code rng} is used by {@link #RANDOM} only. */
    public int[] order(double[] scores, Rng rng) {
        for (int i = 0; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) throw new IllegalArgumentException("Ordering." + name() + ": score " + i + " is NaN");
        }
        if (this == RANDOM) return rng.permutation(scores.length).toIntArray();
        int[] asc = IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> scores[i]).thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
        if (this == CURRICULUM) return asc;
        int[] desc = new int[asc.length];
        for (int i = 0; i < asc.length; i++) desc[i] = asc[asc.length - 1 - i];
        return desc;
    }
}
