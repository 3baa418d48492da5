package io.vecgrad.distributed;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Runs a {@link RoundMethod} for a number of rounds on any {@link RoundEngine} and records the
 * metric at the method's model, the consensus distance, bytes and gradient counts every
 * {@code evalEvery} rounds (and after the last round).
 *
 * <pre>{@code
 * History h = Simulation.run(new FedAvg(Aggregator.mean(), 5, 0.1), sim, 100, 10, x -> test.loss(x));
 * }</pre>
 */
public final class Simulation {
    private Simulation() {}

    /** Sets the method up, runs {@code rounds} rounds and returns the history. */
    public static History run(RoundMethod method, RoundEngine engine, long rounds, long evalEvery, ToDoubleFunction<ParamVector> metric) {
        if (rounds < 0) throw new IllegalArgumentException("Simulation.run: rounds must be ≥ 0, got " + rounds);
        if (evalEvery < 1) throw new IllegalArgumentException("Simulation.run: evalEvery must be ≥ 1, got " + evalEvery);
        History h = new History(method.name());
        method.setUp(engine);
        record(h, 0, method, engine, metric);
        for (long r = 0; r < rounds; r++) {
            method.round(engine, r);
            if ((r + 1) % evalEvery == 0 || r + 1 == rounds) record(h, r + 1, method, engine, metric);
        }
        return h;
    }

    private static void record(History h, long round, RoundMethod method, RoundEngine engine, ToDoubleFunction<ParamVector> metric) {
        List<ParamVector> models = engine.snapshot();
        double consensus = models.isEmpty() ? 0 : ParamVector.consensusDistance(models);
        h.add(new History.Record(round, metric.applyAsDouble(method.model(engine)), consensus, engine.bytes().totalBytes(), engine.gradients()));
    }
}
