package io.vecgrad.cli.experiments;

import io.vecgrad.cli.registry.Experiment;
import io.vecgrad.cli.registry.ExperimentContext;
import io.vecgrad.cli.registry.ExperimentResult;
import io.vecgrad.cli.spec.Params;
import io.vecgrad.cli.train.RunSummary;
import java.util.List;

/**
 * A paper's optimizer against Adam and SGD with momentum on the digits test split, same model,
 * same initial weights and batch order. The claim each paper makes is "as good as or better
 * than the baselines"; the check is that the method's test accuracy is at least the better
 * baseline's minus a stated tolerance.
 */
final class OptimizerVsBaselines implements Experiment {
    private final String paper;
    private final String method;

    OptimizerVsBaselines(String paper, String method) {
        this.paper = paper;
        this.method = method;
    }

    @Override
    public String claim() {
        return paper + ": " + method + " reaches a digits test accuracy at least that of the better of Adam and"
                + " SGD+momentum minus the tolerance (default 1 point)";
    }

    @Override
    public ExperimentResult run(Params p, ExperimentContext ctx) throws Exception {
        int epochs = ctx.quick() ? 1 : p.getInt("epochs");
        List<RunSummary> s = Runs.train(ctx, "digits", p.getString("model"), "constant", epochs, 32,
                p.getString("optimizer"), p.getString("adam"), p.getString("sgd"));
        double mine = s.get(0).testAccuracy();
        double best = Math.max(s.get(1).testAccuracy(), s.get(2).testAccuracy());
        double tol = p.getDouble("tolerance");
        boolean passed = Runs.ok(s.get(0)) && mine >= best - tol;
        return new ExperimentResult(method + " " + Runs.pct(mine) + " vs Adam " + Runs.pct(s.get(1).testAccuracy())
                + " and SGD " + Runs.pct(s.get(2).testAccuracy()) + " test accuracy after " + epochs
                + " epochs (needs >= " + Runs.pct(best - tol) + ")", passed);
    }
}
