package io.vecgrad.optim.bilevel;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;

/**
 * Stochastic AID-Neumann (StocBiO, Ji, Yang and Liang 2021; Ghadimi and Wang 2018): the adjoint
 * {@code w ≈ H_yy⁻¹ ∇_y f} from the Neumann series with every factor's HVP on a fresh mini-batch
 * of the inner objective, {@code w = α Σ_{k=0}^{Q} Π_{j=1}^{k} (I − α H_j) b},
 * {@code b = ∇_y f(x, y)}; then {@code ∇Φ ≈ ∇_x f − H_xy g · w} with the {@code g} passed to
 * {@link #estimate} (the full objective, or a batch of the caller's choosing).
 *
 * <p>With {@code randomTruncation} (Ghadimi–Wang) a level {@code q} uniform on {0..Q} is drawn
 * and {@code w = α (Q+1) Π_{j=1}^{q} (I − α H_j) b}: q HVPs instead of Q. Both variants are
 * unbiased for the deterministic Neumann adjoint with Q terms when the batches are independent
 * and unbiased ({@code E[Π (I − αH_j)] = (I − αH)^k}); the spec marks the random-truncation form
 * [reconstructed], read here from StocBiO's {@code stocbio} routine (github.com/JunjieYang97/stocBiO).
 *
 * <p>Cost per estimate: 1 gradient of f, Q (or q) mini-batch HVPs each with its own ∇_y g graph,
 * and 1 mixed product; memory O(dim y). Stateful only in its stream: call c draws from
 * {@code Rng(seed).split(c)}, so a sequence of calls is reproducible bit for bit.
 */
public final class StochasticNeumann implements HypergradientEstimator {
    private final Bilevel.Sampler batches;
    private final int terms;
    private final double alpha;
    private final boolean randomTruncation;
    private final long seed;
    private long calls;

    /**
     * @param batches          the inner objective's mini-batch sampler (for the HVP factors)
     * @param terms            Q, the number of factors (the truncation level)
     * @param alpha            Neumann step, {@code 0 < α < 2/L}
     * @param randomTruncation draw q uniformly in {0..Q} and scale by Q+1 (fewer HVPs, more variance)
     * @param seed             the stream's seed
     */
    public StochasticNeumann(Bilevel.Sampler batches, int terms, double alpha, boolean randomTruncation, long seed) {
        if (terms < 0 || !(alpha > 0)) throw new IllegalArgumentException("StochasticNeumann: need Q ≥ 0 and α > 0, got Q=" + terms + ", α=" + alpha);
        this.batches = batches;
        this.terms = terms;
        this.alpha = alpha;
        this.randomTruncation = randomTruncation;
        this.seed = seed;
    }

    @Override
    public Hypergradient estimate(Bilevel.Objective f, Bilevel.Objective g, Tensor x, Tensor y) {
        Rng rng = new Rng(seed).split(calls++);
        Tensor[] df = Bilevel.partials(f, x, y);
        Tensor r = df[1], sum = df[1];
        int levels = randomTruncation ? rng.split("level").nextInt(terms + 1) : terms;
        Rng factors = rng.split("factors");
        for (int k = 1; k <= levels; k++) {
            Bilevel.Objective batch = batches.sample(factors.split(k));
            r = r.sub(Bilevel.hvpY(batch, x, y, r).mul(alpha));
            if (!randomTruncation) sum = sum.add(r);
        }
        Tensor w = randomTruncation ? r.mul(alpha * (terms + 1)) : sum.mul(alpha);
        Tensor grad = df[0].sub(Bilevel.mixedVjp(g, x, y, w));
        String name = "aid-neumann-stochastic(Q=" + terms + ", α=" + alpha + (randomTruncation ? ", random truncation" : "") + ")";
        return new Hypergradient(grad, y, 1 + levels + 1, levels + 1, true, Double.NaN, name);
    }
}
