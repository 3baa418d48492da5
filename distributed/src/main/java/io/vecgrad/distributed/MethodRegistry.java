package io.vecgrad.distributed;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one list of distributed and federated methods, aggregators, attacks and engines, with the
 * seed-paper IDs they implement, a one-line description and the Java entry point a user calls.
 * {@code vecgrad list distributed} prints it. Entry points are text ({@code "Class#method"}) so
 * this catalog imports no method package; a test resolves each by reflection.
 *
 * <p>Adding a method is one {@link #register} line in the static block below (append at the end
 * of your group so parallel branches merge cleanly).
 *
 * <pre>{@code
 * for (MethodRegistry.Entry e : MethodRegistry.all()) System.out.println(e.name() + "  " + e.doc());
 * MethodRegistry.Entry pga = MethodRegistry.get("gossip-pga");
 * }</pre>
 */
public final class MethodRegistry {
    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    /**
     * One method.
     *
     * @param name lower-case listing name, e.g. {@code gossip-pga}
     * @param family {@code federated}, {@code decentralized}, {@code robust}, {@code compressed}, {@code aggregator}, {@code attack}, {@code engine}, {@code topology}
     * @param papers seed-paper IDs ({@code "P14"}) or {@code "baseline"}
     * @param doc one line: what it does
     * @param entryPoint fully qualified class, optionally {@code #method}, that a user calls
     */
    public record Entry(String name, String family, String papers, String doc, String entryPoint) {
        public Entry {
            if (!name.matches("[a-z0-9][a-z0-9._+-]*")) {
                throw new IllegalArgumentException("MethodRegistry: name must be lower-case letters, digits, '.', '_', '+' or '-': " + name);
            }
        }

        /** The class part of {@link #entryPoint()}. */
        public String className() {
            int hash = entryPoint.indexOf('#');
            return hash < 0 ? entryPoint : entryPoint.substring(0, hash);
        }

        /** The method part of {@link #entryPoint()}, or empty when it names a class. */
        public String methodName() {
            int hash = entryPoint.indexOf('#');
            return hash < 0 ? "" : entryPoint.substring(hash + 1);
        }
    }

