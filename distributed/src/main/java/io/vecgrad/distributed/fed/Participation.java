package io.vecgrad.distributed.fed;

import io.vecgrad.distributed.Message;
import io.vecgrad.distributed.RoundEngine;
import io.vecgrad.tensor.random.Rng;
import java.util.Arrays;

/**
 * Client sampling: a uniformly random subset of ⌈fraction·alive⌉ of the alive workers, drawn
 * from the server's stream {@code ("clients", SERVER, round)}, returned in increasing order.
 *
 * <pre>{@code
 * int[] who = Participation.sample(engine, round, 0.1);   // 10% of the clients
 * }</pre>
 */
public final class Participation {
    private Participation() {}

    /** The workers taking part in {@code round}. */
    public static int[] sample(RoundEngine engine, long round, double fraction) {
        if (!(fraction > 0 && fraction <= 1)) throw new IllegalArgumentException("Participation.sample: fraction must be in (0, 1], got " + fraction);
        int[] alive = engine.participants(round);
        if (fraction == 1) return alive;
        return sampleCount(engine, round, Math.max(1, (int) Math.ceil(fraction * alive.length - 1e-9)));
    }

    /** {@code count} of the alive workers in {@code round} (all of them if fewer are alive). */
    public static int[] sampleCount(RoundEngine engine, long round, int count) {
        if (count < 1) throw new IllegalArgumentException("Participation.sampleCount: count must be ≥ 1, got " + count);
        int[] alive = engine.participants(round);
        if (count >= alive.length) return alive;
        int m = count;
        Rng rng = engine.streams().stream("clients", Message.SERVER, round);
        int[] p = Shards.permutation(alive.length, rng);
        int[] out = new int[m];
        for (int k = 0; k < m; k++) out[k] = alive[p[k]];
        Arrays.sort(out);
        return out;
    }
}
