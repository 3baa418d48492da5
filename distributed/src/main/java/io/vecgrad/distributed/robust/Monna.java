package io.vecgrad.distributed.robust;

import io.vecgrad.distributed.Aggregator;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.RoundEngine;
import io.vecgrad.distributed.RoundMethod;
import io.vecgrad.distributed.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * MoNNA (P60, Farhadkhani et al., "Robust Collaborative Learning with Linear Gradient Overhead",
 * ICML 2023), per LPD-EPFL/robust-collaborative-learning's {@code peerToPeer.py}: peer-to-peer
 * learning with f Byzantine nodes and no server. Honest node i, step t:
 * <pre>
 * g = clip_C(∇ℓ(x_i; ξ));   m_i = β m_i + (1 − β) g;   x_i½ = x_i − γ_t m_i
 * broadcast x_i½ to every node; R_i = what arrived (own included; Byzantine ones forged)
 * x_i = Agg(x_i½; R_i)      (NNA_f: mean of the |R_i| − f closest to x_i½)
 * </pre>
 * with γ_t = γ/(t'/T + 1), t' = t rounded down to a multiple of the decay delta (the code's
 * {@code compute_new_learning_rate}). This simulator version is the paper's synchronous statement:
 * every node receives all n vectors (the code samples n − 2f honest ones) [reconstructed keep-count].
 * The Byzantine nodes are those named here; their messages are forged by the engine's
 * {@code Channels.byzantine} chain, and the model reported is the honest nodes' average.
 * With β = 0 it is the NNA baseline; with {@link Aggregator#mean()} it is D-SGD; other robust
 * rules (trimmed mean, geometric median) give the paper's baselines.
 *
 * <pre>{@code
 * Set<Integer> byz = Set.of(0, 1, 2);
 * RoundMethod monna = new Monna(byz, Aggregators.nna(3), 0.5, 0.99, 2.0, 50, 50);
 * SyncSimulator sim = SyncSimulator.builder(workers).encode(Channels.byzantine(byz, Attacks.alie())).build();
 * }</pre>
 */
public final class Monna implements RoundMethod {
    private final Set<Integer> byzantine;
    private final Aggregator aggregator;
    private final double lr;
    private final double beta;
    private final double clip;
    private final int decay;
    private final int decayDelta;

    /**
     * MoNNA with the Byzantine node set, the aggregation rule, initial lr γ, momentum β, gradient
     * clip C (≤ 0: none), lr half-decay time T (≤ 0: constant) and the decay update delta.
     */
    public Monna(Set<Integer> byzantine, Aggregator aggregator, double lr, double beta, double clip, int decay, int decayDelta) {
        if (!(lr > 0) || !(beta >= 0 && beta < 1) || decayDelta < 1) {
            throw new IllegalArgumentException("monna: need γ > 0, 0 ≤ β < 1, decay delta ≥ 1, got γ = " + lr + ", β = " + beta + ", delta = " + decayDelta);
        }
        this.byzantine = Set.copyOf(new TreeSet<>(byzantine));
        this.aggregator = aggregator;
        this.lr = lr;
        this.beta = beta;
        this.clip = clip;
        this.decay = decay;
        this.decayDelta = decayDelta;
    }

    @Override
    public String name() {
        return "monna+" + aggregator.name();
    }

    /** γ_t. */
    public double learningRate(long t) {
        if (decay <= 0) return lr;
        long tt = (t / decayDelta) * decayDelta;
        return lr / ((double) tt / decay + 1);
    }

    @Override
    public void round(RoundEngine engine, long t) {
        int[] alive = engine.participants(t);
        double gamma = learningRate(t);
        engine.local(t, "momentum-step", alive, (w, rng) -> {
            if (byzantine.contains(w.id())) return;
            ParamVector g = w.state("grad");
            w.problem().gradient(w.params(), rng, g);
            w.countGradients(1);
            double norm = g.norm();
            if (clip > 0 && norm > clip) g.scaleInPlace(clip / norm);
            ParamVector m = w.state("momentum");
            m.scaleInPlace(beta).axpyInPlace(1 - beta, g);
            w.params().axpyInPlace(-gamma, m);
        });
        Topology all = Topology.complete(engine.workers());
        engine.exchange(t, "models", all, (w, rng) -> w.params().copy(), (w, inbox, rng) -> {
            if (byzantine.contains(w.id())) return;
            List<ParamVector> received = new ArrayList<>(inbox.size() + 1);
            boolean ownAdded = false;
            for (var msg : inbox) {
                if (!ownAdded && msg.from() > w.id()) {
                    received.add(w.params());
                    ownAdded = true;
                }
                received.add(msg.payload());
            }
            if (!ownAdded) received.add(w.params());
            w.params().setInPlace(aggregator.aggregate(w.params(), received));
        });
    }

    /** The average of the honest nodes' models. */
    @Override
    public ParamVector model(RoundEngine engine) {
        List<ParamVector> all = engine.snapshot();
        List<ParamVector> honest = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) if (!byzantine.contains(i)) honest.add(all.get(i));
        return ParamVector.mean(honest);
    }

    /** The honest nodes' models (for the consensus distance among honest nodes). */
    public List<ParamVector> honestModels(RoundEngine engine) {
        List<ParamVector> all = engine.snapshot();
        List<ParamVector> honest = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) if (!byzantine.contains(i)) honest.add(all.get(i));
        return honest;
    }
}
