package io.vecgrad.experiments.papers;

import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.Worker;
import io.vecgrad.distributed.curriculum.CurriculumFedAvg;
import io.vecgrad.distributed.curriculum.Ordering;
import io.vecgrad.distributed.curriculum.PacedProblem;
import io.vecgrad.distributed.curriculum.Pacing;
import io.vecgrad.distributed.curriculum.SoftmaxShard;
import io.vecgrad.distributed.fed.ClassificationData;
import io.vecgrad.distributed.fed.Shards;
import io.vecgrad.distributed.sim.SyncSimulator;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.tensor.random.Rng;

import java.util.ArrayList;
import java.util.List;

/**
 * P47 (Vahidian et al., "When Do Curricula Work in Federated Learning?", ICCV 2023) scaled to two
 * cores: softmax regression on the digits data (1,347 train / 450 test), M = 20 clients, 5 per
 * round, 40 rounds of FedAvg with K = 10 local steps (batch 10, lr 0.1), linear pacing
 * a = 0.5, b = 0.2, expert difficulty scores = per-example loss of a model fitted on the whole
 * training set (300 full-batch GD steps, lr 0.5); clients IID or label-skewed by Dirichlet(0.1);
 * orderings curriculum, anti-curriculum and random; seeds 1…3. Ordered client selection
 * (curriculum order over clients, eligible pool paced the same way) is reported unjudged.
 *
 * <p>Criterion (fixed before running), on the final test accuracy averaged over the seeds: under
 * the Dirichlet(0.1) skew the curriculum is at least as accurate as the random ordering, and its
 * gain over random is at least as large as under IID ("the more heterogeneous, the larger the
 * benefit").
 *
 * <pre>{@code
 * Outcome o = P47Curriculum.run(P47Curriculum.Config.defaults());
 * }</pre>
 */
public final class P47Curriculum extends PaperExperiment {
    public P47Curriculum() {
        super("p47-curriculum", List.of("P47"),
                "P47 curriculum / anti-curriculum / random orderings in FedAvg under IID and label-skewed clients (digits softmax)",
                Experiments.params("seeds", 3, "rounds", 40));
    }

    @Override
    public String claim() {
        return "curriculum ordering helps FedAvg under non-IID data, and the more heterogeneous the clients the larger the benefit over a random ordering";
    }

    @Override
    public String threshold() {
        return "mean final test accuracy: curriculum >= random under Dirichlet(0.1); (curriculum - random) under Dirichlet(0.1) >= (curriculum - random) under IID";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws java.io.IOException {
        return run(ctx.quick() ? Config.quick() : new Config(p.getInt("seeds"), p.getInt("rounds"), 20, 300)).toResult(ctx.dir());
    }

    /** Seeds, rounds, clients, expert GD steps. */
    public record Config(int seeds, int rounds, int clients, int expertSteps) {
        public static Config defaults() {
            return new Config(3, 40, 20, 300);
        }

        public static Config quick() {
            return new Config(1, 3, 6, 5);
        }
    }

    private static ParamVector expert(SoftmaxShard all, int steps) {
        ParamVector w = ParamVector.zeros(all.dim()), g = ParamVector.zeros(all.dim());
        int[] every = java.util.stream.IntStream.range(0, all.size()).toArray();
        for (int s = 0; s < steps; s++) {
            all.gradient(w, every, g);
            w.axpyInPlace(-0.5, g);
        }
        return w;
    }

    private static double train(Config c, ClassificationData train, SoftmaxShard test, int[][] shards, ParamVector expert, Ordering ordering,
                                boolean orderedSelection, long seed) {
        List<Worker> workers = new ArrayList<>();
        int[] sizes = new int[shards.length];
        for (int k = 0; k < shards.length; k++) {
            ClassificationData part = train.subset(shards[k]);
            SoftmaxShard data = SoftmaxShard.of(part.features(), part.labels(), 10);
            sizes[k] = data.size();
            int[] order = ordering.order(data.scores(expert), new Rng(seed).split("order").split(k));
            workers.add(new Worker(k, ParamVector.zeros(data.dim()), new PacedProblem(data, order, 10)));
        }
        CurriculumFedAvg fl = new CurriculumFedAvg(new CurriculumFedAvg.Config(Pacing.linear(0.5, 0.2, c.rounds()), Math.min(5, shards.length),
                orderedSelection, Ordering.CURRICULUM, 10, 0.1), sizes);
        try (SyncSimulator sim = SyncSimulator.builder(workers).seed(seed).threads(1).build()) {
            fl.setUp(sim);
            for (int r = 0; r < c.rounds(); r++) fl.round(sim, r);
            return test.accuracy(fl.model(sim));
        }
    }

    public static Outcome run(Config c) {
        Outcome o = new Outcome();
        String[] settings = {"iid", "dirichlet-0.1"};
        Ordering[] orderings = Ordering.values();
        double[][] acc = new double[settings.length][orderings.length];
        double[] selection = new double[settings.length];
        for (int seed = 1; seed <= c.seeds(); seed++) {
            ClassificationData[] split = ClassificationData.digits(0.25, seed);
            SoftmaxShard all = SoftmaxShard.of(split[0].features(), split[0].labels(), 10);
            SoftmaxShard test = SoftmaxShard.of(split[1].features(), split[1].labels(), 10);
            ParamVector expert = expert(all, c.expertSteps());
            for (int h = 0; h < settings.length; h++) {
                int[][] shards = h == 0 ? Shards.iid(split[0].size(), c.clients(), seed)
                        : Shards.dirichlet(split[0].labels(), 10, c.clients(), 0.1, seed);
                for (int k = 0; k < orderings.length; k++) {
                    double a = train(c, split[0], test, shards, expert, orderings[k], false, seed);
                    acc[h][k] += a / c.seeds();
                    o.row("runs", "setting,ordering,client_selection,seed,test_accuracy", settings[h], orderings[k], "uniform", seed, a);
                }
                double a = train(c, split[0], test, shards, expert, Ordering.CURRICULUM, true, seed);
                selection[h] += a / c.seeds();
                o.row("runs", "setting,ordering,client_selection,seed,test_accuracy", settings[h], Ordering.CURRICULUM, "ordered", seed, a);
            }
        }
        for (int h = 0; h < settings.length; h++) {
            for (int k = 0; k < orderings.length; k++) o.figure(settings[h] + "." + orderings[k].name().toLowerCase(), acc[h][k]);
            o.figure(settings[h] + ".curriculum+ordered-selection", selection[h]);
            o.line(String.format("%-14s curriculum %.4f  anti %.4f  random %.4f  curriculum+ordered selection %.4f", settings[h], acc[h][0], acc[h][1], acc[h][2], selection[h]));
        }
        int cur = Ordering.CURRICULUM.ordinal(), rnd = Ordering.RANDOM.ordinal();
        double gainIid = acc[0][cur] - acc[0][rnd], gainSkew = acc[1][cur] - acc[1][rnd];
        o.check(String.format("Dirichlet(0.1): curriculum %.4f >= random %.4f", acc[1][cur], acc[1][rnd]), acc[1][cur] >= acc[1][rnd]);
        o.check(String.format("gain over random: %.4f under Dirichlet(0.1) >= %.4f under IID", gainSkew, gainIid), gainSkew >= gainIid);
        return o;
    }
}
