package io.vecgrad.experiments.papers;

import io.vecgrad.datasets.DataLoader;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.MetricRow;
import io.vecgrad.train.Model;
import io.vecgrad.train.RunSummary;
import io.vecgrad.train.Trainer;
import io.vecgrad.train.adversarial.AdversarialTraining;
import io.vecgrad.train.adversarial.Pgd;
import io.vecgrad.train.adversarial.RobustEvaluation;
import io.vecgrad.train.adversarial.Robustness;
import io.vecgrad.train.report.Plots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * P16 adversarial training (Zhang et al., NeurIPS 2020, who analyse Madry-style training:
 * alternate an attack with a gradient step on the attacked loss). The setting is Madry et al.'s
 * MNIST protocol scaled to two cores: the 8×8 digits (1,437 train / 360 test, pixels in [0, 1]),
 * an MLP 64-64-10 (ReLU, float32), Adam lr 1e-3, batch 32, 20 epochs, seeds 1…5 (initial
 * weights and batch order; both runs of a seed share them).
 *
 * <ul>
 *   <li>standard training, and PGD adversarial training: every batch replaced by L∞ PGD points,
 *       ε = 0.1, 7 steps of α = 0.025, random start, clipped to [0, 1] (through
 *       {@link AdversarialTraining} on the one {@link Trainer});
 *   <li>evaluation on the test set: clean accuracy, and robust accuracy against a stronger L∞
 *       PGD, ε = 0.1, 20 steps of α = 0.01, random start, clipped to [0, 1]; FGSM (ε = 0.1)
 *       robust accuracy is reported too.
 * </ul>
 *
 * Criterion (fixed before running): the mean PGD robust test accuracy of the adversarially
 * trained nets exceeds the standard nets' by at least 20 points and by more than the seed
 * spread (2·sqrt(se_a² + se_s²)). The clean-accuracy cost is reported, not judged.
 *
 * <pre>{@code
 * ExperimentResult r = P16AdversarialTraining.run(P16AdversarialTraining.Config.defaults(), runDir);
 * }</pre>
 */
public final class P16AdversarialTraining extends PaperExperiment {
    public P16AdversarialTraining() {
        super("p16-adversarial-training", List.of("P16"),
                "P16 PGD adversarial training vs standard training on digits: robust accuracy against L-inf PGD, clean-accuracy cost",
                Experiments.params("seeds", 5, "epochs", 20));
    }

    @Override
    public String claim() {
        return "Madry-style PGD adversarial training raises the test accuracy under an L-inf PGD attack (eps 0.1, 20 steps) well above standard training's, at some cost in clean accuracy";
    }

    @Override
    public String threshold() {
        return "mean PGD robust test accuracy: adversarial >= standard + 20 points, and the difference > 2*sqrt(se_a^2 + se_s^2) over the seeds";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        Config c = ctx.quick() ? Config.quick() : Config.defaults().with(p.getInt("seeds"), p.getInt("epochs"));
        return run(c, ctx.dir());
    }

    /**
     * @param testSize test examples used (the first ones); 360 = all
     */
    public record Config(int seeds, int epochs, int hidden, double lr, int batch, double eps, double trainStep, int trainSteps,
            double evalStep, int evalSteps, int testSize) {
        public static Config defaults() {
            return new Config(5, 20, 64, 1e-3, 32, 0.1, 0.025, 7, 0.01, 20, 360);
        }

        /** A tiny configuration for tests: 1 seed, 1 epoch, 3-step attacks, 60 test images. */
        public static Config quick() {
            return new Config(1, 1, 16, 1e-3, 32, 0.1, 0.05, 3, 0.05, 3, 60);
        }

        Config with(int s, int e) {
            return new Config(s, e, hidden, lr, batch, eps, trainStep, trainSteps, evalStep, evalSteps, testSize);
        }

        Pgd trainAttack() {
            return Pgd.linf(eps, trainStep, trainSteps).clip(0, 1);
        }

        Pgd evalAttack() {
            return Pgd.linf(eps, evalStep, evalSteps).clip(0, 1);
        }
    }

    static Model mlp(int hidden, long seed) {
        Module net = new Sequential(new Linear(64, hidden), Activation.relu(), new Linear(hidden, 10));
        net.initialize(new Rng(seed));
        return new Model(net, new int[] {64}, DType.FLOAT32, Model.Loss.CROSS_ENTROPY);
    }

