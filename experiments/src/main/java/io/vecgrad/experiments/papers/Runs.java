package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.train.RunSummary;
import io.vecgrad.train.TrainingPlan;
import java.util.List;

/** Small helpers shared by the experiments: one plan, one call, summaries by optimizer label. */
final class Runs {
    private Runs() {}

    /** Trains every optimizer of one plan; the summaries come back in the plan's order. */
    static List<RunSummary> train(ExperimentContext ctx, String dataset, String model, String schedule, int epochs,
            int batch, String... optimizers) throws Exception {
        return ctx.train(new TrainingPlan(dataset, model, List.of(optimizers), schedule, epochs, batch, ctx.seed(), 1,
                1, 0));
    }

    /** True when the run finished with a finite loss. */
    static boolean ok(RunSummary s) {
        return "done".equals(s.status()) && Double.isFinite(s.trainLoss());
    }

    static String pct(double accuracy) {
        return String.format("%.2f%%", 100 * accuracy);
    }

    static String sci(double v) {
        return String.format("%.3g", v);
    }
}
