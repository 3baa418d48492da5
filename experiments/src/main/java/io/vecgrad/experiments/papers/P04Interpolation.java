package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import java.util.List;
import java.util.Map;
import io.vecgrad.train.RunSummary;

/**
 * P04 (Chatterji, Long, Bartlett): a two-layer net with Huberized ReLU and a fixed ±1/√m output
 * layer, trained by full-batch gradient descent on the logistic loss over four-cluster (XOR)
 * data, drives the training loss to zero. Measured: the final full-batch loss.
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
        int n = p.getInt("n");
        int epochs = ctx.quick() ? Math.min(p.getInt("epochs"), 100) : p.getInt("epochs");
        double threshold = p.getDouble("threshold");
        int nTrain = n - (int) Math.round(n * 0.2);
        RunSummary s = Runs.train(ctx, "four-clusters:n=" + n + ",d=" + p.getInt("d"),
                "two-layer:activation=huberized,train-output=false,hidden=" + p.getInt("hidden"), "constant", epochs,
                nTrain, "sgd:lr=" + p.getDouble("lr")).get(0);
        boolean passed = Runs.ok(s) && s.trainLoss() < threshold && s.trainAccuracy() == 1.0;
        return new ExperimentResult("final training loss " + Runs.sci(s.trainLoss()) + " after " + s.steps()
                + " GD steps (threshold " + threshold + "), train accuracy " + Runs.pct(s.trainAccuracy())
                + ", test accuracy " + Runs.pct(s.testAccuracy()), passed);
    }
}
