package io.vecgrad.distributed.gossip;

import io.vecgrad.distributed.Message;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.RoundEngine;
import io.vecgrad.distributed.RoundMethod;
import io.vecgrad.distributed.fed.LocalSgd;
import java.util.List;

/**
 * Leader SGD (P26, Teng et al., "Leader Stochastic Gradient Descent for Distributed Training of
 * Deep Learning Models", NeurIPS 2019), in the practical communication-period form of the
 * authors' implementation ({@code CommOptimizer} / {@code DistOptimizer}, as the spec reads it):
 * one round is one step of every worker —
 * <pre>
 * x ← x − η ∇f(x; ξ);   f̂ ← a·f̂ + (1 − a)·loss            (loss estimate: EMA of minibatch losses)
 * x ← (1 − p/τ)·x + (p/τ)·center                           (local pull toward the last leader snapshot)
 * every τ steps: all-reduce f̂ (one scalar each); leader ℓ = argmin f̂ (ties: lowest index);
 *               broadcast x_ℓ; x ← (1 − c)·x + c·x_ℓ;  center ← x
 * </pre>
 * The loss estimate is the EMA of the actual minibatch losses (the spec's design note; the code
 * uses a predicted decrease). The leader's own pull is zero, so it takes plain SGD steps; with
 * p = c = 0 every worker is an independent SGD run. Single leader only (no multi-leader groups).
 *
 * <pre>{@code
 * RoundMethod lsgd = new Lsgd(0.05, 16, 0.1, 0.5, 0.9);   // η, τ, p, c, EMA decay a
 * }</pre>
 */
public final class Lsgd implements RoundMethod {
    private final double lr;
    private final int period;
    private final double localPull;
    private final double leaderPull;
    private final double emaDecay;
    private int leader;

    /** LSGD with step η, communication period τ, local pulling strength p, distributed pulling strength c and loss-EMA decay a. */
    public Lsgd(double lr, int period, double localPull, double leaderPull, double emaDecay) {
        if (!(lr > 0) || period < 1) throw new IllegalArgumentException("lsgd: need η > 0 and τ ≥ 1, got η = " + lr + ", τ = " + period);
        if (!(localPull >= 0 && localPull <= period) || !(leaderPull >= 0 && leaderPull <= 1) || !(emaDecay >= 0 && emaDecay < 1)) {
            throw new IllegalArgumentException("lsgd: need 0 ≤ p ≤ τ, 0 ≤ c ≤ 1, 0 ≤ a < 1, got p = " + localPull + ", c = " + leaderPull + ", a = " + emaDecay);
        }
        this.lr = lr;
        this.period = period;
        this.localPull = localPull;
        this.leaderPull = leaderPull;
        this.emaDecay = emaDecay;
    }

    @Override
    public String name() {
        return "lsgd";
    }

    /** The index of the current leader (0 before the first election). */
    public int leader() {
        return leader;
    }

    @Override
    public void round(RoundEngine engine, long k) {
        int[] alive = engine.participants(k);
        engine.local(k, "sgd", alive, (w, rng) -> {
            if (!w.hasState("center")) w.state("center").setInPlace(w.params());
            double loss = LocalSgd.run(w, rng, 1, lr, 0, null, null);
            double ema = w.scalar("loss-ema", Double.NaN);
            w.setScalar("loss-ema", Double.isNaN(ema) ? loss : emaDecay * ema + (1 - emaDecay) * loss);
            if (localPull > 0) w.params().scaleInPlace(1 - localPull / period).axpyInPlace(localPull / period, w.state("center"));
        });
        if ((k + 1) % period != 0) return;
        List<Message> losses = engine.gather(k, "loss", alive, (w, rng) -> ParamVector.of(w.scalar("loss-ema", Double.NaN)));
        if (losses.isEmpty()) return;
        Message best = losses.get(0);
        for (Message m : losses) if (m.payload().get(0) < best.payload().get(0)) best = m;
        leader = best.from();
        List<Message> lead = engine.gather(k, "leader", new int[] {leader}, (w, rng) -> w.params().copy());
        if (lead.isEmpty()) return;
        ParamVector x = lead.get(0).payload();
        engine.broadcast(k, "leader", alive, x, (w, xl, rng) -> {
            if (w.id() != leader && leaderPull > 0) w.params().scaleInPlace(1 - leaderPull).axpyInPlace(leaderPull, xl);
            w.state("center").setInPlace(w.params());
        });
    }

    /** The leader's model. */
    @Override
    public ParamVector model(RoundEngine engine) {
        return engine.snapshot().get(leader);
    }
}