    static {
        String fed = "io.vecgrad.distributed.fed.";
        register("fedavg", "federated", "baseline", "FedAvg: client sampling, K local SGD steps, server averages the returned models", fed + "FedAvg#fedAvg");
        register("fedprox", "federated", "baseline", "FedProx: FedAvg with the proximal term (mu/2)|x - x_global|^2 in the local objective", fed + "FedAvg#fedProx");
        register("local-sgd", "federated", "baseline", "local SGD: every worker takes H steps, then the models are averaged", fed + "FedAvg#localSgd");
        register("minibatch-sgd", "federated", "baseline", "all-reduce (minibatch) SGD: one step per worker, then averaging", fed + "FedAvg#minibatchSgd");
        register("scaffold", "federated", "baseline", "SCAFFOLD: control variates c - c_i correct client drift (option II)", fed + "Scaffold");
        register("perturbed-fedsgd", "federated", "P07", "perturbed federated SGD: L sampled agents, unbiased combination, optional isotropic perturbation", fed + "PerturbedFedSgd");
        register("sign-majority-vote", "compressed", "P13", "signSGD with majority vote: 1 bit per coordinate up, server steps by sign of the vote", fed + "MajorityVote#signs");
        register("sto-sign-majority-vote", "compressed", "P13", "stochastic-sign SGD (B = |g|_inf) with majority vote, optional server error feedback",
                fed + "MajorityVote#stochasticSigns");
        String gossip = "io.vecgrad.distributed.gossip.";
        register("gossip-sgd", "decentralized", "baseline", "gossip (diffusion) SGD: local step, then mixing with neighbours through W", gossip + "GossipPga#gossip");
        register("gossip-pga", "decentralized", "P14", "Gossip-PGA: gossip SGD with an exact global average every H iterations", gossip + "GossipPga#pga");
        register("perturbed-diffusion", "decentralized", "P07", "diffusion SGD with an isotropic perturbation after each local step (saddle escape)",
                gossip + "GossipPga#perturbedDiffusion");
        register("lsgd", "decentralized", "P26", "Leader SGD: local steps pulled toward the best worker's model every tau steps", gossip + "Lsgd");
        String robust = "io.vecgrad.distributed.robust.";
        register("monna", "robust", "P60", "MoNNA: worker momentum, broadcast, nearest-neighbour averaging against f Byzantine peers", robust + "Monna");
        register("coordinate-median", "aggregator", "baseline", "coordinate-wise median", robust + "Aggregators#coordinateMedian");
        register("trimmed-mean", "aggregator", "baseline", "coordinate-wise trimmed mean (CWTM): drop f largest and f smallest per coordinate", robust + "Aggregators#trimmedMean");
        register("krum", "aggregator", "baseline", "Krum: the input with the smallest summed distance to its n - f - 2 nearest", robust + "Aggregators#krum");
        register("geometric-median", "aggregator", "baseline", "geometric median by Weiszfeld's iteration", robust + "Aggregators#geometricMedian");
        register("nna", "aggregator", "P60", "nearest-neighbour averaging: mean of the |R| - f inputs closest to the node's own", robust + "Aggregators#nna");
        register("majority-vote", "aggregator", "P13", "sign of the sum of the inputs, ties 0", robust + "Aggregators#majorityVote");
        register("sign-flip", "attack", "baseline", "Byzantine: -mean(honest) (the MoNNA repository's sign flipping)", robust + "Attacks#signFlip");
        register("alie", "attack", "baseline", "Byzantine: a little is enough, mean - z*std of the honest vectors", robust + "Attacks#alie");
        register("ipm", "attack", "baseline", "Byzantine: inner-product manipulation / fall of empires, -eps*mean(honest)", robust + "Attacks#ipm");
        String sim = "io.vecgrad.distributed.sim.";
        register("sync-simulator", "engine", "baseline", "bulk-synchronous rounds in one JVM: parallel local work, combination in worker order", sim + "SyncSimulator#builder");
        register("event-engine", "engine", "baseline", "virtual-clock discrete-event engine: Poisson clocks, link latencies, drops, crashes", sim + "EventEngine");
        String core = "io.vecgrad.distributed.";
        register("topology-ring", "topology", "P14", "ring with Metropolis weights 1/3 (validated symmetric, doubly stochastic; spectral gap)", core + "Topology#ring");
        register("topology-torus", "topology", "baseline", "rows x cols torus, 4 neighbours, Metropolis weights", core + "Topology#torus");
        register("topology-exponential", "topology", "P14", "static exponential graph i ~ i +/- 2^m, Metropolis weights", core + "Topology#exponential");
        register("topology-erdos-renyi", "topology", "baseline", "connected Erdos-Renyi G(n, p), Metropolis weights", core + "Topology#erdosRenyi");
        register("topology-complete", "topology", "baseline", "complete graph, W = 11^T/n exactly (gossip = all-reduce, bitwise)", core + "Topology#complete");
        register("topology-random-edge", "topology", "baseline", "time-varying: one random edge averages per round (pairwise gossip)", core + "TopologySchedule#randomEdge");
    }

    private MethodRegistry() {}

    /** Adds an entry; names are unique. */
    static void register(String name, String family, String papers, String doc, String entryPoint) {
        if (ENTRIES.putIfAbsent(name, new Entry(name, family, papers, doc, entryPoint)) != null) {
            throw new IllegalStateException("MethodRegistry: duplicate method name " + name);
        }
    }

    /** Every entry, in registration order. */
    public static List<Entry> all() {
        return Collections.unmodifiableList(new ArrayList<>(ENTRIES.values()));
    }

    /** The entry {@code name}; IllegalArgumentException listing the names when unknown. */
    public static Entry get(String name) {
        Entry e = ENTRIES.get(name);
        if (e == null) throw new IllegalArgumentException("unknown distributed method '" + name + "'; known: " + String.join(", ", ENTRIES.keySet()));
        return e;
    }
}
