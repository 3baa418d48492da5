package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import java.util.List;
import io.vecgrad.datasets.Batch;
import io.vecgrad.datasets.DataLoader;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.batch.AdAdaGrad;
import io.vecgrad.optim.batch.BatchSizeTests;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;

/**
 * P41 AdAdaGrad (Lau, Liu and Kolar, arXiv:2402.11215), following the authors' code
 * (github.com/timlautk/AdAdaGrad, {@code expt.sh} "Logistic regression on MNIST": {@code
 * --optimizer=adagrad --batch_size=2 --max_batch_size=60000 --learning_rate=8e-3 --decay_lr=False
 * --max_samples=6000000 --test_type=norm --eta=1e-1}; {@code main.py} runs the test every step
 * until the batch reaches the cap; {@code tests.py} {@code norm_test}).
 *
 * <p><b>Setting, scaled to two cores.</b> MNIST is not installed here and 60,000 images × 100
 * epochs do not fit the budget, so: multinomial logistic regression (784 → 10, float64, PyTorch
 * default initialisation from the seed) on the first 4,000 Fashion-MNIST training images, tested
 * on the first 1,000 test images ({@link ImageData#fashion}). Coordinate-wise AdaGrad (PyTorch
 * semantics, ε 1e-10) at lr 8e-3; AdAdaGrad: initial batch 2, norm test η = 0.1, cap = the
 * training-set size (4,000), per-sample gradient moments in closed form (Σ r_i⊗x_i and
 * Σ r_i²⊗x_i²), the held batch size never shrunk by an epoch's remainder batch. Sample budget
 * 100 epochs = 400,000 samples, as the authors' 6,000,000 = 100 × 60,000. Baselines with the same
 * optimizer and budget: constant batch 8 (small) and 512 (large). Seeds 1, 2, 3 (initial weights and
 * batch order). Curves: training loss (full training set) and test accuracy against both samples
 * and steps ({@code p41-curves.csv}).
 *
 * <p><b>Claim</b> (the paper: adaptive batches keep the small-batch generalisation while taking far
 * fewer steps). <b>Thresholds</b> (fixed before running): (a) AdAdaGrad's mean final test
 * accuracy ≥ the better baseline's − 2·sqrt(se² + se²) over seeds; (b) AdAdaGrad's mean number of
 * steps ≤ half the small batch's.
 *
 * <pre>{@code
 * Outcome o = P41AdAdaGrad.run(P41AdAdaGrad.Config.defaults());
 * }</pre>
 */
public final class P41AdAdaGrad extends PaperExperiment {
    public P41AdAdaGrad() {
        super("p41-adadagrad", List.of("P41"), "P41 AdAdaGrad (AdaGrad + norm test, eta 0.1, batch 2 -> cap n) vs constant batches 8 and 512, logistic regression on Fashion-MNIST, 100-epoch sample budget, 3 seeds",
                Experiments.params("seeds", 3, "epochs", 100));
    }

    @Override
    public String claim() {
        return "Adaptive batch sizes by the norm test keep the generalisation of a small constant batch while taking far fewer steps";
    }

    @Override
    public String threshold() {
        return "mean test accuracy of AdAdaGrad >= the better constant batch's - 2*sqrt(se^2 + se^2), and AdAdaGrad's mean steps <= half of constant batch 8's, at the same sample budget";
    }

    /** Runs the default configuration with {@code seeds} and the other parameters, or the tiny one when {@code ctx.quick()}. The
     * context seed is not used: the seeds are 1…{@code seeds}, part of the experiment's definition. */
    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws java.io.IOException {
        return run(ctx.quick() ? Config.quick() : new Config(4000, 1000, 8e-3, 0.1, 2, 8, 512, p.getInt("epochs"), p.getInt("seeds"))).toResult(ctx.dir());
    }

    public record Config(int nTrain, int nTest, double lr, double eta, int initialBatch, int small, int large, int epochs, int seeds) {
        public static Config defaults() {
            return new Config(4000, 1000, 8e-3, 0.1, 2, 8, 512, 100, 3);
        }

        /** A tiny configuration for tests (not a verdict). */
        public static Config quick() {
            return new Config(400, 200, 8e-3, 0.1, 2, 8, 128, 2, 2);
        }
    }

    /** Final figures of one run. */
    record Run(double trainLoss, double testAccuracy, long steps, int finalBatch) {}

