package io.vecgrad.nn.moe;

/**
 * Settings of a {@link MoeLayer}: number of experts, how tokens and experts are matched, expert
 * capacity and the weights of the two auxiliary losses. Immutable; the {@code with…} methods
 * return changed copies.
 *
 * <ul>
 *   <li>{@code router}: {@link Router#TOKENS_CHOOSE} (each token picks its top-k experts, as
 *       Switch / GShard / V-MoE) or {@link Router#EXPERTS_CHOOSE} (each expert picks its top-C
 *       tokens, Zhou et al. 2022) — the two routers of IMP's code ({@code imp/max/modeling/routing.py}).
 *   <li>{@code topK}: experts per token (tokens-choose only).
 *   <li>{@code capacityFactor}: expert capacity {@code C = max(minCapacity, ⌈cf·k·T/E⌉)} for T
 *       tokens (tokens-choose, GShard's form) or {@code C = max(minCapacity, ⌈cf·T/E⌉)}
 *       (experts-choose); {@code Double.POSITIVE_INFINITY} means no limit (C = T).
 *   <li>{@code renormalize}: divide the top-k gates of a token by their sum (GShard); off by
 *       default, as IMP's code and Switch, which combine with the raw router probabilities.
 *   <li>{@code batchPrioritized}: V-MoE's batch prioritized routing: tokens with the highest top-1
 *       probability claim capacity first (otherwise token order).
 *   <li>{@code balanceWeight} α and {@code zLossWeight} β of {@link MoeLayer#auxiliaryLoss()}.
 * </ul>
 *
 * <pre>{@code
 * import io.vecgrad.nn.moe.MoeOptions;
 *
 * MoeOptions switchLike = MoeOptions.tokensChoose(4, 1).withCapacityFactor(1.25);
 * MoeOptions expertChoice = MoeOptions.expertsChoose(4).withCapacityFactor(2.0);
 * }</pre>
 */
public record MoeOptions(int experts, int topK, Router router, double capacityFactor, int minCapacity, boolean renormalize,
                         boolean batchPrioritized, double balanceWeight, double zLossWeight) {
    /** Who chooses: tokens their experts, or experts their tokens. */
    public enum Router { TOKENS_CHOOSE, EXPERTS_CHOOSE }

    public MoeOptions {
        if (experts <= 0) throw new IllegalArgumentException("MoeOptions: experts must be positive, got " + experts);
        if (router == Router.TOKENS_CHOOSE && (topK <= 0 || topK > experts)) {
            throw new IllegalArgumentException("MoeOptions: topK must be in [1, experts=" + experts + "], got " + topK);
        }
        if (!(capacityFactor > 0)) throw new IllegalArgumentException("MoeOptions: capacity factor must be > 0, got " + capacityFactor);
        if (minCapacity < 0) throw new IllegalArgumentException("MoeOptions: minCapacity must be >= 0, got " + minCapacity);
        if (balanceWeight < 0 || zLossWeight < 0) {
            throw new IllegalArgumentException("MoeOptions: loss weights must be >= 0, got " + balanceWeight + " and " + zLossWeight);
        }
    }

    /** Tokens choose their top-k experts; capacity factor 1.25, α = 1e-2, β = 1e-3 (Switch / ST-MoE defaults). */
    public static MoeOptions tokensChoose(int experts, int topK) {
        return new MoeOptions(experts, topK, Router.TOKENS_CHOOSE, 1.25, 1, false, false, 1e-2, 1e-3);
    }

    /** Experts choose their top-C tokens; capacity factor 2, no balance loss (balanced by construction), β = 1e-3. */
    public static MoeOptions expertsChoose(int experts) {
        return new MoeOptions(experts, 1, Router.EXPERTS_CHOOSE, 2.0, 1, false, false, 0, 1e-3);
    }

    public MoeOptions withCapacityFactor(double cf) {
        return new MoeOptions(experts, topK, router, cf, minCapacity, renormalize, batchPrioritized, balanceWeight, zLossWeight);
    }

    /** No capacity limit: every choice is dispatched. */
    public MoeOptions unlimited() {
        return withCapacityFactor(Double.POSITIVE_INFINITY);
    }

    public MoeOptions withMinCapacity(int c) {
        return new MoeOptions(experts, topK, router, capacityFactor, c, renormalize, batchPrioritized, balanceWeight, zLossWeight);
    }

    public MoeOptions withRenormalize(boolean on) {
        return new MoeOptions(experts, topK, router, capacityFactor, minCapacity, on, batchPrioritized, balanceWeight, zLossWeight);
    }

    public MoeOptions withBatchPrioritized(boolean on) {
        return new MoeOptions(experts, topK, router, capacityFactor, minCapacity, renormalize, on, balanceWeight, zLossWeight);
    }

    public MoeOptions withLossWeights(double alpha, double beta) {
        return new MoeOptions(experts, topK, router, capacityFactor, minCapacity, renormalize, batchPrioritized, alpha, beta);
    }

    /** The capacity per expert for {@code tokens} tokens. */
    public int capacity(int tokens) {
        if (Double.isInfinite(capacityFactor)) return tokens;
        int k = router == Router.TOKENS_CHOOSE ? topK : 1;
        double c = Math.ceil(capacityFactor * k * tokens / experts - 1e-9);
        return (int) Math.min(tokens, Math.max(minCapacity, c));
    }
}
