package io.vecgrad.distributed.zoo;

import io.vecgrad.distributed.MethodRegistry;
import io.vecgrad.distributed.RoundMethod;
import io.vecgrad.distributed.Topology;
import io.vecgrad.distributed.TopologySchedule;
import io.vecgrad.distributed.fed.FedAvg;
import io.vecgrad.distributed.fed.MajorityVote;
import io.vecgrad.distributed.fed.PerturbedFedSgd;
import io.vecgrad.distributed.fed.Scaffold;
import io.vecgrad.distributed.gossip.GossipPga;
import io.vecgrad.distributed.gossip.Lsgd;
import io.vecgrad.distributed.robust.Aggregators;
import io.vecgrad.distributed.robust.Monna;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Every synchronous method of {@link MethodRegistry} built by name with default
 * hyper-parameters for n workers, so a command line ({@code vecgrad cluster --method NAME}) can run
 * any of them. Defaults: learning rate 0.1 (sign methods 0.01), K = 5 local steps, full
 * participation, ring topology for the decentralized methods, H = 8 for Gossip-PGA, LSGD with the
 * authors' pulling strengths 0.1 and τ = 16, MoNNA without Byzantine nodes (f = 0). This class sits
 * in its own package because it imports every method package (the catalog itself imports none).
 *
 * <pre>{@code
 * RoundMethod m = MethodFactories.create("gossip-pga", 8);
 * for (String name : MethodFactories.names()) System.out.println(name);
 * }</pre>
 */
public final class MethodFactories {
    private static final Map<String, IntFunction<RoundMethod>> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put("fedavg", n -> FedAvg.fedAvg(5, 0.1, 1.0));
        FACTORIES.put("fedprox", n -> FedAvg.fedProx(5, 0.1, 1.0, 0.01));
        FACTORIES.put("local-sgd", n -> FedAvg.localSgd(5, 0.1));
        FACTORIES.put("minibatch-sgd", n -> FedAvg.minibatchSgd(0.1));
        FACTORIES.put("scaffold", n -> new Scaffold(5, 0.1, 1.0, 1.0));
        FACTORIES.put("perturbed-fedsgd", n -> new PerturbedFedSgd(0.1, Math.max(1, n / 2), 1e-3));
        FACTORIES.put("sign-majority-vote", n -> MajorityVote.signs(0.01));
        FACTORIES.put("sto-sign-majority-vote", n -> MajorityVote.stochasticSigns(0.01).withErrorFeedback());
        FACTORIES.put("gossip-sgd", n -> GossipPga.gossip(TopologySchedule.fixed(Topology.ring(n)), 0.1));
        FACTORIES.put("gossip-pga", n -> GossipPga.pga(TopologySchedule.fixed(Topology.ring(n)), 0.1, 8));
        FACTORIES.put("perturbed-diffusion", n -> GossipPga.perturbedDiffusion(TopologySchedule.fixed(Topology.ring(n)), 0.1, 1e-3));
        FACTORIES.put("lsgd", n -> new Lsgd(0.1, 16, 0.1, 0.1, 0.9));
        FACTORIES.put("monna", n -> new Monna(Set.of(), Aggregators.nna(0), 0.1, 0.9, 0, 0, 1));
    }

    private MethodFactories() {}

    /** The names that {@link #create} knows, in registry order. */
    public static java.util.List<String> names() {
        return java.util.List.copyOf(FACTORIES.keySet());
    }

    /** A fresh method {@code name} with default hyper-parameters for {@code workers} workers. */
    public static RoundMethod create(String name, int workers) {
        IntFunction<RoundMethod> f = FACTORIES.get(name);
        if (f == null) {
            throw new IllegalArgumentException("MethodFactories.create: no synchronous method '" + name + "'; known: " + String.join(", ", FACTORIES.keySet()));
        }
        if (workers < 1) throw new IllegalArgumentException("MethodFactories.create(" + name + "): need ≥ 1 worker, got " + workers);
        return f.apply(workers);
    }
}
