package io.vecgrad.distributed;

import io.vecgrad.tensor.random.Rng;

/**
 * A distribution of delays (message latency or client compute time) in virtual seconds, for
 * the event engine and for {@link Channels#delay}. Heavy-tailed choices (log-normal, Pareto)
 * model stragglers.
 *
 * <pre>{@code
 * Latency link = Latency.logNormal(0.0, 1.0);        // median 1 s, heavy tail
 * double t = link.sample(new Rng(3));
 * double mean = Latency.exponential(2.0).mean();     // 2.0
 * }</pre>
 */
public interface Latency {
    /** One delay ≥ 0. */
    double sample(Rng rng);

    /** The mean delay (may be infinite). */
    double mean();

    /** Always {@code t}. */
    static Latency constant(double t) {
        checkNonNegative("constant", t);
        return new Latency() {
            public double sample(Rng rng) {
                return t;
            }

            public double mean() {
                return t;
            }
        };
    }

    /** Exponential with the given mean (the gaps of a Poisson clock of rate 1/mean). */
    static Latency exponential(double mean) {
        checkPositive("exponential", mean);
        return new Latency() {
            public double sample(Rng rng) {
                return -mean * Math.log(1.0 - rng.nextDouble());
            }

            public double mean() {
                return mean;
            }
        };
    }

    /** Uniform on [lo, hi]. */
    static Latency uniform(double lo, double hi) {
        checkNonNegative("uniform", lo);
        if (!(hi >= lo)) throw new IllegalArgumentException("Latency.uniform: hi " + hi + " < lo " + lo);
        return new Latency() {
            public double sample(Rng rng) {
                return lo + (hi - lo) * rng.nextDouble();
            }

            public double mean() {
                return (lo + hi) / 2;
            }
        };
    }

    /** exp(N(mu, sigma²)): median e^mu, heavy right tail. */
    static Latency logNormal(double mu, double sigma) {
        checkNonNegative("logNormal sigma", sigma);
        return new Latency() {
            public double sample(Rng rng) {
                return Math.exp(mu + sigma * rng.nextGaussian());
            }

            public double mean() {
                return Math.exp(mu + sigma * sigma / 2);
            }
        };
    }

    /** Pareto with minimum {@code scale} and tail index {@code alpha} (infinite mean for alpha ≤ 1). */
    static Latency pareto(double scale, double alpha) {
        checkPositive("pareto scale", scale);
        checkPositive("pareto alpha", alpha);
        return new Latency() {
            public double sample(Rng rng) {
                return scale / Math.pow(1.0 - rng.nextDouble(), 1.0 / alpha);
            }

            public double mean() {
                return alpha > 1 ? alpha * scale / (alpha - 1) : Double.POSITIVE_INFINITY;
            }
        };
    }

    private static void checkPositive(String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException("Latency." + what + ": must be positive and finite, got " + v);
    }

    private static void checkNonNegative(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException("Latency." + what + ": must be ≥ 0 and finite, got " + v);
    }
}
