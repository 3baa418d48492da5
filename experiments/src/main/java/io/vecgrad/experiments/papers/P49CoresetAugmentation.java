package io.vecgrad.experiments.papers;

import io.vecgrad.datasets.Batch;
import io.vecgrad.datasets.DataLoader;
import io.vecgrad.datasets.Dataset;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.datasets.coreset.Coreset;
import io.vecgrad.datasets.coreset.CoresetAugmentation;
import io.vecgrad.datasets.coreset.FacilityLocation;
import io.vecgrad.datasets.transform.Transform;
import io.vecgrad.datasets.transform.Transforms;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.Model;
import io.vecgrad.train.diagnostics.PerExample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * P49 (Liu &amp; Mirzasoleiman, "Data-Efficient Augmentation for Training Neural Networks",
 * NeurIPS 2022): augmenting only a weighted facility-location coreset of 30 % of the data,
 * reselected every 5 epochs on the last-layer proxy gradients {@code softmax(z) − onehot(y)},
 * recovers the benefit of augmenting everything at a fraction of the cost. Setting scaled to
 * two cores: the digits MLP 64 → 32 → 10 on the first 500 training images (little data, so
 * augmentation matters), Adam lr 2e-3, batch 32, 40 epochs, augmentation = random 8×8 crop of
 * the image padded by 1 pixel (shifts of up to one pixel) plus Gaussian pixel noise σ = 0.1,
 * seeds 1…3, accuracy on the 360 held-out digits. Four arms, every epoch seeing all original
 * images plus: nothing ("none"); an augmented copy of every image ("full"); augmented copies
 * of the 30 % coreset, weighted by cluster size ({@link CoresetAugmentation}, "coreset");
 * augmented copies of a random 30 % subset redrawn every 5 epochs, unit weights ("random", the
 * paper's baseline). Cost = examples passed forward and backward, plus one third of an
 * example per forward-only pass of the selection.
 *
 * <p>Criterion (fixed before running): mean test accuracy of "coreset" ≥ mean of "full" − 1.0
 * point, its cost ≤ 0.75 × the cost of "full", and mean "coreset" ≥ mean "random".
 *
 * <pre>{@code
 * Outcome o = P49CoresetAugmentation.run(P49CoresetAugmentation.Config.defaults(), dir);
 * }</pre>
 */
public final class P49CoresetAugmentation extends PaperExperiment {
    private static final String[] ARMS = {"none", "full", "coreset", "random"};

    public P49CoresetAugmentation() {
        super("p49-coreset-augmentation", List.of("P49"), "P49 augmenting a 30% facility-location coreset vs all data vs a random 30% subset, digits MLP",
                Experiments.params("seeds", 3, "epochs", 40, "train", 500, "fraction", 0.3, "reselect", 5));
    }

    @Override
    public String claim() {
        return "augmenting a weighted facility-location coreset of 30% of the data (reselected on proxy gradients) matches full augmentation at a fraction of its cost and beats a random subset of the same size";
    }

    @Override
    public String threshold() {
        return "mean test accuracy coreset >= full - 1.0 point, cost(coreset) <= 0.75 cost(full), mean coreset >= mean random (3 seeds)";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        Config c = ctx.quick() ? Config.quick()
                : new Config(p.getInt("seeds"), p.getInt("epochs"), p.getInt("train"), p.getDouble("fraction"), p.getInt("reselect"), 32, 2e-3);
        return run(c, ctx.dir()).toResult(ctx.dir());
    }

    /** Settings. */
    public record Config(int seeds, int epochs, int train, double fraction, int reselect, int batch, double lr) {
        public static Config defaults() {
            return new Config(3, 40, 500, 0.3, 5, 32, 2e-3);
        }

        /** One seed, 3 epochs on 100 images. */
        public static Config quick() {
            return new Config(1, 3, 100, 0.3, 2, 32, 2e-3);
        }
    }

    private record Arm(double accuracy, double cost) {}

    public static Outcome run(Config c, Path dir) throws IOException {
        Outcome o = new Outcome();
        ImageData data = ImageData.digits();
        TensorDataset train = data.train().range(0, c.train());
        o.line(String.format("P49 digits MLP 64-32-10, %d training images, Adam lr %.0e, batch %d, %d epochs, coreset/random fraction %.2f reselected every %d epochs, seeds 1..%d",
                train.size(), c.lr(), c.batch(), c.epochs(), c.fraction(), c.reselect(), c.seeds()));
        double[][] acc = new double[ARMS.length][c.seeds()];
        double[] cost = new double[ARMS.length];
        for (int s = 1; s <= c.seeds(); s++) {
            for (int a = 0; a < ARMS.length; a++) {
                Arm r = train(ARMS[a], c, train, data.test(), s, o);
                acc[a][s - 1] = r.accuracy();
                cost[a] += r.cost() / c.seeds();
                o.line(String.format("seed %d %-8s test accuracy %.4f, cost %.0f example passes", s, ARMS[a], r.accuracy(), r.cost()));
            }
        }
        double[] mean = new double[ARMS.length];
        for (int a = 0; a < ARMS.length; a++) {
            mean[a] = Arrays.stream(acc[a]).average().orElse(Double.NaN);
            o.figure(ARMS[a] + "_accuracy", mean[a]);
            o.figure(ARMS[a] + "_cost", cost[a]);
            o.row("p49-summary", "arm,mean_accuracy,mean_cost", ARMS[a], mean[a], cost[a]);
        }
        double ratio = cost[2] / cost[1];
        o.figure("coreset_cost_ratio", ratio);
        o.line(String.format("mean accuracy: none %.4f, full %.4f, coreset %.4f, random %.4f; coreset cost %.2f x full", mean[0], mean[1], mean[2], mean[3], ratio));
        o.check(String.format("coreset %.4f >= full %.4f - 0.010", mean[2], mean[1]), mean[2] >= mean[1] - 0.010);
        o.check(String.format("coreset cost %.3f x full <= 0.75", ratio), ratio <= 0.75);
        o.check(String.format("coreset %.4f >= random %.4f", mean[2], mean[3]), mean[2] >= mean[3]);
        return o;
    }

    private static Arm train(String arm, Config c, TensorDataset train, TensorDataset test, int seed, Outcome o) {
        Model m = DigitsMlp.model(32, seed);
        Optimizer opt = Optimizer.of(m.parameters(), Adam.adam(c.lr()));
        Transform augment = Transforms.compose(Transforms.randomCrop(8, 1), (x, rng) -> x.add(rng.normal(x.dtype(), 0, 0.1, x.shape())));
        int n = train.size();
        int[] labels = Arrays.stream(train.y().toLongArray()).mapToInt(v -> (int) v).toArray();
        double cost = 0;
        CoresetAugmentation aug = null;
        for (int e = 0; e < c.epochs(); e++) {
            if (!arm.equals("none") && (aug == null || (!arm.equals("full") && e % c.reselect() == 0))) {
                aug = new CoresetAugmentation(train, subset(arm, c, m, train, labels, seed, e), augment, 1000L * seed + arm.hashCode());
                if (arm.equals("coreset")) cost += n / 3.0;   // one forward pass over the data for the proxy gradients
            }
            Dataset epochData = aug == null ? train : aug.epoch(e);
            try (DataLoader loader = DataLoader.of(epochData).batchSize(c.batch()).seed(seed).build()) {
                DigitsMlp.epoch(m, opt, loader, e);
            }
            cost += epochData.size();
        }
        double accuracy = m.evaluate(new Batch(test.x(), test.y(), IntStream.range(0, test.size()).toArray())).accuracy();
        o.row("p49-runs", "seed,arm,test_accuracy,cost", seed, arm, accuracy, cost);
        return new Arm(accuracy, cost);
    }

    private static Coreset subset(String arm, Config c, Model m, TensorDataset train, int[] labels, int seed, int epoch) {
        int n = train.size();
        switch (arm) {
            case "full" -> {
                double[] ones = new double[n];
                Arrays.fill(ones, 1);
                return new Coreset(IntStream.range(0, n).toArray(), ones);
            }
            case "coreset" -> {
                return FacilityLocation.select(PerExample.logitGradients(m, train.x(), train.y()), labels, c.fraction());
            }
            case "random" -> {
                int k = (int) Math.round(c.fraction() * n);
                long[] perm = new Rng(seed).split("p49/random/epoch" + epoch).permutation(n).toLongArray();
                double[] ones = new double[k];
                Arrays.fill(ones, 1);
                return new Coreset(IntStream.range(0, k).map(i -> (int) perm[i]).toArray(), ones);
            }
            default -> throw new IllegalArgumentException("P49: unknown arm " + arm);
        }
    }
}
