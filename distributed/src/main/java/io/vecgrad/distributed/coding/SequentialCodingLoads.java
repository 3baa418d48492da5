package io.vecgrad.distributed.coding;

/**
 * Normalized computational loads (fraction of the whole job each worker computes per round)
 * of the coding schemes of Krishnan, Ebrahimi, Khisti (ICLR 2023): plain gradient coding
 * with s stragglers, SR-SGC and M-SGC under the (B, W, λ)-bursty model.
 *
 * <pre>{@code
 * double gc = SequentialCodingLoads.gradientCoding(16, 4);          // 5/16
 * double m = SequentialCodingLoads.multiplexed(16, 2, 5, 4);         // ≤ gc
 * }</pre>
 */
public final class SequentialCodingLoads {
    private SequentialCodingLoads() {}

    /** Gradient coding tolerating s stragglers: (s+1)/n. */
    public static double gradientCoding(int n, int s) {
        if (n < 1 || s < 0 || s >= n) throw new IllegalArgumentException("gradientCoding load: need 0 ≤ s < n, got n = " + n + ", s = " + s);
        return (s + 1) / (double) n;
    }

    /** SR-SGC: gradient coding with s = ⌈Bλ/(W−1+B)⌉. */
    public static double selectiveRepeat(int n, int burst, int window, int lambda) {
        return new SelectiveRepeatSgc(n, burst, window, lambda).load();
    }

    /**
     * M-SGC: {@code (W−1+B)/(n(W−1))} if λ = n, otherwise
     * {@code (λ+1)(W−1+B) / (n(B + (W−1)(λ+1)))}.
     */
    public static double multiplexed(int n, int burst, int window, int lambda) {
        BurstyStragglers.checkParams("multiplexed load", burst, window, lambda);
        if (lambda > n) throw new IllegalArgumentException("multiplexed load: λ = " + lambda + " > n = " + n);
        if (lambda == n) return (window - 1 + burst) / (double) (n * (window - 1));
        return (lambda + 1.0) * (window - 1 + burst) / (n * (burst + (window - 1) * (lambda + 1.0)));
    }
}
