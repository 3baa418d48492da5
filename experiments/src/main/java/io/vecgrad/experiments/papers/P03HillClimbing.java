package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.zeroth.HillClimbing;
import io.vecgrad.optim.zeroth.PerturbationStream;
import io.vecgrad.optim.zeroth.ZerothOrderResult;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.train.report.CurvePlots;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * P03 stochastic hill climbing over neural-network weights (Brownlee, "How to Manually Optimize
 * Neural Network Models", Machine Learning Mastery): a Perceptron (step transfer, not
 * differentiable) and a one-hidden-layer sigmoid MLP are fitted without gradients, by perturbing
 * all weights with Gaussian noise and keeping a candidate whose training accuracy is not worse.
 *
 * <p><b>Setting</b> (the tutorial's; its defaults are marked [reconstructed] in the spec): the data
 * set is scikit-learn's {@code make_classification(n_samples=1000, n_features=5, n_informative=2,
 * n_redundant=1, random_state=1)}, generated once and shipped as {@code p03-classification.csv}
 * (script beside it); first 670 rows train, last 330 test (the tutorial's 67/33 split, without its
 * shuffle). Perceptron: 5 weights + bias, start uniform in [0, 1), step 0.05. MLP: 10 sigmoid hidden
 * nodes and one sigmoid output node (each with a bias), output rounded, start uniform in [0, 1),
 * step 0.1. 1,000 iterations, objective = training accuracy (maximized), seeds 1…{@code seeds}.
 * Random search with the same number of evaluations (uniform in [−1, 1)) is reported beside it.
 *
 * <p><b>Threshold</b> (fixed before running): mean test accuracy over the seeds ≥ 0.75 for the
 * Perceptron and for the MLP (the tutorial reports test accuracies around 0.8 [reconstructed]).
 *
 * <pre>{@code
 * Outcome o = P03HillClimbing.run(5, 1000, new ArrayList<>());
 * }</pre>
 */
public final class P03HillClimbing extends PaperExperiment {
    private static final int TRAIN = 670;

    public P03HillClimbing() {
        super("p03-hill-climbing", List.of("P03"), "P03 stochastic hill climbing of Perceptron and MLP weights on the tutorial's make_classification data",
                Experiments.params("seeds", 5, "iterations", 1000));
    }

    @Override
    public String claim() {
        return "Stochastic hill climbing over all weights fits a Perceptron and a sigmoid MLP to the tutorial's classification task without gradients";
    }

    @Override
    public String threshold() {
        return "mean test accuracy over the seeds >= 0.75 for the Perceptron and for the MLP";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        List<CurvePlots.Curve> curves = new ArrayList<>();
        Outcome o = ctx.quick() ? run(1, 30, curves) : run(p.getInt("seeds"), p.getInt("iterations"), curves);
        Files.createDirectories(ctx.dir());
        o.attach(CurvePlots.write(ctx.dir().resolve("p03-train-accuracy.png"), "P03 hill climbing (seed 1)", "iteration", "training accuracy", curves, false, false));
        return o.toResult(ctx.dir());
    }

    /** A model over the tutorial data: its parameters and its accuracy on rows [from, to). */
    private interface Model {
        Params init(double[] start);

        int size();

        double accuracy(Params p, double[][] x, int[] y, int from, int to);
    }

    private static final Model PERCEPTRON = new Model() {
        public Params init(double[] start) {
            return Params.of("w", Tensor.of(start.clone()).to(DType.FLOAT64));
        }

        public int size() {
            return 6;
        }

        public double accuracy(Params p, double[][] x, int[] y, int from, int to) {
            double[] w = p.get("w").toDoubleArray();
            int ok = 0;
            for (int i = from; i < to; i++) {
                double a = w[5];
                for (int j = 0; j < 5; j++) a += w[j] * x[i][j];
                ok += (a >= 0 ? 1 : 0) == y[i] ? 1 : 0;
            }
            return (double) ok / (to - from);
        }
    };

    private static final int HIDDEN = 10;

