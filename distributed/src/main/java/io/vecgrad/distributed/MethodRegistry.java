package io.vecgrad.distributed;

import io.vecgrad.optim.zoo.Catalog;
import io.vecgrad.optim.zoo.SolverRegistry;
import java.util.List;

/**
 * The one list of distributed and federated methods, aggregators, attacks and engines, with the
 * seed-paper IDs they implement, a one-line description and the Java entry point a user calls.
 * {@code vecgrad list distributed} prints it. Entry points are text ({@code "Class#method"}) so
 * this catalog imports no method package; a test resolves each by reflection. The listing and
 * lookups are optim's {@link Catalog} (the one behind {@code SolverRegistry} and
 * {@code SamplerRegistry}); its entries are {@link SolverRegistry.Entry} rows.
 *
 * <p>Adding a method is one {@link #register} line in the static block below (append at the end
 * of your group so parallel branches merge cleanly).
 *
 * <pre>{@code
 * for (SolverRegistry.Entry e : MethodRegistry.entries()) System.out.println(e.name() + "  " + e.doc());
 * SolverRegistry.Entry pga = MethodRegistry.entry("gossip-pga");
 * }</pre>
 */
public final class MethodRegistry {
    private static final Catalog ENTRIES = new Catalog("MethodRegistry", "distributed method");

    /**
     * One method (the row type before the registry moved onto {@link Catalog}).
     *
     * @param name lower-case listing name, e.g. {@code gossip-pga}
     * @param family {@code federated}, {@code decentralized}, {@code robust}, {@code compressed}, {@code aggregator}, {@code attack}, {@code engine}, {@code topology}
     * @param papers seed-paper IDs ({@code "P14"}) or {@code "baseline"}
     * @param doc one line: what it does
     * @param entryPoint fully qualified class, optionally {@code #method}, that a user calls
     * @deprecated use {@link #entries()} and {@link #entry(String)}, which return {@link SolverRegistry.Entry} rows
     */
    @Deprecated
    public record Entry(String name, String family, String papers, String doc, String entryPoint) {
        public Entry {
            if (!name.matches("[a-z0-9][a-z0-9._+-]*")) {
                throw new IllegalArgumentException("MethodRegistry: name must be lower-case letters, digits, '.', '_', '+' or '-': " + name);
            }
        }

        private static Entry of(SolverRegistry.Entry e) {
            return new Entry(e.name(), e.family(), e.papers(), e.doc(), e.entryPoint());
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
        register("lsgd-multi-leader", "decentralized", "P26", "multi-leader LSGD: pulls toward the group's leader and the global leader", gossip + "Lsgd#multiLeader");
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
        String async = "io.vecgrad.distributed.async.AsyncFederated$Config#";
        register("fedavg-timed", "federated", "P38", "synchronous FedAvg in virtual time: the server waits for all M clients (client times from ClientTimes)", async + "sync");
        register("async-fedavg", "federated", "P38", "asynchronous FedAvg: aggregate at every arrival, naive or unbiased (sum 1/tau_j)*tau_i*p_i weights", async + "async");
        register("fedbuff", "federated", "P38", "FedBuff: aggregate once c updates are buffered, naive 1/c or unbiased p_i/f_i weights", async + "fedBuff");
        register("fedfix", "federated", "P38", "FedFix: aggregate every dt with whatever arrived, unbiased ceil(tau_i/dt)*p_i weights", async + "fedFix");
        register("admm-fl", "federated", "P37", "consensus ADMM for federated weighted least squares with noisy links and random scheduling",
                "io.vecgrad.distributed.admm.AdmmMethod");
        register("admm-fl-dual-free", "federated", "P37", "dual-free (Douglas-Rachford) ADMM FL: one noisy global model per round, optional continual local updates",
                "io.vecgrad.distributed.admm.AdmmMethod");
        register("dadao", "decentralized", "P46", "DADAO: decoupled Poisson gradient and gossip events with an exact ODE flow between them",
                "io.vecgrad.distributed.dadao.Dadao");
        register("curriculum-fedavg", "federated", "P47", "FedAvg with curriculum / anti-curriculum / random example orderings, pacing and ordered client selection",
                "io.vecgrad.distributed.curriculum.CurriculumFedAvg");
        register("gradient-coding", "coded", "P57", "gradient descent with a gradient code (fractional / cyclic repetition): exact full gradient from any n - s workers",
                "io.vecgrad.distributed.coding.CodedGradientDescent");
        register("sr-sgc", "coded", "P57", "sequential gradient coding with selective reattempts under (B, W, lambda)-bursty stragglers",
                "io.vecgrad.distributed.coding.SelectiveRepeatSgc#run");
    }

    private MethodRegistry() {}

    /** Adds an entry; names are unique. */
    static void register(String name, String family, String papers, String doc, String entryPoint) {
        ENTRIES.add(name, family, papers, doc, entryPoint);
    }

    /** Every entry, in registration order. */
    public static List<SolverRegistry.Entry> entries() {
        return ENTRIES.all();
    }

    /** The entry {@code name}; IllegalArgumentException listing the names when unknown. */
    public static SolverRegistry.Entry entry(String name) {
        return ENTRIES.get(name);
    }

    /**
     * Every entry, in registration order.
     *
     * @deprecated use {@link #entries()}
     */
    @Deprecated
    public static List<Entry> all() {
        return ENTRIES.all().stream().map(Entry::of).toList();
    }

    /**
     * The entry {@code name}; IllegalArgumentException listing the names when unknown.
     *
     * @deprecated use {@link #entry(String)}
     */
    @Deprecated
    public static Entry get(String name) {
        return Entry.of(ENTRIES.get(name));
    }
}
