package io.vecgrad.experiments.papers;

import io.vecgrad.datasets.Batch;
import io.vecgrad.datasets.DataLoader;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Flatten;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.partition.ProxyLayerTraining;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * P20 (Bidart &amp; Wong, "MonolithNet", JCVIS 2018): a deep network trained partition by
 * partition, each partition with its own proxy head and the earlier partitions frozen
 * ({@link ProxyLayerTraining}), reaches the accuracy of end-to-end training while only a
 * fraction of the parameters is trained at a time. Setting scaled to two cores: digits, an MLP
 * 64 → 128 → 128 → 128 → 10 (ReLU) split into K = 3 partitions of one hidden layer each, proxy
 * heads Linear(128, 10), Adam lr 1e-3, batch 32; end-to-end gets 30 epochs, the partitioned run
 * 10 epochs per phase (the same number of optimizer steps), seeds 1…3, accuracy on the 360
 * held-out digits.
 *
 * <p>Criterion (fixed before running): mean test accuracy of the partitioned network ≥ mean of
 * end-to-end − 2.0 points, and the largest phase trains ≤ 60 % of the assembled network's
 * parameters.
 *
 * <pre>{@code
 * Outcome o = P20ProxyLayers.run(P20ProxyLayers.Config.defaults(), dir);
 * }</pre>
 */
public final class P20ProxyLayers extends PaperExperiment {
    public P20ProxyLayers() {
        super("p20-proxy-layers", List.of("P20"), "P20 partitioned training with proxy heads vs end-to-end backprop, digits MLP with 3 partitions",
                Experiments.params("seeds", 3, "epochs", 30, "hidden", 128));
    }

    @Override
    public String claim() {
        return "training a deep network partition by partition with proxy layers, earlier partitions frozen, reaches the accuracy of end-to-end training while training only a fraction of the parameters at a time";
    }

    @Override
    public String threshold() {
        return "mean test accuracy partitioned >= end-to-end - 2.0 points (3 seeds, same optimizer steps) and largest phase trains <= 60% of the parameters";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        Config c = ctx.quick() ? Config.quick() : new Config(p.getInt("seeds"), p.getInt("epochs"), p.getInt("hidden"), ImageData.DIGITS_TRAIN);
        return run(c, ctx.dir()).toResult(ctx.dir());
    }

    /** Settings; {@code epochs} is the end-to-end budget, split evenly over the 3 phases. */
    public record Config(int seeds, int epochs, int hidden, int train) {
        public static Config defaults() {
            return new Config(3, 30, 128, ImageData.DIGITS_TRAIN);
        }

        /** One seed, 3 epochs, hidden 16, 200 images. */
        public static Config quick() {
            return new Config(1, 3, 16, 200);
        }
    }

    private static final int K = 3;

    public static Outcome run(Config c, Path dir) throws IOException {
        Outcome o = new Outcome();
        ImageData data = ImageData.digits();
        TensorDataset train = data.train().range(0, c.train());
        o.line(String.format("P20 digits MLP 64-%d-%d-%d-10 in %d partitions, Adam lr 1e-3, batch 32, end-to-end %d epochs vs %d epochs per phase, %d training images, seeds 1..%d",
                c.hidden(), c.hidden(), c.hidden(), K, c.epochs(), c.epochs() / K, train.size(), c.seeds()));
        double[] e2e = new double[c.seeds()], part = new double[c.seeds()];
        double largestShare = 0;
        for (int s = 1; s <= c.seeds(); s++) {
            List<Module> blocks = blocks(c.hidden());
            Module net = init(blocks, s);
            Classifier ref = new Classifier(net, Adam.adam(1e-3));
            ref.fit(train, data.test(), 32, c.epochs(), s);
            e2e[s - 1] = ref.evaluate(data.test()).accuracy();

            blocks = blocks(c.hidden());
            init(blocks, s);
            List<Module> proxies = new ArrayList<>();
            for (int k = 0; k < K - 1; k++) proxies.add(new Linear(c.hidden(), 10));
            Module proxyTree = new Sequential(proxies.toArray(Module[]::new));
            proxyTree.initialize(new Rng(s).split("proxies"));
            proxies.add(blocks.get(K));
            ProxyLayerTraining t = new ProxyLayerTraining(blocks.subList(0, K), proxies, Adam.adam(1e-3));
            long total = new Classifier(t.assembled(), Adam.adam(1e-3)).model().numParameters();
            try (DataLoader loader = DataLoader.of(train).batchSize(32).seed(s).build()) {
                for (int k = 0; k < K; k++) {
                    largestShare = Math.max(largestShare, (double) t.phaseParameters(k).numel() / total);
                    for (int e = 0; e < c.epochs() / K; e++) {
                        try (DataLoader.Epoch batches = loader.epoch(k * 1000 + e)) {
                            for (Batch b : batches) t.step(k, b);
                        }
                    }
                }
            }
            part[s - 1] = new Classifier(t.assembled(), Adam.adam(1e-3)).evaluate(data.test()).accuracy();
            o.row("p20-runs", "seed,end_to_end_accuracy,partitioned_accuracy", s, e2e[s - 1], part[s - 1]);
            o.line(String.format("seed %d: end-to-end %.4f, partitioned %.4f", s, e2e[s - 1], part[s - 1]));
        }
        double me = Arrays.stream(e2e).average().orElse(Double.NaN), mp = Arrays.stream(part).average().orElse(Double.NaN);
        o.figure("end_to_end_accuracy", me);
        o.figure("partitioned_accuracy", mp);
        o.figure("largest_phase_share", largestShare);
        o.line(String.format("mean accuracy: end-to-end %.4f, partitioned %.4f; largest phase trains %.1f %% of the parameters", me, mp, 100 * largestShare));
        o.check(String.format("partitioned %.4f >= end-to-end %.4f - 0.020", mp, me), mp >= me - 0.020);
        o.check(String.format("largest phase share %.3f <= 0.60", largestShare), largestShare <= 0.60);
        return o;
    }

    /** Partitions 1..K (flatten + linear + ReLU each) and the final head, index K. */
    private static List<Module> blocks(int h) {
        List<Module> b = new ArrayList<>();
        b.add(new Sequential(new Flatten(), new Linear(64, h), Activation.relu()));
        for (int k = 1; k < K; k++) b.add(new Sequential(new Linear(h, h), Activation.relu()));
        b.add(new Linear(h, 10));
        return b;
    }

    /** Initialises the blocks as one network from {@code seed} and returns that network. */
    private static Module init(List<Module> blocks, long seed) {
        Module net = new Sequential(blocks.toArray(Module[]::new));
        net.initialize(new Rng(seed));
        return net;
    }
}
