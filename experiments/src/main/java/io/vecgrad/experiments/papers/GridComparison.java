package io.vecgrad.experiments.papers;

import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Optimizers compared fairly on one data set: each method's hyper-parameter is picked from its
 * own small grid by the final <em>validation</em> accuracy of seed 1, then the picked setting runs
 * on the remaining seeds; every method sees the same initial weights and batch order per seed.
 * Figures per method: final test accuracy, last-epoch training loss and the mean training loss
 * over epochs (a measure of training speed), each as mean ± standard error over seeds.
 *
 * <pre>{@code
 * GridComparison.Result r = GridComparison.run(setting, List.of(
 *         new GridComparison.Method("adam", List.of(new GridComparison.Candidate("lr=1e-3", () -> Adam.adam(1e-3))))), outcome, "table");
 * }</pre>
 */
public final class GridComparison {
    private GridComparison() {}

    /** One grid point: a label (e.g. {@code lr=1e-3}) and a fresh optimizer for each run. */
    public record Candidate(String label, Supplier<GradientTransformation> optimizer) {}

    /** A method and its grid. */
    public record Method(String name, List<Candidate> grid) {}

    /** Data and training length. */
    public record Setting(TensorDataset train, TensorDataset val, TensorDataset test, int hidden, int batch, int epochs, int seeds) {}

    /**
     * The Fashion-MNIST MLP budget shared by P29 and P56: the first {@code nTrain} training images
     * train, the next {@code nVal} validate, the first {@code nTest} test images test.
     */
    public record Budget(int nTrain, int nVal, int nTest, int hidden, int batch, int epochs, int seeds) {
        /** 4,096 / 1,000 / 2,000 images, MLP 784-64-10, batch 64, 10 epochs, 3 seeds. */
        public static Budget defaults() {
            return new Budget(4096, 1000, 2000, 64, 64, 10, 3);
        }

        /** A tiny configuration for tests (not a verdict). */
        public static Budget quick() {
            return new Budget(256, 128, 128, 16, 64, 1, 2);
        }

        /** The same data and model with another number of seeds and epochs. */
        public Budget withRuns(int seeds, int epochs) {
            return new Budget(nTrain, nVal, nTest, hidden, batch, epochs, seeds);
        }

        /** Loads the data and returns the setting. */
        public Setting setting() {
            TensorDataset[] d = fashion(nTrain, nVal, nTest);
            return new Setting(d[0], d[1], d[2], hidden, batch, epochs, seeds);
        }

        public String describe(String paper) {
            return String.format("%s on Fashion-MNIST %d train / %d val / %d test, MLP 784-%d-10, batch %d, %d epochs, %d seeds", paper, nTrain, nVal,
                    nTest, hidden, batch, epochs, seeds);
        }
    }

    /** The picked grid point and the figures over seeds. */
    public record Result(String name, String picked, SeedStats testAccuracy, SeedStats finalTrainLoss, SeedStats meanTrainLoss) {}

    public static List<Result> run(Setting s, List<Method> methods, Outcome o, String table) {
        List<Result> out = new ArrayList<>();
        for (Method m : methods) {
            Candidate best = null;
            double bestVal = -1;
            double[] first = null;
            for (Candidate c : m.grid()) {
                double[] f = train(s, m.name(), c, 1, o, table);
                if (f[3] > bestVal) {
                    bestVal = f[3];
                    best = c;
                    first = f;
                }
            }
            double[] acc = new double[s.seeds()], last = new double[s.seeds()], mean = new double[s.seeds()];
            for (int seed = 1; seed <= s.seeds(); seed++) {
                double[] f = seed == 1 ? first : train(s, m.name(), best, seed, o, table);
                acc[seed - 1] = f[0];
                last[seed - 1] = f[1];
                mean[seed - 1] = f[2];
            }
            Result r = new Result(m.name(), best.label(), SeedStats.of(acc), SeedStats.of(last), SeedStats.of(mean));
            o.line(String.format("%-10s %-14s test accuracy %s %%, final train loss %s, mean train loss over epochs %s", r.name(), r.picked(),
                    r.testAccuracy().format(100, 2), r.finalTrainLoss().format(1, 4), r.meanTrainLoss().format(1, 4)));
            out.add(r);
        }
        return out;
    }

    /** {final test accuracy, last-epoch train loss, mean epoch train loss, final validation accuracy}. */
    private static double[] train(Setting s, String method, Candidate c, long seed, Outcome o, String table) {
        Classifier cl = new Classifier(Classifier.mlp(784, s.hidden(), new Rng(seed)), c.optimizer().get());
        List<Classifier.Point> curve = cl.fit(s.train(), s.test(), s.batch(), s.epochs(), seed);
        double sum = 0;
        for (Classifier.Point p : curve) {
            sum += p.trainLoss();
            o.row(table, "method,setting,batch,seed,epoch,step,train_loss,test_loss,test_accuracy", method, c.label(), s.batch(), seed, p.epoch(),
                    p.step(), p.trainLoss(), p.evalLoss(), p.evalAccuracy());
        }
        Classifier.Point last = curve.get(curve.size() - 1);
        double trainLoss = Double.isFinite(last.trainLoss()) ? last.trainLoss() : Double.POSITIVE_INFINITY;
        return new double[] {last.evalAccuracy(), trainLoss, sum / curve.size(), cl.evaluate(s.val()).accuracy()};
    }

    /** Fashion-MNIST split: first {@code nTrain} training images, the next {@code nVal} validate, first {@code nTest} test images. */
    static TensorDataset[] fashion(int nTrain, int nVal, int nTest) {
        ImageData all = ImageData.fashion(nTrain + nVal, nTest);
        TensorDataset tr = all.train().range(0, nTrain), va = all.train().range(nTrain, nTrain + nVal);
        return new TensorDataset[] {new TensorDataset(tr.x().contiguous(), tr.y().contiguous()),
                new TensorDataset(va.x().contiguous(), va.y().contiguous()), all.test()};
    }

    /** Grid candidates {@code name=value} for each value. */
    static List<Candidate> grid(String key, double[] values, java.util.function.DoubleFunction<GradientTransformation> make) {
        List<Candidate> g = new ArrayList<>();
        for (double v : values) g.add(new Candidate(key + "=" + v, () -> make.apply(v)));
        return g;
    }
}
