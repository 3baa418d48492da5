package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import java.util.Map;
import io.vecgrad.train.RunSummary;
import java.util.List;

/**
 * A paper's optimizer against Adam and SGD with momentum on the digits test split, same model,
 * same initial weights and batch order. The claim each paper makes is "as good as or better
 * than the baselines"; the check is that the method's test accuracy is at least the better
 * baseline's minus a stated tolerance.
 */
public final class OptimizerVsBaselines extends PaperExperiment {
    private final String paper;
    private final String method;

    public OptimizerVsBaselines(String id, List<String> papers, String description, Map<String, ?> defaults,
            String paper, String method) {
        super(id, papers, description, defaults);
        this.paper = paper;
        this.method = method;
    }

    @Override
    public String threshold() {
        return "method's test accuracy >= max(Adam, SGD+momentum test accuracy) - tolerance (default 0.01), finite loss";
    }

    @Override
    public String claim() {
        return paper + ": " + method + " reaches a digits test accuracy at least that of the better of Adam and"
                + " SGD+momentum minus the tolerance (default 1 point)";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws Exception {
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
