package io.vecgrad.distributed.fed;

import io.vecgrad.distributed.Message;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.RoundEngine;
import io.vecgrad.distributed.RoundMethod;
import io.vecgrad.distributed.ServerCheckpoint;
import java.util.List;

/**
 * SCAFFOLD (Karimireddy et al. 2020, Algorithm 1 with option II control variates): clients
 * correct their local steps with {@code c − c_i} to remove client drift on non-iid data.
 * Per round, for sampled clients S: broadcast x and c; K steps {@code y ← y − η_l(∇f_i(y) − c_i + c)};
 * {@code c_i⁺ = c_i − c + (x − y)/(K η_l)}; send Δy = y − x and Δc = c_i⁺ − c_i; server
 * {@code x ← x + η_g·mean(Δy)}, {@code c ← c + (|S|/N)·mean(Δc)}. Two vectors each way per client.
 *
 * <pre>{@code
 * RoundMethod scaffold = new Scaffold(5, 0.1, 1.0, 0.5);   // K, η_l, η_g, fraction
 * }</pre>
 */
public final class Scaffold implements RoundMethod, ServerCheckpoint {
    private final int localSteps;
    private final double lr;
    private final double serverLr;
    private final double fraction;
    private ParamVector global;
    private ParamVector control;

    /** SCAFFOLD with K local steps, client lr η_l, server lr η_g and a participating fraction. */
    public Scaffold(int localSteps, double lr, double serverLr, double fraction) {
        if (localSteps < 1 || !(lr > 0) || !(serverLr > 0)) {
            throw new IllegalArgumentException("scaffold: need K ≥ 1 and positive learning rates, got K = " + localSteps + ", η_l = " + lr + ", η_g = " + serverLr);
        }
        this.localSteps = localSteps;
        this.lr = lr;
        this.serverLr = serverLr;
        this.fraction = fraction;
    }

    @Override
    public String name() {
        return "scaffold";
    }

    @Override
    public void setUp(RoundEngine engine) {
        global = engine.snapshot().get(0);
        control = ParamVector.zeros(global.dim());
    }

    @Override
    public void round(RoundEngine engine, long round) {
        int[] who = Participation.sample(engine, round, fraction);
        engine.broadcast(round, "model", who, global, (w, x, rng) -> {
            w.params().setInPlace(x);
            w.state("anchor").setInPlace(x);
        });
        engine.broadcast(round, "control", who, control, (w, c, rng) -> w.state("server-control").setInPlace(c));
        engine.local(round, "train", who, (w, rng) -> {
            ParamVector correction = w.state("server-control").minus(w.state("control"));
            LocalSgd.run(w, rng, localSteps, lr, 0, null, correction);
            ParamVector ci = w.state("control");
            ParamVector next = ci.minus(w.state("server-control")).axpyInPlace(1.0 / (localSteps * lr), w.state("anchor").minus(w.params()));
            w.state("control-delta").setInPlace(next.minus(ci));
            ci.setInPlace(next);
        });
        List<Message> dy = engine.gather(round, "delta-y", who, (w, rng) -> w.params().minus(w.state("anchor")));
        List<Message> dc = engine.gather(round, "delta-c", who, (w, rng) -> w.state("control-delta").copy());
        if (!dy.isEmpty()) global = global.copy().axpyInPlace(serverLr, ParamVector.mean(dy.stream().map(Message::payload).toList()));
        if (!dc.isEmpty()) {
            double share = (double) dc.size() / engine.workers();
            control = control.copy().axpyInPlace(share, ParamVector.mean(dc.stream().map(Message::payload).toList()));
        }
    }

    @Override
    public ParamVector model(RoundEngine engine) {
        return global;
    }

    /** The server state: the global model and the server control variate c. */
    @Override
    public List<ParamVector> saveServerState() {
        return ServerCheckpoint.copies(global, control);
    }

    @Override
    public void restoreServerState(List<ParamVector> state) {
        List<ParamVector> s = ServerCheckpoint.checked(name(), state, global, control);
        global = s.get(0);
        control = s.get(1);
    }
}
