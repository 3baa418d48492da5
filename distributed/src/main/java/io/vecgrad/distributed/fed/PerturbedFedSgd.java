package io.vecgrad.distributed.fed;

import io.vecgrad.distributed.Message;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.RoundEngine;
import io.vecgrad.distributed.RoundMethod;
import io.vecgrad.distributed.ServerCheckpoint;
import io.vecgrad.tensor.random.Rng;
import java.util.List;

/**
 * Perturbed federated SGD (P07: Vlaski, Rizk and Sayed, "Second-Order Guarantees in Federated
 * Learning", arXiv:2012.01474), the algorithm class of the paper as the spec reconstructs it: each
 * iteration the server samples L of the K agents uniformly, each sampled agent returns a
 * stochastic gradient at the current model, and the server takes the unbiased step
 * <pre>
 * w_i = w_{i−1} − μ·(1/L)·Σ_{k ∈ ℒ_i} (K p_k)·∇̂J_k(w_{i−1}) + v_i,    v_i ~ N(0, σ_v² I)
 * </pre>
 * (uniform p_k = 1/K by default; the perturbation is drawn from the server's stream). With L = K
 * and uniform p it is the centralized minibatch-SGD step; σ_v &gt; 0 guarantees energy along
 * negative-curvature directions, so iterates leave strict saddles.
 *
 * <pre>{@code
 * RoundMethod pfl = new PerturbedFedSgd(0.01, 4, 0.001);   // μ, L sampled agents, σ_v
 * }</pre>
 */
public final class PerturbedFedSgd implements RoundMethod, ServerCheckpoint {
    private final double mu;
    private final int sampled;
    private final double sigma;
    private final double[] weights;
    private ParamVector w;

    /** Uniform agent weights p_k = 1/K. */
    public PerturbedFedSgd(double mu, int sampled, double sigma) {
        this(mu, sampled, sigma, null);
    }

    /** Agent weights p_k (summing to 1), or null for uniform. */
    public PerturbedFedSgd(double mu, int sampled, double sigma, double[] weights) {
        if (!(mu > 0) || sampled < 1 || !(sigma >= 0)) {
            throw new IllegalArgumentException("perturbed-fedsgd: need μ > 0, L ≥ 1, σ_v ≥ 0, got μ = " + mu + ", L = " + sampled + ", σ_v = " + sigma);
        }
        if (weights != null) {
            double s = 0;
            for (double p : weights) s += p;
            if (Math.abs(s - 1) > 1e-9) throw new IllegalArgumentException("perturbed-fedsgd: agent weights sum to " + s + ", not 1");
        }
        this.mu = mu;
        this.sampled = sampled;
        this.sigma = sigma;
        this.weights = weights == null ? null : weights.clone();
    }

    @Override
    public String name() {
        return "perturbed-fedsgd";
    }

    @Override
    public void setUp(RoundEngine engine) {
        if (weights != null && weights.length != engine.workers()) {
            throw new IllegalArgumentException("perturbed-fedsgd: " + weights.length + " agent weights for " + engine.workers() + " workers");
        }
        w = engine.snapshot().get(0);
    }

    @Override
    public void round(RoundEngine engine, long i) {
        int[] who = Participation.sampleCount(engine, i, sampled);
        engine.broadcast(i, "model", who, w, (wk, x, rng) -> wk.params().setInPlace(x));
        List<Message> grads = engine.gather(i, "gradient", who, (wk, rng) -> {
            ParamVector g = ParamVector.zeros(wk.params().dim());
            wk.problem().gradient(wk.params(), rng, g);
            wk.countGradients(1);
            return g;
        });
        ParamVector next = w.copy();
        for (Message m : grads) {
            double scale = weights == null ? 1 : engine.workers() * weights[m.from()];
            next.axpyInPlace(-mu * scale / grads.size(), m.payload());
        }
        if (sigma > 0) {
            Rng rng = engine.streams().stream("perturbation", Message.SERVER, i);
            double[] v = next.data();
            for (int j = 0; j < v.length; j++) v[j] += sigma * rng.nextGaussian();
        }
        w = next;
    }

    @Override
    public ParamVector model(RoundEngine engine) {
        return w;
    }

    /** The server state: the model w. */
    @Override
    public List<ParamVector> saveServerState() {
        return ServerCheckpoint.copies(w);
    }

    @Override
    public void restoreServerState(List<ParamVector> state) {
        List<ParamVector> s = ServerCheckpoint.checked(name(), state, w);
        w = s.get(0);
    }
}
