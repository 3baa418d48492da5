package io.vecgrad.experiments.papers;

import io.vecgrad.datasets.synthetic.FourClusters;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.models.TwoLayerNet;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.optim.zoo.OptimizerRegistry;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.DataInfo;
import io.vecgrad.train.DataSplit;
import io.vecgrad.train.Model;
import io.vecgrad.train.RunSummary;
import java.util.List;
import java.util.Map;

/**
 * P04 (Chatterji, Long, Bartlett): a two-layer net with Huberized ReLU (h = 0.5) and a fixed
 * ±1/√m output layer, trained by full-batch gradient descent on the logistic loss over
 * four-cluster (XOR) data, drives the training loss to zero. Measured: the final full-batch loss.
 *
 * <p>Setting: {@link FourClusters} with separation 5 and radius 1 (data seed 0), 20 % held out,
 * float64 {@link TwoLayerNet} with hidden width {@code hidden}, weights N(0, 0.01²), plain GD
 * (one batch per epoch) at rate {@code lr}.
 *
 * <pre>{@code
 * Experiment p04 = Experiments.find("p04-interpolation").orElseThrow();
 * ExperimentResult r = p04.run(Parameters.defaults(p04.defaults()), ExperimentContext.of(dir, 42, true));
 * }</pre>
 */
public final class P04Interpolation extends PaperExperiment {
    public P04Interpolation(String id, List<String> papers, String description, Map<String, ?> defaults) {
        super(id, papers, description, defaults);
    }

    @Override
    public String threshold() {
        return "final full-batch training loss < threshold (default 0.01) and training accuracy = 100%";
    }

    @Override
    public String claim() {
        return "P04: GD on a Huberized two-layer net with fixed output layer drives the logistic loss on"
                + " four-cluster data below the threshold (default 0.01) with 100% training accuracy";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws Exception {
        int epochs = ctx.quick() ? Math.min(p.getInt("epochs"), 100) : p.getInt("epochs");
        double threshold = p.getDouble("threshold");
        DataSplit data = fourClusters(p.getInt("n"), p.getInt("d"));
        TwoLayerNet net = new TwoLayerNet(p.getInt("d"), p.getInt("hidden"), Activation.huberizedRelu(0.5), false, 0.01,
                new Rng(ctx.seed()).split("model"), DType.FLOAT64);
        Model model = new Model(net, new int[] {p.getInt("d")}, DType.FLOAT64, Model.Loss.BINARY_LOGISTIC);
        double lr = p.getDouble("lr");
        RunSummary s = Runs.train(ctx, "gd:lr=" + lr, data, model, (params, rate) -> Optimizer.of(params, OptimizerRegistry.get("sgd").build(Map.of("lr", lr), rate)),
                total -> Schedule.constant(lr), epochs, data.trainSize());
        boolean passed = Runs.ok(s) && s.trainLoss() < threshold && s.trainAccuracy() == 1.0;
        return new ExperimentResult("final training loss " + Runs.sci(s.trainLoss()) + " after " + s.steps()
                + " GD steps (threshold " + threshold + "), train accuracy " + Runs.pct(s.trainAccuracy())
                + ", test accuracy " + Runs.pct(s.testAccuracy()), passed);
    }

    /** Four clusters, labels ±1 mapped to classes {0, 1}, 20 % held out by a seeded split. */
    static DataSplit fourClusters(int n, int d) {
        FourClusters f = FourClusters.generate(n, d, 5.0, 1.0, 0);
        Tensor y = f.y().add(1).div(2).to(DType.INT64);
        return DataSplit.split("four-clusters", f.x(), y, 0.2, new Rng(0).split("split"), new DataInfo(new int[] {d}, 2, 0),
                false);
    }
}
