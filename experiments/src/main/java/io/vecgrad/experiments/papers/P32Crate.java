package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.nn.crate.CodingRate;
import io.vecgrad.nn.crate.CrateClassifier;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * P32 CRATE (Yu et al., NeurIPS 2023): a small {@link CrateClassifier} trained on the 8×8 digits
 * (2×2 patches: 16 tokens + class token) and on the first 4,000 / 1,000 Fashion-MNIST images (7×7
 * patches: 16 tokens + class token), width 32, depth 4, 4 heads of 8, η = 0.1, λ = 0.1 (the
 * authors' {@code model/crate.py}); cross-entropy, Adam lr 1e-3, batch 64, {@code epochs} epochs
 * (digits) / {@code fashionEpochs} (Fashion-MNIST), seeds 1…{@code seeds}. After training, the
 * coding rate {@code R^c} of every layer's subspace tokens is measured on (up to) 500 test images
 * exactly as the authors' {@code vis_utils/crate_hook.py} + {@code coding_rate.py}
 * ({@link CodingRate#perLayer}, ε² = 0.01), and the fraction of zeros of every ISTA output.
 *
 * <p>Criterion (fixed before running), on each data set with the seed-averaged per-layer means:
 * {@code R^c} decreases layer by layer — at every one of the L − 1 = 3 layer steps — and the last
 * layer's {@code R^c} is at least 5 % below the first's (the paper's layer-wise compression
 * figure); test accuracy at least 90 % on digits and 75 % on Fashion-MNIST. The same measurement at
 * initialization is reported, not judged.
 *
 * <pre>{@code
 * Outcome o = P32Crate.run(P32Crate.Config.defaults());
 * }</pre>
 */
public final class P32Crate extends PaperExperiment {
    public P32Crate() {
        super("p32-crate", List.of("P32"), "P32 CRATE: a small white-box transformer on digits and Fashion-MNIST; coding rate R^c per layer and accuracy",
                Experiments.params("seeds", 2, "epochs", 40, "fashionEpochs", 8));
    }

    @Override
    public String claim() {
        return "in a trained CRATE the coding rate R^c of the token representations decreases layer by layer (compression), at useful accuracy";
    }

    @Override
    public String threshold() {
        return "per data set, seed-averaged R^c per layer strictly decreasing at every layer step and last <= 0.95 x first; test accuracy >= 90 % (digits), >= 75 % (Fashion-MNIST 4000/1000)";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws java.io.IOException {
        return run(ctx.quick() ? Config.quick()
                : new Config(p.getInt("seeds"), p.getInt("epochs"), p.getInt("fashionEpochs"), 4000, 1000, 500)).toResult(ctx.dir());
    }

    /** Sizes of one run. */
    public record Config(int seeds, int epochs, int fashionEpochs, int fashionTrain, int fashionTest, int measured) {
        public static Config defaults() {
            return new Config(2, 40, 8, 4000, 1000, 500);
        }

        public static Config quick() {
            return new Config(1, 1, 1, 128, 64, 32);
        }
    }

    static final int DIM = 32, DEPTH = 4, HEADS = 4, DIM_HEAD = 8;

    public static Outcome run(Config c) {
        Outcome o = new Outcome();
        o.line(String.format("P32 CRATE width %d, depth %d, %d heads of %d, Adam lr 1e-3, batch 64, %d seeds", DIM, DEPTH, HEADS, DIM_HEAD, c.seeds()));
        dataset(o, ImageData.digits(), 2, c.epochs(), 0.90, c);
        if (ImageData.fashionAvailable()) {
            dataset(o, ImageData.fashion(c.fashionTrain(), c.fashionTest()), 7, c.fashionEpochs(), 0.75, c);
        } else {
            o.line("Fashion-MNIST is not installed: digits only");
        }
        return o;
    }

    private static void dataset(Outcome o, ImageData data, int patch, int epochs, double minAccuracy, Config c) {
        String name = data.name().startsWith("fashion") ? "fashion-mnist" : "digits";
        int m = Math.min(c.measured(), data.test().size());
        Tensor probe = data.test().x().slice(0, 0, m).contiguous();
        double[] initial = new double[DEPTH], trained = new double[DEPTH], sparsity = new double[DEPTH], acc = new double[c.seeds()];
        for (int s = 0; s < c.seeds(); s++) {
            long seed = s + 1;
            CrateClassifier net = new CrateClassifier(1, data.side(), patch, DIM, DEPTH, HEADS, DIM_HEAD, 10, new Rng(seed), DType.FLOAT32);
            net.eval();
            List<CodingRate.Stat> before = CodingRate.perLayer(net, probe, CodingRate.EPS2);
            Classifier cl = new Classifier(net, Adam.adam(1e-3));
            List<Classifier.Point> curve = cl.fit(data.train(), data.test(), 64, epochs, seed);
            for (Classifier.Point p : curve) {
                o.row("p32-" + name + "-training", "seed,epoch,step,train_loss,test_loss,test_accuracy", seed, p.epoch(), p.step(), p.trainLoss(), p.evalLoss(), p.evalAccuracy());
            }
            acc[s] = curve.get(curve.size() - 1).evalAccuracy();
            net.eval();
            List<CodingRate.Stat> after = CodingRate.perLayer(net, probe, CodingRate.EPS2);
            List<Double> zeros = CodingRate.sparsityPerLayer(net, probe);
            for (int l = 0; l < DEPTH; l++) {
                initial[l] += before.get(l).mean() / c.seeds();
                trained[l] += after.get(l).mean() / c.seeds();
                sparsity[l] += zeros.get(l) / c.seeds();
                o.row("p32-" + name + "-coding-rate", "seed,layer,rc_init_mean,rc_init_std,rc_trained_mean,rc_trained_std,ista_zero_fraction",
                        seed, l + 1, before.get(l).mean(), before.get(l).std(), after.get(l).mean(), after.get(l).std(), zeros.get(l));
            }
        }
        o.line(String.format("%s (%d train / %d test, %d×%d patches, %d epochs): R^c per layer at init %s, trained %s; ISTA zero fraction %s",
                name, data.train().size(), data.test().size(), patch, patch, epochs, fmt(initial), fmt(trained), fmt(sparsity)));
        int steps = 0;
        for (int l = 0; l + 1 < DEPTH; l++) steps += trained[l + 1] < trained[l] ? 1 : 0;
        o.figure(name + "_rc_first", trained[0]);
        o.figure(name + "_rc_last", trained[DEPTH - 1]);
        o.check(String.format("%s: R^c decreases at %d of %d layer steps, last/first = %.3f; needs %d of %d and <= 0.95", name, steps, DEPTH - 1,
                trained[DEPTH - 1] / trained[0], DEPTH - 1, DEPTH - 1), steps == DEPTH - 1 && trained[DEPTH - 1] <= 0.95 * trained[0]);
        SeedStats a = SeedStats.of(acc);
        o.figure(name + "_accuracy", a.mean());
        o.check(String.format("%s: test accuracy %s %%; needs >= %.0f %%", name, a.format(100, 2), 100 * minAccuracy), a.mean() >= minAccuracy);
    }

    private static String fmt(double[] v) {
        List<String> s = new ArrayList<>();
        for (double x : v) s.add(String.format("%.2f", x));
        return "[" + String.join(", ", s) + "]";
    }
}
