package io.vecgrad.distributed.fed;

import io.vecgrad.distributed.Aggregator;
import io.vecgrad.distributed.Message;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.RoundEngine;
import io.vecgrad.distributed.RoundMethod;
import io.vecgrad.distributed.ServerCheckpoint;
import java.util.List;

/**
 * Federated averaging (McMahan et al. 2017) and its relatives, one class: each round the server
 * samples a fraction of the clients, broadcasts the global model, each client runs K local SGD
 * steps ({@link LocalSgd}), sends its model back, and the server combines the models it
 * received with an {@link Aggregator} (plain mean by default, a robust rule against Byzantine
 * clients) and moves {@code x ← x + η_s·(agg − x)}; with η_s = 1 the new model is the aggregate
 * itself. {@link #fedProx} adds the proximal term {@code (μ/2)‖x − x_global‖²} to the local
 * objective (Li et al. 2020); {@link #localSgd} is periodic averaging with every worker (local
 * SGD); K = 1 with all clients is minibatch (all-reduce) SGD. With one client and η_s = 1 the
 * run is bitwise single-machine SGD.
 *
 * <pre>{@code
 * RoundMethod fedAvg = FedAvg.fedAvg(5, 0.1, 0.5);                 // K = 5, lr 0.1, half the clients
 * RoundMethod prox = FedAvg.fedProx(5, 0.1, 1.0, 0.01);
 * RoundMethod robust = FedAvg.fedAvg(5, 0.1, 1.0).withAggregator(Aggregators.trimmedMean(2));
 * }</pre>
 */
public final class FedAvg implements RoundMethod, ServerCheckpoint {
    private final String name;
    private final int localSteps;
    private final double lr;
    private final double fraction;
    private final double mu;
    private final double serverLr;
    private final Aggregator aggregator;
    private ParamVector global;

    private FedAvg(String name, int localSteps, double lr, double fraction, double mu, double serverLr, Aggregator aggregator) {
        if (localSteps < 1) throw new IllegalArgumentException(name + ": local steps must be ≥ 1, got " + localSteps);
        if (!(lr > 0)) throw new IllegalArgumentException(name + ": learning rate must be positive, got " + lr);
        if (!(mu >= 0)) throw new IllegalArgumentException(name + ": proximal μ must be ≥ 0, got " + mu);
        if (!(serverLr > 0)) throw new IllegalArgumentException(name + ": server learning rate must be positive, got " + serverLr);
        this.name = name;
        this.localSteps = localSteps;
        this.lr = lr;
        this.fraction = fraction;
        this.mu = mu;
        this.serverLr = serverLr;
        this.aggregator = aggregator;
    }

    /** FedAvg with K local steps, client learning rate lr and a participating fraction of clients. */
    public static FedAvg fedAvg(int localSteps, double lr, double fraction) {
        return new FedAvg("fedavg", localSteps, lr, fraction, 0, 1, Aggregator.mean());
    }

    /** FedProx: FedAvg whose clients minimise {@code f_i(x) + (μ/2)‖x − x_global‖²}. */
    public static FedAvg fedProx(int localSteps, double lr, double fraction, double mu) {
        return new FedAvg("fedprox", localSteps, lr, fraction, mu, 1, Aggregator.mean());
    }

    /** Local SGD: every worker takes H steps, then the models are averaged. */
    public static FedAvg localSgd(int period, double lr) {
        return new FedAvg("local-sgd", period, lr, 1, 0, 1, Aggregator.mean());
    }

    /** Minibatch SGD: one step per round on every worker, then averaging (= averaging the gradients). */
    public static FedAvg minibatchSgd(double lr) {
        return new FedAvg("minibatch-sgd", 1, lr, 1, 0, 1, Aggregator.mean());
    }

    /** The same method combining client models with {@code a} (a robust rule against Byzantine clients). */
    public FedAvg withAggregator(Aggregator a) {
        return new FedAvg(name + "+" + a.name(), localSteps, lr, fraction, mu, serverLr, a);
    }

    /** The same method with server learning rate η_s. */
    public FedAvg withServerLr(double eta) {
        return new FedAvg(name, localSteps, lr, fraction, mu, eta, aggregator);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void setUp(RoundEngine engine) {
        global = engine.snapshot().get(0);
    }

    @Override
    public void round(RoundEngine engine, long round) {
        int[] who = Participation.sample(engine, round, fraction);
        engine.broadcast(round, "model", who, global, (w, x, rng) -> {
            w.params().setInPlace(x);
            if (mu != 0) w.state("anchor").setInPlace(x);
        });
        engine.local(round, "train", who, (w, rng) -> LocalSgd.run(w, rng, localSteps, lr, mu, mu != 0 ? w.state("anchor") : null, null));
        List<Message> up = engine.gather(round, "model", who, (w, rng) -> w.params().copy());
        if (up.isEmpty()) return;
        ParamVector agg = aggregator.aggregate(up.stream().map(Message::payload).toList());
        global = serverLr == 1 ? agg : global.copy().axpyInPlace(serverLr, agg.minus(global));
    }

    @Override
    public ParamVector model(RoundEngine engine) {
        return global;
    }

    /** The server state: the global model. */
    @Override
    public List<ParamVector> saveServerState() {
        return ServerCheckpoint.copies(global);
    }

    @Override
    public void restoreServerState(List<ParamVector> state) {
        List<ParamVector> s = ServerCheckpoint.checked(name, state, global);
        global = s.get(0);
    }
}
