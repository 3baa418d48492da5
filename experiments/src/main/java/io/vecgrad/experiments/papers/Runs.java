package io.vecgrad.experiments.papers;

import io.vecgrad.datasets.DataLoader;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.train.DataSplit;
import io.vecgrad.train.Model;
import io.vecgrad.train.OptimizerRecipe;
import io.vecgrad.train.RunSummary;
import io.vecgrad.train.Trainer;
import io.vecgrad.train.report.MetricsCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.util.function.LongFunction;

/**
 * One training run with train's {@link Trainer}, its metrics appended to the experiment folder's
 * {@code metrics.csv} (so the report draws its curves), and small formatting helpers.
 *
 * <pre>{@code
 * RunSummary s = Runs.train(ctx, "sgd", data, model, (p, lr) -> Optimizer.of(p, Sgd.sgd(lr)),
 *         total -> Schedules.cosine(0.05, total, 0), 10, 32);
 * }</pre>
 */
final class Runs {
    private Runs() {}

    /**
     * Trains {@code model} on {@code data.train()} for {@code epochs} epochs of shuffled batches
     * (order from the context seed), validating on {@code data.test()} after each epoch.
     *
     * @param schedule the learning-rate schedule given the run's total number of steps
     */
    static RunSummary train(ExperimentContext ctx, String label, DataSplit data, Model model, OptimizerRecipe optimizer,
            LongFunction<Schedule> schedule, int epochs, int batch) throws IOException {
        Files.createDirectories(ctx.dir());
        try (MetricsCsv csv = MetricsCsv.append(ctx.dir().resolve("metrics.csv"));
                DataLoader loader = DataLoader.of(data.train()).batchSize(batch).seed(ctx.seed()).build()) {
            Schedule lr = schedule.apply((long) loader.batchesPerEpoch() * epochs);
            Trainer t = Trainer.builder().epochs(epochs).seed(ctx.seed()).metrics(csv).progress(ctx.progress()).learningRate(lr)
                    .validation(data.test()).build();
            RunSummary s = t.fit(label, model, optimizer.build(model.parameters(), lr), loader, null);
            ctx.recordRun(s);
            return s;
        }
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
