package io.vecgrad.distributed.gossip;

import io.vecgrad.distributed.Message;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.RoundEngine;
import io.vecgrad.distributed.RoundMethod;
import io.vecgrad.distributed.TopologySchedule;
import io.vecgrad.distributed.fed.LocalSgd;
import java.util.List;

/**
 * Gossip SGD with periodic global averaging (P14, Chen et al., "Accelerating Gossip SGD with
 * Periodic Global Averaging", ICML 2021, arXiv:2105.09080), which also covers plain gossip /
 * diffusion SGD (H = 0: never average globally) and the perturbed diffusion strategy of P07
 * (Vlaski, Rizk and Sayed, arXiv:2012.01474 and arXiv:1907.01849: adapt, perturb, combine). One
 * round is one iteration k:
 * <pre>
 * x_i^{k+½} = x_i^k − γ ∇F_i(x_i^k; ξ_i^k) [+ v_i, v_i ~ N(0, σ² I)]
 * if H &gt; 0 and (k+1) mod H == 0:  x_i^{k+1} = (1/n) Σ_j x_j^{k+½}     (all-reduce: gather + broadcast)
 * else:                            x_i^{k+1} = Σ_j W_ij x_j^{k+½}      (gossip with neighbours of W_k)
 * </pre>
 * Right after a global average every x_i is bitwise the same; with W = 11ᵀ/n or H = 1 the run is
 * all-reduce (minibatch) SGD. A dropped gossip message leaves its weight on the receiver.
 *
 * <pre>{@code
 * RoundMethod pga = GossipPga.pga(TopologySchedule.fixed(Topology.ring(16)), 0.05, 8);
 * RoundMethod gossip = GossipPga.gossip(TopologySchedule.fixed(Topology.ring(16)), 0.05);
 * RoundMethod diffusion = GossipPga.perturbedDiffusion(TopologySchedule.fixed(Topology.ring(8)), 0.01, 0.001);
 * }</pre>
 */
public final class GossipPga implements RoundMethod {
    private final String name;
    private final TopologySchedule topology;
    private final double lr;
    private final int period;
    private final double sigma;

    private GossipPga(String name, TopologySchedule topology, double lr, int period, double sigma) {
        if (!(lr > 0)) throw new IllegalArgumentException(name + ": learning rate must be positive, got " + lr);
        if (period < 0) throw new IllegalArgumentException(name + ": period H must be ≥ 0, got " + period);
        if (!(sigma >= 0)) throw new IllegalArgumentException(name + ": perturbation σ must be ≥ 0, got " + sigma);
        this.name = name;
        this.topology = topology;
        this.lr = lr;
        this.period = period;
        this.sigma = sigma;
    }

    /** Gossip-PGA: gossip every step, exact average every H steps. */
    public static GossipPga pga(TopologySchedule w, double lr, int period) {
        if (period < 1) throw new IllegalArgumentException("gossip-pga: period H must be ≥ 1, got " + period);
        return new GossipPga("gossip-pga", w, lr, period, 0);
    }

    /** Gossip (decentralized, diffusion) SGD: gossip every step, never a global average. */
    public static GossipPga gossip(TopologySchedule w, double lr) {
        return new GossipPga("gossip-sgd", w, lr, 0, 0);
    }

    /** P07's perturbed diffusion SGD: gossip SGD with an isotropic N(0, σ²I) perturbation after each local step. */
    public static GossipPga perturbedDiffusion(TopologySchedule w, double lr, double sigma) {
        return new GossipPga("perturbed-diffusion", w, lr, 0, sigma);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void round(RoundEngine engine, long k) {
        int[] alive = engine.participants(k);
        engine.local(k, "sgd", alive, (w, rng) -> {
            LocalSgd.run(w, rng, 1, lr, 0, null, null);
            if (sigma > 0) {
                double[] x = w.params().data();
                io.vecgrad.tensor.random.Rng noise = rng.split("perturbation");
                for (int j = 0; j < x.length; j++) x[j] += sigma * noise.nextGaussian();
            }
        });
        if (period > 0 && (k + 1) % period == 0) {
            List<Message> up = engine.gather(k, "all-reduce", alive, (w, rng) -> w.params().copy());
            ParamVector avg = ParamVector.mean(up.stream().map(Message::payload).toList());
            engine.broadcast(k, "all-reduce", alive, avg, (w, x, rng) -> w.params().setInPlace(x));
        } else {
            engine.exchange(k, "gossip", topology.at(k), (w, rng) -> w.params().copy(),
                    (w, inbox, rng) -> w.params().setInPlace(topology.at(k).mixAt(w.id(), w.params(), inbox)));
        }
    }

    /** The average of the workers' models. */
    @Override
    public ParamVector model(RoundEngine engine) {
        return ParamVector.mean(engine.snapshot());
    }
}
