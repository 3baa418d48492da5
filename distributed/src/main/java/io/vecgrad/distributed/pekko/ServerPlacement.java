package io.vecgrad.distributed.pekko;

import java.util.Locale;
import java.util.Set;

/**
 * Where the server step of a server-based method runs on a Pekko cluster.
 * <ul>
 *   <li>{@link #SINGLETON}: one server, a Pekko Cluster Singleton ({@link SingletonServer}) on the
 *       oldest node; workers upload through the singleton proxy and receive the new model back:
 *       n uplink and n downlink vectors per gather/broadcast pair. The default where a method has
 *       a server ({@link #defaultFor}).</li>
 *   <li>{@link #REPLICATED}: every node runs the server step on an all-gather of the payloads
 *       ({@link PekkoRoundEngine}): n(n−1) vectors per gather, no single point of failure; the only
 *       choice for peer-to-peer methods (gossip, MoNNA, LSGD), which have no server.</li>
 * </ul>
 * Both give models bit-identical to the simulator's.
 *
 * <pre>{@code
 * ServerPlacement p = ServerPlacement.defaultFor("fedavg");       // SINGLETON
 * ServerPlacement q = ServerPlacement.parse("replicated");        // REPLICATED
 * }</pre>
 */
public enum ServerPlacement {
    /** The server step replicated on every node over an all-gather. */
    REPLICATED,
    /** The server step on one Cluster Singleton. */
    SINGLETON;

    /**
     * The methods (names of {@code vecgrad list distributed} and {@code vecgrad cluster --method}) that
     * have a server and whose worker code takes server state only from broadcasts, so the server step
     * can run on one node: FedAvg and its family, SCAFFOLD, perturbed FedSGD, majority vote.
     */
    public static final Set<String> SERVER_METHODS = Set.of("fedavg", "fedprox", "local-sgd", "minibatch-sgd",
            "scaffold", "perturbed-fedsgd", "sign-majority-vote", "sto-sign-majority-vote");

    /** SINGLETON for a method of {@link #SERVER_METHODS}, REPLICATED otherwise. */
    public static ServerPlacement defaultFor(String method) {
        return SERVER_METHODS.contains(method) ? SINGLETON : REPLICATED;
    }

    /**
     * Checks that {@code method} can run with this placement.
     *
     * @throws IllegalArgumentException for SINGLETON with a method that has no server
     */
    public void check(String method) {
        if (this == SINGLETON && !SERVER_METHODS.contains(method)) {
            throw new IllegalArgumentException("server placement singleton: method '" + method
                    + "' has no server step that can run on one node (peer-to-peer or not listed); use replicated."
                    + " Singleton methods: " + new java.util.TreeSet<>(SERVER_METHODS));
        }
    }

    /**
     * The placement named {@code s} ("replicated" or "singleton", any case).
     *
     * @throws IllegalArgumentException naming the value otherwise
     */
    public static ServerPlacement parse(String s) {
        for (ServerPlacement p : values()) {
            if (p.name().equalsIgnoreCase(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("server placement: '" + s + "' is not one of replicated, singleton");
    }

    /** The lower-case name used on the command line. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
