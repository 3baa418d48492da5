package io.vecgrad.distributed;

/**
 * A bulk-synchronous distributed method written against {@link RoundEngine}: FedAvg, SCAFFOLD,
 * Gossip-PGA, LSGD, MoNNA, signSGD with majority vote. Server state lives in the method object;
 * worker state lives in {@link Worker#state}.
 *
 * <pre>{@code
 * RoundMethod m = new FedAvg(Aggregator.mean(), 5, 0.1);
 * try (SyncSimulator sim = SyncSimulator.builder(workers).seed(1).build()) {
 *     History h = Simulation.run(m, sim, 100, 10, testLoss);
 * }
 * }</pre>
 */
public interface RoundMethod {
    /** The name shown in tables. */
    String name();

    /** Called once before round 0. */
    default void setUp(RoundEngine engine) {}

    /** Runs round {@code round}. */
    void round(RoundEngine engine, long round);

    /** The model the method reports (the server model, or the workers' average for decentralized methods). */
    ParamVector model(RoundEngine engine);
}
