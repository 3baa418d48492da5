package io.vecgrad.train.report;

import io.vecgrad.train.RunSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The summary table of a run folder, from the {@link RunSummary} of each optimizer. */
public final class Summaries {
    private Summaries() {}

    public static Table table(List<RunSummary> runs) {
        Table t = new Table("optimizer", "status", "steps", "seconds", "steps/s", "train loss",
                "train acc", "test loss", "test acc");
        for (RunSummary r : runs) {
            t.row(r.optimizer(), r.status(), Long.toString(r.steps()), fmt(r.seconds(), "%.2f"),
                    fmt(r.stepsPerSecond(), "%.1f"), fmt(r.trainLoss(), "%.4f"), pct(r.trainAccuracy()),
                    fmt(r.testLoss(), "%.4f"), pct(r.testAccuracy()));
        }
        return t;
    }

    /** One summary as a JSON-ready map (non-finite numbers become null). */
    public static Map<String, Object> toMap(RunSummary r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("optimizer", r.optimizer());
        m.put("status", r.status());
        m.put("steps", r.steps());
        m.put("seconds", r.seconds());
        m.put("train_loss", r.trainLoss());
        m.put("train_accuracy", r.trainAccuracy());
        m.put("test_loss", r.testLoss());
        m.put("test_accuracy", r.testAccuracy());
        return m;
    }

    static String fmt(double v, String f) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, f, v);
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }
}
