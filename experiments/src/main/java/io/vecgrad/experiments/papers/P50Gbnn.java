package io.vecgrad.experiments.papers;

import io.vecgrad.datasets.DataLoader;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.datasets.io.Csv;
import io.vecgrad.datasets.real.SklearnData;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.nn.Module;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.Evaluation;
import io.vecgrad.train.MetricRow;
import io.vecgrad.train.Model;
import io.vecgrad.train.Trainer;
import io.vecgrad.train.boosting.BoostingLoss;
import io.vecgrad.train.boosting.Gbnn;
import io.vecgrad.train.boosting.GbnnEnsemble;
import io.vecgrad.train.boosting.StageFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * P50 GBNN (Emami and Martínez-Muñoz, arXiv:1909.12098) against a single network of the same
 * total size, on two UCI tables of scikit-learn ({@link SklearnData}): wine (178 × 13, 3 classes)
 * and breast cancer (569 × 30, 2 classes). Per seed 1…5: a seeded 70/30 split, features
 * standardized with the training split's mean and deviation.
 *
 * <ul>
 *   <li>GBNN, softmax loss (the authors' multiclass loss, also for 2 classes): T = 20 stages of
 *       J = 2 logistic hidden units (40 in all), η = 1, subsample 0.5 (the code's defaults
 *       except T), each stage 30 epochs of Adam lr 1e-2, batch 32 on its subsample;
 *   <li>a single network 40 logistic hidden units wide, cross-entropy, Adam lr 1e-2, batch 32,
 *       for T · 30 · 0.5 = 300 epochs: as many examples seen, hence about as many gradient steps,
 *       as all the GBNN stages together.
 * </ul>
 *
 * Criterion (fixed before running): on each data set, GBNN's mean test accuracy over the seeds is
 * at least the single network's minus 2 points ("matches or beats"). Whether either is better
 * beyond the seed spread 2·sqrt(se_g² + se_s²) is reported. Plots (seed 1): test accuracy and
 * loss after each GBNN stage and after the same share of the single network's epochs.
 *
 * <pre>{@code
 * ExperimentResult r = P50Gbnn.run(P50Gbnn.Config.defaults(), runDir);
 * }</pre>
 */
public final class P50Gbnn extends PaperExperiment {
    public P50Gbnn() {
        super("p50-gbnn", List.of("P50"),
                "P50 GBNN (20 stages x 2 units) vs one 40-unit network on wine and breast cancer, 5 seeds",
                Experiments.params("seeds", 5, "stages", 20, "epochs", 30));
    }

    @Override
    public String claim() {
        return "a network built by gradient boosting (GBNN, 20 stages of 2 hidden units) classifies tabular data about as well as a single network of the same total size trained for as many gradient steps";
    }

    @Override
    public String threshold() {
        return "on wine and on breast cancer: mean test accuracy over the seeds of GBNN >= the single net's - 2 points";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        Config c = ctx.quick() ? Config.quick() : new Config(p.getInt("seeds"), p.getInt("stages"), 2, p.getInt("epochs"), 0.5, 1e-2, 32);
        return run(c, ctx.dir());
    }

    public record Config(int seeds, int stages, int unitsPerStage, int epochs, double subsample, double lr, int batch) {
        public static Config defaults() {
            return new Config(5, 20, 2, 30, 0.5, 1e-2, 32);
        }

        /** A tiny configuration for tests: 1 seed, 3 stages, 2 epochs per stage. */
        public static Config quick() {
            return new Config(1, 3, 2, 2, 0.5, 1e-2, 32);
        }

        int singleNetEpochs() {
            return (int) Math.round(stages * epochs * subsample);
        }
    }

    /** A seeded 70/30 split with standardized features: {x_train, y_train, x_test, y_test}. */
    static Tensor[] split(Csv.Table t, long seed) {
        int n = t.rows();
        int d = t.features().shape()[1];
        double[] x = t.features().to(DType.FLOAT64).contiguous().toDoubleArray();
        long[] y = t.labels().to(DType.INT64).toLongArray();
        long[] order = new Rng(seed).split("p50/split").permutation(n).toLongArray();
        int nTrain = (int) Math.round(0.7 * n);
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (int i = 0; i < nTrain; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += x[(int) order[i] * d + j] / nTrain;
            }
        }
        for (int i = 0; i < nTrain; i++) {
            for (int j = 0; j < d; j++) {
                double v = x[(int) order[i] * d + j] - mean[j];
                sd[j] += v * v / nTrain;
            }
        }
        Tensor[] out = new Tensor[4];
        for (int part = 0; part < 2; part++) {
            int from = part == 0 ? 0 : nTrain;
            int to = part == 0 ? nTrain : n;
            double[] xs = new double[(to - from) * d];
            long[] ys = new long[to - from];
            for (int i = from; i < to; i++) {
                int row = (int) order[i];
                ys[i - from] = y[row];
                for (int j = 0; j < d; j++) {
                    xs[(i - from) * d + j] = (x[row * d + j] - mean[j]) / (sd[j] > 0 ? Math.sqrt(sd[j]) : 1);
                }
            }
            out[2 * part] = Tensor.of(xs, to - from, d);
            out[2 * part + 1] = Tensor.of(ys, to - from);
        }
        return out;
    }

    /** Mean softmax cross-entropy of raw scores [N, K] against class indices. */
    static double crossEntropy(Tensor scores, Tensor labels) {
        int n = scores.shape()[0];
        int k = scores.shape()[1];
        double[] f = scores.toDoubleArray();
        long[] y = labels.toLongArray();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, f[i * k + j]);
            }
            double z = 0;
            for (int j = 0; j < k; j++) {
                z += Math.exp(f[i * k + j] - max);
            }
            sum += max + Math.log(z) - f[i * k + (int) y[i]];
        }
        return sum / n;
    }

    static double accuracy(long[] predicted, Tensor labels) {
        long[] y = labels.toLongArray();
        int hits = 0;
        for (int i = 0; i < y.length; i++) {
            hits += predicted[i] == y[i] ? 1 : 0;
        }
        return (double) hits / y.length;
    }

    /** Runs both data sets and writes outcome.txt, the CSV tables and the PNG plots into {@code dir}. */
    public static ExperimentResult run(Config c, Path dir) throws IOException {
        if (!SklearnData.isAvailable("wine_data.csv") || !SklearnData.isAvailable("breast_cancer.csv")) {
            throw new IOException("P50: scikit-learn's wine_data.csv and breast_cancer.csv are not in " + SklearnData.directory()
                    + " (Debian package python3-sklearn, or -D" + SklearnData.PROPERTY + ")");
        }
        Outcome o = new Outcome();
        int total = c.stages() * c.unitsPerStage();
        o.line(String.format("P50 GBNN: %d stages x %d logistic units (eta 1, subsample %.1f, %d epochs per stage) vs one %d-unit net (%d epochs); Adam lr %.0e, batch %d, %d seeds",
                c.stages(), c.unitsPerStage(), c.subsample(), c.epochs(), total, c.singleNetEpochs(), c.lr(), c.batch(), c.seeds()));
        List<MetricRow> curves = new ArrayList<>();
        boolean pass = true;
        StringBuilder verdicts = new StringBuilder();
        for (String name : new String[] {"wine", "breast-cancer"}) {
            Csv.Table table = name.equals("wine") ? SklearnData.wine() : SklearnData.breastCancer();
            double[] gb = new double[c.seeds()];
            double[] single = new double[c.seeds()];
            for (int s = 0; s < c.seeds(); s++) {
                long seed = s + 1;
                Tensor[] d = split(table, seed);
                int classes = (int) table.labels().to(DType.INT64).max().item() + 1;
                GbnnEnsemble f = Gbnn.builder().loss(BoostingLoss.SOFTMAX).classes(classes).stages(c.stages())
                        .stage(StageFactory.oneHidden(c.unitsPerStage(), DType.FLOAT64), DType.FLOAT64).subsample(c.subsample())
                        .epochs(c.epochs()).batchSize(c.batch()).learningRate(c.lr()).seed(seed).build().fit(d[0], d[1]);
                gb[s] = accuracy(f.predictClasses(d[2]), d[3]);
                for (int t = 1; t <= c.stages(); t++) {
                    Tensor scores = f.predict(d[2], t);
                    double acc = accuracy(scores.argmax(1, false).to(DType.INT64).toLongArray(), d[3]);
                    double loss = crossEntropy(scores, d[3]);
                    o.row("p50-stages", "dataset,seed,stage,train_loss,test_loss,test_accuracy", name, seed, t, f.trainLoss()[t - 1], loss, acc);
                    if (s == 0) {
                        curves.add(PlotFiles.row(name + ": GBNN", t - 1, loss, acc));
                    }
                }
                single[s] = fitSingle(c, d, classes, seed, name, s == 0 ? curves : null);
                o.row("p50-final", "dataset,seed,gbnn_test_accuracy,single_net_test_accuracy", name, seed, gb[s], single[s]);
            }
            SeedStats g = SeedStats.of(gb);
            SeedStats n = SeedStats.of(single);
            double margin = SeedStats.margin(g, n);
            boolean ok = g.mean() >= n.mean() - 0.02;
            pass &= ok;
            o.figure(name + "_gbnn_accuracy", g.mean()).figure(name + "_single_accuracy", n.mean());
            o.check(String.format("%s: test accuracy GBNN %s %% vs single net %s %%; needs GBNN >= single - 2 points%s", name, g.format(100, 2),
                    n.format(100, 2), g.mean() > n.mean() + margin ? " (GBNN better beyond the seed spread " + String.format("%.2f", 100 * margin) + ")"
                            : g.mean() < n.mean() - margin ? " (GBNN worse beyond the seed spread " + String.format("%.2f", 100 * margin) + ")"
                                    : " (no difference beyond the seed spread " + String.format("%.2f", 100 * margin) + ")"), ok);
            verdicts.append(name).append(ok ? " ok; " : " fails; ");
        }
        o.line("overall: " + verdicts + (pass ? "PASS" : "FAIL"));
        PlotFiles.perEpoch(curves, dir, "seed1-test").forEach(o::attach);
        return o.toResult(dir);
    }

    /**
     * The single wide network; its test accuracy is also recorded after every {@code epochs·subsample}
     * epochs (the budget of one GBNN stage) into {@code curves} when given.
     */
    static double fitSingle(Config c, Tensor[] d, int classes, long seed, String name, List<MetricRow> curves) {
        int total = c.stages() * c.unitsPerStage();
        Module net = StageFactory.oneHidden(total, DType.FLOAT64).create(d[0].shape()[1], classes, new Rng(seed));
        Model model = new Model(net, new int[] {d[0].shape()[1]}, DType.FLOAT64, Model.Loss.CROSS_ENTROPY);
        Optimizer adam = Optimizer.of(model.parameters(), Adam.adam(c.lr()));
        TensorDataset test = new TensorDataset(d[2], d[3]);
        int every = Math.max(1, (int) Math.round(c.epochs() * c.subsample()));
        Trainer.Builder tb = Trainer.builder().epochs(c.singleNetEpochs()).seed(seed).logEvery(1000);
        if (curves != null) {
            tb.onEpochEnd(e -> {
                if ((e.epoch() + 1) % every == 0) {
                    Evaluation ev = Trainer.evaluate(model, test, 256);
                    curves.add(PlotFiles.row(name + ": single net", (e.epoch() + 1) / every - 1, ev.loss(), ev.accuracy()));
                    model.module().train();
                }
            });
        }
        try (DataLoader loader = DataLoader.of(new TensorDataset(d[0], d[1])).batchSize(c.batch()).seed(seed).build()) {
            tb.build().fit(name + "/single", model, adam, loader, null);
        }
        return Trainer.evaluate(model, test, 256).accuracy();
    }
}