    private static final Model MLP = new Model() {
        public Params init(double[] start) {
            double[] h = java.util.Arrays.copyOfRange(start, 0, HIDDEN * 6), out = java.util.Arrays.copyOfRange(start, HIDDEN * 6, start.length);
            return Params.of("hidden", Tensor.of(h, HIDDEN, 6), "out", Tensor.of(out));
        }

        public int size() {
            return HIDDEN * 6 + HIDDEN + 1;
        }

        public double accuracy(Params p, double[][] x, int[] y, int from, int to) {
            double[] h = p.get("hidden").toDoubleArray(), w = p.get("out").toDoubleArray();
            int ok = 0;
            for (int i = from; i < to; i++) {
                double a = w[HIDDEN];
                for (int k = 0; k < HIDDEN; k++) {
                    double z = h[k * 6 + 5];
                    for (int j = 0; j < 5; j++) z += h[k * 6 + j] * x[i][j];
                    a += w[k] * sigmoid(z);
                }
                ok += (Math.round(sigmoid(a)) == y[i]) ? 1 : 0;
            }
            return (double) ok / (to - from);
        }
    };

    private static double sigmoid(double a) {
        return 1 / (1 + Math.exp(-a));
    }

    /** Runs both models; the seed-1 training-accuracy curves are added to {@code curves}. */
    public static Outcome run(int seeds, int iterations, List<CurvePlots.Curve> curves) throws IOException {
        double[][] x = new double[1000][5];
        int[] y = new int[1000];
        load(x, y);
        Outcome o = new Outcome();
        o.line("make_classification(1000, 5 features, 2 informative, 1 redundant, random_state=1); train rows 0-669, test rows 670-999; "
                + iterations + " iterations; seeds 1.." + seeds);
        String[] names = {"perceptron", "mlp"};
        Model[] models = {PERCEPTRON, MLP};
        double[] steps = {0.05, 0.1};
        for (int m = 0; m < 2; m++) {
            Model model = models[m];
            double testSum = 0, rsTestSum = 0;
            for (int seed = 1; seed <= seeds; seed++) {
                double[] start = new double[model.size()];
                PerturbationStream.of(seed, "p03/init").fillUniform(0, m, 0, 1, start);
                Params params = model.init(start);
                ToDoubleFunction<Params> trainAcc = q -> model.accuracy(q, x, y, 0, TRAIN);
                double initial = trainAcc.applyAsDouble(params);
                ZerothOrderResult r = HillClimbing.climb(params, trainAcc, HillClimbing.Goal.MAXIMIZE, steps[m], seed).run(iterations);
                double test = model.accuracy(params, x, y, TRAIN, 1000);
                Params rsParams = model.init(start);
                ZerothOrderResult rs = HillClimbing.randomSearch(rsParams, trainAcc, HillClimbing.Goal.MAXIMIZE, -1, 1, seed).run(iterations);
                double rsTest = model.accuracy(rsParams, x, y, TRAIN, 1000);
                testSum += test;
                rsTestSum += rsTest;
                o.row("p03-runs", "model,seed,initial_train,train,test,random_search_train,random_search_test", names[m], seed, initial, r.value(), test, rs.value(), rsTest);
                o.line(String.format("%s seed %d: train %.3f -> %.3f, test %.3f (random search: train %.3f, test %.3f)", names[m], seed, initial, r.value(), test,
                        rs.value(), rsTest));
                if (seed == 1) {
                    double[] it = new double[iterations];
                    for (int k = 0; k < iterations; k++) it[k] = k + 1;
                    curves.add(new CurvePlots.Curve(names[m] + " hill climbing", it, r.history()));
                    curves.add(new CurvePlots.Curve(names[m] + " random search", it, rs.history()));
                }
            }
            double mean = testSum / seeds;
            o.figure(names[m] + "_test_accuracy", mean);
            o.figure(names[m] + "_random_search_test_accuracy", rsTestSum / seeds);
            o.check(String.format("%s: mean test accuracy %.3f (needs >= 0.75; random search %.3f)", names[m], mean, rsTestSum / seeds), mean >= 0.75);
        }
        return o;
    }

    private static void load(double[][] x, int[] y) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(P03HillClimbing.class.getResourceAsStream("p03-classification.csv"), StandardCharsets.UTF_8))) {
            r.readLine();
            for (int i = 0; i < 1000; i++) {
                String line = r.readLine();
                if (line == null) throw new IOException("p03-classification.csv: expected 1000 rows, found " + i);
                String[] f = line.split(",");
                if (f.length != 6) throw new IOException("p03-classification.csv: row " + (i + 1) + " has " + f.length + " fields, expected 6");
                for (int j = 0; j < 5; j++) x[i][j] = Double.parseDouble(f[j]);
                y[i] = Integer.parseInt(f[5]);
            }
        }
    }
}
