package io.vecgrad.optim.minmax;

/**
 * What a min-max method returns: the last iterate, the iterations run, the device operator
 * evaluations (one per device per {@code F_m} call), the bits sent device → server (uplink) and
 * server → devices (downlink), why it stopped, and the recorded trace.
 *
 * <pre>{@code
 * MinMaxResult r = new Extragradient(0.2).solve(game.devices(), z0, options);
 * double[] bits = r.trace().uplinkBits();
 * }</pre>
 */
public record MinMaxResult(double[] z, int iterations, long operatorCalls, double uplinkBits, double downlinkBits, Stop stop, Trace trace) {
    /** Why a run ended. */
    public enum Stop {
        /** The metric reached the target. */
        TARGET,
        /** The iteration limit. */
        ITERATIONS,
        /** The uplink bit budget. */
        BITS,
        /** The iterate became non-finite (the method diverged numerically). */
        DIVERGED
    }

    /** The recorded points: iteration, cumulative uplink bits, operator calls and the metric, at the same indices. */
    public record Trace(int[] iteration, double[] uplinkBits, long[] operatorCalls, double[] metric) {
        public int size() {
            return iteration.length;
        }

        /** The uplink bits at the first record whose metric is ≤ {@code level}, or +∞ if none. */
        public double bitsToReach(double level) {
            for (int i = 0; i < metric.length; i++) if (metric[i] <= level) return uplinkBits[i];
            return Double.POSITIVE_INFINITY;
        }

        /** The last recorded metric. */
        public double lastMetric() {
            return metric[metric.length - 1];
        }
    }

    /** The last iterate (a copy). */
    @Override
    public double[] z() {
        return z.clone();
    }
}
