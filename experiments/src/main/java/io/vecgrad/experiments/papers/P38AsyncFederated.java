package io.vecgrad.experiments.papers;

import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.Worker;
import io.vecgrad.distributed.async.AsyncFederated;
import io.vecgrad.distributed.async.ClientTimes;
import io.vecgrad.distributed.fed.ClassificationData;
import io.vecgrad.distributed.fed.Shards;
import io.vecgrad.distributed.fed.SoftmaxRegression;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;

import java.util.ArrayList;
import java.util.List;

/**
 * P38 (Fraboni et al., JMLR 2023) scaled to two cores: softmax regression on the digits data
 * (1,347 train / 450 test) split over M = 20 clients by a Dirichlet(0.5) label skew, client
 * compute times from the code's "P % slower" model (τ_i linearly spaced, the fastest 50 % faster)
 * times a heavy-tailed log-normal factor (σ = 1.5, mean 1) drawn per job, so every round some
 * client straggles. K = 5 local SGD steps (batch 16, η_l = 0.1), η_g = 1, p_i = n_i/n, virtual
 * time budget T = 150, seeds 1…3. Runs synchronous FedAvg (waits for all 20), FedBuff (c = 5,
 * unbiased weights), and reports async FedAvg and FedFix (Δt = 1) unjudged.
 *
 * <p>Criterion (fixed before running): the virtual time FedBuff needs to reach 85 % test
 * accuracy, averaged over the seeds (T when never), is at most half of synchronous FedAvg's;
 * and FedBuff's test accuracy at T is at least FedAvg's − 2 points (mean over seeds).
 *
 * <pre>{@code
 * Outcome o = P38AsyncFederated.run(P38AsyncFederated.Config.defaults());
 * }</pre>
 */
public final class P38AsyncFederated extends PaperExperiment {
    public P38AsyncFederated() {
        super("p38-fedbuff-heavy-tail", List.of("P38"),
                "P38 FedBuff vs synchronous FedAvg under heavy-tailed client times (digits softmax, 20 clients, virtual time)",
                Experiments.params("seeds", 3, "clients", 20, "horizon", 150.0));
    }

    @Override
    public String claim() {
        return "with heavy-tailed client compute times FedBuff keeps converging in virtual time while synchronous FedAvg stalls on the slowest client of every round";
    }

    @Override
    public String threshold() {
        return "mean virtual time to 85% test accuracy: FedBuff <= 0.5 x synchronous FedAvg (T counts when never reached); FedBuff's accuracy at T >= FedAvg's - 0.02";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws java.io.IOException {
        Config c = ctx.quick() ? Config.quick() : new Config(p.getInt("seeds"), p.getInt("clients"), p.getDouble("horizon"), 1.0);
        return run(c).toResult(ctx.dir());
    }

    /** Seeds, clients M, horizon T and the time step of the accuracy curve. */
    public record Config(int seeds, int clients, double horizon, double every) {
        public static Config defaults() {
            return new Config(3, 20, 150, 1);
        }

        public static Config quick() {
            return new Config(1, 6, 8, 2);
        }
    }

    private record Scheme(String name, AsyncFederated.Config config) {}

    public static Outcome run(Config c) {
        Outcome o = new Outcome();
        double target = 0.85;
        List<Scheme> schemes = List.of(
                new Scheme("fedavg-sync", AsyncFederated.Config.sync(0.1, 5, 1)),
                new Scheme("fedbuff-c5", AsyncFederated.Config.fedBuff(Math.min(5, c.clients()), true, 0.1, 5, 1)),
                new Scheme("async-fedavg", AsyncFederated.Config.async(true, 0.1, 5, 1)),
                new Scheme("fedfix-1", AsyncFederated.Config.fedFix(1.0, true, 0.1, 5, 1)));
        double[][] timeTo = new double[schemes.size()][c.seeds()], finalAcc = new double[schemes.size()][c.seeds()];
        o.line(String.format("M = %d clients, Dirichlet(0.5) shards of digits, τ_i linear (P = 50) × log-normal(σ = 1.5), T = %.0f, seeds 1..%d",
                c.clients(), c.horizon(), c.seeds()));
        for (int seed = 1; seed <= c.seeds(); seed++) {
            ClassificationData[] split = ClassificationData.digits(0.25, seed);
            int[][] shards = Shards.dirichlet(split[0].labels(), 10, c.clients(), 0.5, seed);
            double[] p = new double[c.clients()];
            for (int i = 0; i < c.clients(); i++) p[i] = shards[i].length / (double) split[0].size();
            ClientTimes times = ClientTimes.heavyTailed(ClientTimes.linear(c.clients(), 50), 1.5);
            for (int s = 0; s < schemes.size(); s++) {
                List<Worker> workers = new ArrayList<>();
                SoftmaxRegression first = null;
                for (int i = 0; i < c.clients(); i++) {
                    SoftmaxRegression prob = new SoftmaxRegression(split[0], shards[i], 16, 1e-4);
                    if (first == null) first = prob;
                    workers.add(new Worker(i, ParamVector.zeros(prob.dim()), prob));
                }
                AsyncFederated fl = new AsyncFederated(workers, times, schemes.get(s).config(), p, seed, false);
                double reached = c.horizon(), acc = 0;
                for (double t = c.every(); t <= c.horizon() + 1e-9; t += c.every()) {
                    fl.runUntil(t);
                    acc = first.accuracy(fl.global(), split[1]);
                    o.row("curves", "scheme,seed,time,server_steps,test_accuracy", schemes.get(s).name(), seed, t, fl.serverSteps(), acc);
                    if (acc >= target && reached == c.horizon()) reached = t;
                }
                timeTo[s][seed - 1] = reached;
                finalAcc[s][seed - 1] = acc;
                o.row("runs", "scheme,seed,time_to_85,final_accuracy,server_steps,gradients,worker_bytes",
                        schemes.get(s).name(), seed, reached, acc, fl.serverSteps(), fl.gradients(), fl.engine().bytes().workerBytes());
            }
        }
        for (int s = 0; s < schemes.size(); s++) {
            o.figure(schemes.get(s).name() + ".time_to_85", mean(timeTo[s]));
            o.figure(schemes.get(s).name() + ".final_accuracy", mean(finalAcc[s]));
            o.line(String.format("%-13s time to 85%%: %6.1f   accuracy at T: %.4f", schemes.get(s).name(), mean(timeTo[s]), mean(finalAcc[s])));
        }
        double sync = mean(timeTo[0]), buff = mean(timeTo[1]);
        o.check(String.format("FedBuff reaches 85%% at t = %.1f <= 0.5 x FedAvg's %.1f", buff, sync), buff <= 0.5 * sync);
        o.check(String.format("FedBuff accuracy at T %.4f >= FedAvg's %.4f - 0.02", mean(finalAcc[1]), mean(finalAcc[0])),
                mean(finalAcc[1]) >= mean(finalAcc[0]) - 0.02);
        return o;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }
}