    /** Runs the comparison and writes outcome.txt, the CSV tables and the PNG plots into {@code dir}. */
    public static ExperimentResult run(Config c, Path dir) throws IOException {
        ImageData data = ImageData.digits();
        TensorDataset test = data.test().range(0, c.testSize());
        Outcome o = new Outcome();
        o.line(String.format("P16 adversarial training on digits: %d train / %d test, MLP 64-%d-10, Adam lr %.0e, batch %d, %d epochs, %d seeds",
                data.train().size(), test.size(), c.hidden(), c.lr(), c.batch(), c.epochs(), c.seeds()));
        o.line("training attack " + c.trainAttack() + "; evaluation attack " + c.evalAttack() + "; FGSM eps " + c.eps());
        String[] kinds = {"standard", "adversarial"};
        double[][] clean = new double[2][c.seeds()];
        double[][] robust = new double[2][c.seeds()];
        double[][] fgsm = new double[2][c.seeds()];
        List<MetricRow> training = new ArrayList<>();
        List<MetricRow> perEpoch = new ArrayList<>();
        for (int s = 0; s < c.seeds(); s++) {
            long seed = s + 1;
            for (int k = 0; k < 2; k++) {
                Model model = mlp(c.hidden(), seed);
                Optimizer adam = Optimizer.of(model.parameters(), Adam.adam(c.lr()));
                boolean first = s == 0;
                String label = kinds[k];
                Trainer.Builder tb = Trainer.builder().epochs(c.epochs()).seed(seed).logEvery(5)
                        .perturbation(k == 1 ? AdversarialTraining.of(c.trainAttack()) : null)
                        .metrics(row -> {
                            if (first) {
                                training.add(row);
                            }
                        });
                if (first) {
                    tb.onEpochEnd(e -> {
                        RobustEvaluation r = Robustness.evaluate(model, test, c.evalAttack(), 256, 1000 + e.epoch());
                        perEpoch.add(PlotFiles.row(label + ": clean", e.epoch(), r.cleanLoss(), r.cleanAccuracy()));
                        perEpoch.add(PlotFiles.row(label + ": PGD", e.epoch(), r.robustLoss(), r.robustAccuracy()));
                        model.module().train();
                    });
                }
                RunSummary run;
                try (DataLoader loader = DataLoader.of(data.train()).batchSize(c.batch()).seed(seed).build()) {
                    run = tb.build().fit(label, model, adam, loader, null);
                }
                RobustEvaluation r = Robustness.evaluate(model, test, c.evalAttack(), 256, seed);
                RobustEvaluation f = Robustness.evaluate(model, test, Pgd.fgsm(c.eps()).clip(0, 1), 256, seed);
                clean[k][s] = r.cleanAccuracy();
                robust[k][s] = r.robustAccuracy();
                fgsm[k][s] = f.robustAccuracy();
                o.row("p16-final", "training,seed,train_loss,clean_accuracy,pgd_accuracy,fgsm_accuracy,clean_loss,pgd_loss",
                        label, seed, run.trainLoss(), r.cleanAccuracy(), r.robustAccuracy(), f.robustAccuracy(), r.cleanLoss(), r.robustLoss());
            }
        }
        for (MetricRow r : perEpoch) {
            o.row("p16-per-epoch", "curve,epoch,loss,accuracy", r.optimizer(), r.epoch() + 1, r.validationLoss(), r.validationAccuracy());
        }
        SeedStats rs = SeedStats.of(robust[0]);
        SeedStats ra = SeedStats.of(robust[1]);
        SeedStats cs = SeedStats.of(clean[0]);
        SeedStats ca = SeedStats.of(clean[1]);
        double margin = SeedStats.margin(ra, rs);
        o.figure("robust_accuracy_standard", rs.mean()).figure("robust_accuracy_adversarial", ra.mean())
                .figure("clean_accuracy_standard", cs.mean()).figure("clean_accuracy_adversarial", ca.mean());
        o.line(String.format("clean test accuracy: standard %s %%, adversarial %s %% (cost %.2f points)", cs.format(100, 2), ca.format(100, 2),
                100 * (cs.mean() - ca.mean())));
        o.line(String.format("FGSM test accuracy: standard %s %%, adversarial %s %%", SeedStats.of(fgsm[0]).format(100, 2),
                SeedStats.of(fgsm[1]).format(100, 2)));
        o.check(String.format("PGD robust test accuracy: adversarial %s %% vs standard %s %%; needs >= standard + 20 points and > the seed spread %.2f points",
                ra.format(100, 2), rs.format(100, 2), 100 * margin), ra.mean() >= rs.mean() + 0.20 && ra.mean() - rs.mean() > margin);
        PlotFiles.perEpoch(perEpoch, dir, "seed1-test").forEach(o::attach);
        Plots.writeAll(training, java.nio.file.Files.createDirectories(dir.resolve("training-seed1"))).forEach(o::attach);
        return o.toResult(dir);
    }
}