    public static Outcome run(Config c) {
        ImageData d = ImageData.fashion(c.nTrain(), c.nTest());
        TensorDataset train = flat(d.train()), test = flat(d.test());
        Outcome o = new Outcome();
        long budget = (long) c.epochs() * c.nTrain();
        o.line(String.format("P41 on Fashion-MNIST %d train / %d test, logistic regression, AdaGrad lr %.0e, budget %d samples (%d epochs), %d seeds",
                c.nTrain(), c.nTest(), c.lr(), budget, c.epochs(), c.seeds()));
        String[] names = {"adadagrad", "constant-" + c.small(), "constant-" + c.large()};
        double[][] acc = new double[3][c.seeds()], steps = new double[3][c.seeds()], loss = new double[3][c.seeds()];
        for (int s = 0; s < c.seeds(); s++) {
            for (int k = 0; k < 3; k++) {
                int b0 = k == 0 ? c.initialBatch() : k == 1 ? c.small() : c.large();
                Run r = train(c, train, test, b0, k == 0, s + 1, budget, names[k], o);
                acc[k][s] = r.testAccuracy();
                steps[k][s] = r.steps();
                loss[k][s] = r.trainLoss();
                if (k == 0) o.line(String.format("seed %d: AdAdaGrad batch 2 -> %d in %d steps", s + 1, r.finalBatch(), r.steps()));
            }
        }
        SeedStats[] a = new SeedStats[3];
        for (int k = 0; k < 3; k++) {
            a[k] = SeedStats.of(acc[k]);
            o.line(String.format("%-14s test accuracy %s %%, train loss %s, steps %s", names[k], a[k].format(100, 2),
                    SeedStats.of(loss[k]).format(1, 4), SeedStats.of(steps[k]).format(1, 0)));
        }
        int bestBase = a[1].mean() >= a[2].mean() ? 1 : 2;
        double margin = SeedStats.margin(a[0], a[bestBase]);
        o.check(String.format("AdAdaGrad test accuracy %.2f %% >= %s's %.2f %% - %.2f points (seed margin)", 100 * a[0].mean(), names[bestBase],
                100 * a[bestBase].mean(), 100 * margin), a[0].mean() >= a[bestBase].mean() - margin);
        double st0 = SeedStats.of(steps[0]).mean(), st1 = SeedStats.of(steps[1]).mean();
        o.check(String.format("AdAdaGrad steps %.0f <= half of constant-%d's %.0f", st0, c.small(), st1), st0 <= st1 / 2);
        return o;
    }

    private static TensorDataset flat(TensorDataset d) {
        return new TensorDataset(d.x().reshape(d.size(), -1).to(DType.FLOAT64).contiguous(), d.y());
    }

    private static Run train(Config c, TensorDataset train, TensorDataset test, int b0, boolean adaptive, long seed, long budget, String label,
                             Outcome o) {
        Linear init = new Linear(784, 10, true, DType.FLOAT64);
        init.initialize(new Rng(seed));
        Tensor w = init.namedParameters().get("weight").value().contiguous();   // [10, 784]
        Tensor b = init.namedParameters().get("bias").value().contiguous();
        int cap = c.nTrain();
        AdAdaGrad method = AdAdaGrad.coordinate(c.lr(), BatchSizeTests.norm(c.eta(), cap));
        Optimizer opt = Optimizer.of(Params.of("weight", w, "bias", b), method.optimizer());
        long samples = 0, steps = 0, nextLog = b0;
        try (DataLoader loader = DataLoader.of(train).batchSize(b0).seed(seed).build()) {
            for (int e = 0; samples < budget; e++) {
                try (DataLoader.Epoch batches = loader.epoch(e)) {
                    for (Batch batch : batches) {
                        int n = batch.size();
                        int held = loader.batchSize();
                        Tensor x = batch.x();
                        Tensor r = x.matmul(w.mT()).add(b).softmax(1).sub(batch.y().oneHot(10, DType.FLOAT64));   // [n, 10]
                        Params sum = Params.of("weight", r.mT().matmul(x), "bias", r.sum(new int[] {0}, false));
                        if (adaptive && n >= 2 && held < cap) {
                            Params sumSq = Params.of("weight", r.square().mT().matmul(x.square()), "bias", r.square().sum(new int[] {0}, false));
                            loader.setBatchSize(BatchSizeTests.normFromMoments(sum, sumSq, n, held, c.eta(), cap));
                        }
                        opt.step(sum.map(t -> t.div(n)));
                        samples += n;
                        steps++;
                        if (samples >= nextLog || samples >= budget) {
                            log(o, label, seed, steps, samples, held, w, b, train, test);
                            nextLog = Math.max(samples + 1, (long) Math.ceil(nextLog * 1.25));
                        }
                        if (samples >= budget) break;
                    }
                }
            }
            double[] f = metrics(w, b, train, test);
            return new Run(f[0], f[1], steps, loader.batchSize());
        }
    }

    private static void log(Outcome o, String label, long seed, long steps, long samples, int batch, Tensor w, Tensor b, TensorDataset train,
                            TensorDataset test) {
        double[] f = metrics(w, b, train, test);
        o.row("p41-curves", "method,seed,step,samples,batch,train_loss,test_accuracy", label, seed, steps, samples, batch, f[0], f[1]);
    }

    /** {full-training-set mean cross-entropy, test accuracy}. */
    static double[] metrics(Tensor w, Tensor b, TensorDataset train, TensorDataset test) {
        Tensor logp = train.x().matmul(w.mT()).add(b).logSoftmax(1);
        double loss = -logp.mul(train.y().oneHot(10, DType.FLOAT64)).sum().item() / train.size();
        long[] pred = test.x().matmul(w.mT()).add(b).argmax(1, false).to(DType.INT64).toLongArray();
        long[] y = test.y().toLongArray();
        int hits = 0;
        for (int i = 0; i < y.length; i++) hits += pred[i] == y[i] ? 1 : 0;
        return new double[] {loss, (double) hits / y.length};
    }
}
