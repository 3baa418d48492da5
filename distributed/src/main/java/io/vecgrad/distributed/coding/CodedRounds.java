package io.vecgrad.distributed.coding;

import io.vecgrad.distributed.Latency;
import io.vecgrad.distributed.Message;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.sim.EventEngine;

import java.util.ArrayList;
import java.util.List;

/**
 * Rounds of coded gradient computation on the core's virtual-clock {@link EventEngine}: at the
 * start of a round every worker computes its coded vector, taking (s+1) draws of
 * {@code perPartition} (one per partition it holds), and sends it to the master; the master
 * decodes as soon as n − s distinct workers have arrived and the round ends there. Messages
 * that arrive after their round ended (stragglers) are discarded. With s = 0 (the identity code)
 * this is uncoded computation, which waits for every worker.
 *
 * <pre>{@code
 * CodedRounds rounds = new CodedRounds(GradientCode.cyclic(10, 2, new Rng(1)), Latency.exponential(0.1), 7);
 * double[] g = rounds.round(partialGradients);   // exact Σ_j g_j
 * double t = rounds.lastRoundTime();
 * }</pre>
 */
public final class CodedRounds {
    private final GradientCode code;
    private final Latency perPartition;
    private final EventEngine engine;
    private final List<Message> inbox = new ArrayList<>();
    private long round = -1;
    private double lastRoundTime;
    private long discarded;

    /** Rounds of {@code code} where computing one partial gradient takes a draw of {@code perPartition}. */
    public CodedRounds(GradientCode code, Latency perPartition, long seed) {
        this.code = code;
        this.perPartition = perPartition;
        this.engine = new EventEngine(code.workers(), seed);
        engine.onMessage((m, e) -> {
            if (m.round() != round) {
                discarded++;
                return;
            }
            inbox.add(m);
            if (inbox.size() == code.workers() - code.stragglers()) e.stop();
        });
    }

    /** One round: returns the decoded full gradient {@code Σ_j partials[j]}. */
    public double[] round(double[][] partials) {
        round++;
        inbox.clear();
        double start = engine.now();
        long r = round;
        int holds = code.stragglers() + 1;
        for (int i = 0; i < code.workers(); i++) {
            int w = i;
            double t = 0;
            for (int k = 0; k < holds; k++) t += perPartition.sample(engine.rng("compute", w));
            double[] coded = code.encode(w, partials);
            engine.schedule(t, EventEngine.LOCAL_STEP_DONE, w,
                    e -> e.send(Message.dense(w, Message.SERVER, r, "coded", new ParamVector(coded))));
        }
        engine.runUntil(Double.POSITIVE_INFINITY);
        lastRoundTime = engine.now() - start;
        int[] survivors = new int[inbox.size()];
        double[][] received = new double[code.workers()][];
        for (int k = 0; k < survivors.length; k++) {
            Message m = inbox.get(k);
            survivors[k] = m.from();
            received[m.from()] = m.payload().data();
        }
        return code.decode(survivors, received);
    }

    /** Virtual duration of the last round. */
    public double lastRoundTime() {
        return lastRoundTime;
    }

    /** Virtual time so far. */
    public double time() {
        return engine.now();
    }

    /** Straggler messages that arrived after their round had been decoded. */
    public long discarded() {
        return discarded;
    }

    /** The engine (byte counts, trace). */
    public EventEngine engine() {
        return engine;
    }
}
