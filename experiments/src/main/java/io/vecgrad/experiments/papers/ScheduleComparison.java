package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import java.util.Map;
import io.vecgrad.train.RunSummary;
import java.util.ArrayList;
import java.util.List;

/**
 * Learning-rate schedules compared with one optimizer (SGD+momentum) on digits: the first
 * schedule is the paper's, the others its competitors. Passes when the paper's schedule ends
 * with a final training loss no worse than the best competitor's times (1 + slack) and a test
 * accuracy no worse than the best competitor's minus the tolerance.
 */
public final class ScheduleComparison extends PaperExperiment {
    private final String claim;
    private final List<String> schedules;

    public ScheduleComparison(String id, List<String> papers, String description, Map<String, ?> defaults,
            String claim, List<String> schedules) {
        super(id, papers, description, defaults);
        this.claim = claim;
        this.schedules = schedules;
    }

    @Override
    public String threshold() {
        return "first schedule's final train loss <= best competitor's x (1 + slack) and test accuracy >="
                + " best competitor's - tolerance (defaults: slack 0.05, tolerance 0.01)";
    }

    @Override
    public String claim() {
        return claim;
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws Exception {
        int epochs = ctx.quick() ? 1 : p.getInt("epochs");
        List<RunSummary> runs = new ArrayList<>();
        for (String schedule : schedules) {
            runs.add(Runs.train(ctx, "digits", p.getString("model"), schedule, epochs, 32, p.getString("optimizer")).get(0));
        }
        RunSummary mine = runs.get(0);
        double bestLoss = Double.POSITIVE_INFINITY;
        double bestAcc = 0;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < runs.size(); i++) {
            RunSummary s = runs.get(i);
            text.append(i == 0 ? "" : "; ").append(schedules.get(i)).append(": train loss ").append(Runs.sci(s.trainLoss()))
                    .append(", test ").append(Runs.pct(s.testAccuracy()));
            if (i > 0 && Runs.ok(s)) {
                bestLoss = Math.min(bestLoss, s.trainLoss());
                bestAcc = Math.max(bestAcc, s.testAccuracy());
            }
        }
        double slack = p.getDouble("slack");
        double tol = p.getDouble("tolerance");
        boolean passed = Runs.ok(mine) && mine.trainLoss() <= bestLoss * (1 + slack) && mine.testAccuracy() >= bestAcc - tol;
        text.append(" (needs loss <= ").append(Runs.sci(bestLoss * (1 + slack))).append(" and test >= ")
                .append(Runs.pct(bestAcc - tol)).append(", after ").append(epochs).append(" epochs)");
        return new ExperimentResult(text.toString(), passed);
    }
}
