package io.vecgrad.experiments.papers;

import io.vecgrad.datasets.DataLoader;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Flatten;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.first.Sgd;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.optim.schedule.mi.MiLearningRate;
import io.vecgrad.optim.schedule.mi.MiRangeTest;
import io.vecgrad.optim.schedule.mi.MutualInformation;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.MiScheduleHook;
import io.vecgrad.train.Model;
import io.vecgrad.train.Trainer;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * P18 MI-based learning-rate decay (Vasudevan, Entropy 22(5):560, 2020): SGD driven by the MI
 * controller ({@link MiLearningRate}, rule as reconstructed in its Javadoc) through the trainer's
 * epoch hook ({@link MiScheduleHook}), against SGD at a constant rate tuned over a grid.
 *
 * <p>Setting, scaled to 2 cores: the first 3,000 Fashion-MNIST training and 1,000 test images
 * ({@link ImageData#fashion}), an MLP 784→100→10 with ReLU, plain SGD (no momentum), batch 64,
 * 10 epochs, seeds 1…3 (initial weights and batch order; all methods share them).
 * <ul>
 *   <li><b>Tuned fixed schedule</b>: constant rates {0.01, 0.03, 0.1, 0.3}; the tuned one is the
 *       rate with the best mean final test accuracy over the seeds (chosen on the test set, which
 *       favours the baseline).
 *   <li><b>MI schedule, untuned</b>: bounds from P18's range test ({@link MiRangeTest}) on the grid
 *       {0.003, 0.01, 0.03, 0.1, 0.3, 1}: one epoch from the seed's initial weights at each rate,
 *       gain = NMI after − NMI before on the probe set; {@code LR_min} = smallest rate with gain
 *       ≥ 0.05. Then threshold τ = 0.02, start at {@code LR_max}, the probe set is the first 1,000
 *       training images, NMI = I(Ŷ;Y)/H(Y) from the predictions' contingency table, every epoch.
 * </ul>
 * Criterion (fixed before running): the MI schedule's mean final test accuracy over the seeds is
 * at least the tuned fixed rate's mean − 1 point.
 *
 * <pre>{@code
 * Outcome o = P18MiLearningRate.run(P18MiLearningRate.Config.defaults());
 * }</pre>
 */
public final class P18MiLearningRate extends PaperExperiment {
    public P18MiLearningRate() {
        super("p18-mi-lr", List.of("P18"), "P18 MI-driven learning-rate decay vs a tuned constant rate: SGD on an MLP, Fashion-MNIST",
                Experiments.params("seeds", 3, "epochs", 10));
    }

    @Override
    public String claim() {
        return "the MI-driven learning rate, bounded by its own range test and not tuned, reaches the accuracy of the best constant SGD rate of a small grid";
    }

    @Override
    public String threshold() {
        return "mean final test accuracy over seeds 1..3: MI schedule >= tuned constant rate (best of {0.01, 0.03, 0.1, 0.3} by mean test accuracy) - 1 point";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        Config d = Config.defaults();
        Config c = ctx.quick() ? Config.quick() : new Config(d.train(), d.test(), d.probe(), p.getInt("epochs"), d.batch(), p.getInt("seeds"),
                d.fixedRates(), d.rangeGrid(), d.threshold(), d.digits());
        return run(c).toResult(ctx.dir());
    }

    /** @param digits the 8×8 digits instead of Fashion-MNIST (the quick configuration) */
    public record Config(int train, int test, int probe, int epochs, int batch, int seeds, double[] fixedRates, double[] rangeGrid,
            double threshold, boolean digits) {
        public static Config defaults() {
            return new Config(3000, 1000, 1000, 10, 64, 3, new double[] {0.01, 0.03, 0.1, 0.3}, new double[] {0.003, 0.01, 0.03, 0.1, 0.3, 1},
                    0.02, false);
        }

        /** Digits, one seed, two epochs, a 2-point grid: seconds. */
        public static Config quick() {
            return new Config(0, 0, 300, 2, 64, 1, new double[] {0.1}, new double[] {0.03, 0.3}, 0.02, true);
        }
    }

    public static Outcome run(Config c) {
        Outcome o = new Outcome();
        ImageData data = c.digits() ? ImageData.digits() : ImageData.fashion(c.train(), c.test());
        TensorDataset probe = data.train().range(0, Math.min(c.probe(), data.train().size()));
        o.line(String.format(Locale.ROOT, "P18 on %s: %d train / %d test, MLP %d-100-10, SGD, batch %d, %d epochs, %d seeds, probe %d images",
                data.name(), data.train().size(), data.test().size(), data.features(), c.batch(), c.epochs(), c.seeds(), probe.size()));
        double[][] fixed = new double[c.fixedRates().length][c.seeds()];
        double[] mi = new double[c.seeds()];
        for (int s = 0; s < c.seeds(); s++) {
            long seed = s + 1;
            for (int k = 0; k < c.fixedRates().length; k++) {
                Schedule lr = Schedule.constant(c.fixedRates()[k]);
                Model m = model(data, seed);
                fit(m, data.train(), lr, c.epochs(), c.batch(), seed, null);
                fixed[k][s] = Trainer.evaluate(m, data.test(), 500).accuracy();
                o.row("p18-final", "method,lr,seed,test_accuracy", "constant", c.fixedRates()[k], seed, fixed[k][s]);
            }
            MiRangeTest.Bounds b = MiRangeTest.run(c.rangeGrid(), lr -> {
                Model m = model(data, seed);
                double before = nmi(m, probe);
                fit(m, data.train(), Schedule.constant(lr), 1, c.batch(), seed, null);
                double after = nmi(m, probe);
                return Double.isFinite(after) ? after - before : Double.NaN;
            }, 0.05);
            for (int i = 0; i < b.lrs().length; i++) o.row("p18-range-test", "seed,lr,nmi_gain", seed, b.lrs()[i], b.gains()[i]);
            Model m = model(data, seed);
            MiScheduleHook hook = MiScheduleHook.global(MiLearningRate.of(b.lrMax(), b.lrMin(), c.threshold()), m.module(), probe);
            fit(m, data.train(), hook.schedule(), c.epochs(), c.batch(), seed, hook);
            mi[s] = Trainer.evaluate(m, data.test(), 500).accuracy();
            o.row("p18-final", "method,lr,seed,test_accuracy", "mi", b.lrMax(), seed, mi[s]);
            int e = 0;
            for (Map<String, Double> row : hook.history()) o.row("p18-mi-trace", "seed,epoch,nmi,lr", seed, ++e, row.get("output"), row.get("output.lr"));
            o.line(String.format(Locale.ROOT, "seed %d: range test LR_min %.3g, LR_max %.3g; MI schedule final lr %.3g, NMI %.3f, test accuracy %.2f %%",
                    seed, b.lrMin(), b.lrMax(), hook.controller("output").lr(), hook.lastNmi().get("output"), 100 * mi[s]));
        }
        int best = 0;
        for (int k = 0; k < fixed.length; k++) {
            SeedStats st = SeedStats.of(fixed[k]);
            o.line(String.format(Locale.ROOT, "constant lr %-5s test accuracy %s %%", c.fixedRates()[k], st.format(100, 2)));
            if (st.mean() > SeedStats.of(fixed[best]).mean()) best = k;
        }
        SeedStats tuned = SeedStats.of(fixed[best]), ours = SeedStats.of(mi);
        o.figure("tuned_lr", c.fixedRates()[best]);
        o.figure("tuned_accuracy", tuned.mean());
        o.figure("mi_accuracy", ours.mean());
        o.check(String.format(Locale.ROOT, "MI schedule %s %% vs tuned constant lr %s: %s %%; needs MI >= tuned - 1 point", ours.format(100, 2),
                c.fixedRates()[best], tuned.format(100, 2)), ours.mean() >= tuned.mean() - 0.01);
        return o;
    }

    static Model model(ImageData data, long seed) {
        Sequential net = new Sequential(new Flatten(), new Linear(data.features(), 100), Activation.relu(), new Linear(100, 10));
        net.initialize(new Rng(seed));
        return new Model(net, new int[] {1, data.side(), data.side()}, DType.FLOAT32, Model.Loss.CROSS_ENTROPY);
    }

    private static void fit(Model m, TensorDataset train, Schedule lr, int epochs, int batch, long seed, MiScheduleHook hook) {
        Optimizer opt = Optimizer.of(m.parameters(), Sgd.sgd(lr, 0, 0, 0, false));
        Trainer.Builder b = Trainer.builder().epochs(epochs).seed(seed).learningRate(lr);
        if (hook != null) b.onEpochEnd(hook);
        try (DataLoader loader = DataLoader.of(train).batchSize(batch).seed(seed).build()) {
            b.build().fit("sgd", m, opt, loader, null);
        }
    }

    static double nmi(Model m, TensorDataset probe) {
        m.module().eval();
        try (io.vecgrad.autodiff.NoGrad s = io.vecgrad.autodiff.NoGrad.enter()) {
            Tensor out = m.module().forward(probe.x()).value();
            if (!Double.isFinite(out.sum().item())) return Double.NaN;
            return MutualInformation.normalized(out.argmax(1, false).to(DType.INT64).toLongArray(), probe.y().to(DType.INT64).toLongArray());
        } finally {
            m.module().train();
        }
    }
}
