package io.vecgrad.experiments.papers;

import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.datasets.real.Digits;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Flatten;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.optim.schedule.Schedules;
import io.vecgrad.optim.zoo.OptimizerRegistry;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.DataInfo;
import io.vecgrad.train.DataSplit;
import io.vecgrad.train.Model;
import io.vecgrad.train.RunSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Learning-rate schedules compared with one optimizer (SGD, lr 0.05, momentum 0.9) on digits: the
 * first schedule is the paper's, the others its competitors. Passes when the paper's schedule
 * ends with a final training loss no worse than the best competitor's times (1 + slack) and a
 * test accuracy no worse than the best competitor's minus the tolerance.
 *
 * <p>Setting: digits (pixels / 16), 20 % held out by a seeded split, {@code flatten → Linear(64,
 * hidden) → ReLU → Linear(hidden, 10)}, batch 32, the same initial weights for every schedule.
 * Schedules by name: {@code linear-decay} (to 0 over the run), {@code cosine} (to 0),
 * {@code step} (× 0.1 every third of the run).
 *
 * <pre>{@code
 * Experiment p52 = Experiments.find("p52-linear-decay").orElseThrow();
 * ExperimentResult r = p52.run(Parameters.defaults(p52.defaults()), ExperimentContext.of(dir, 42, true));
 * }</pre>
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
        DataSplit data = digits();
        double lr = p.getDouble("lr");
        for (String schedule : schedules) {
            Sequential net = new Sequential(new Flatten(), new Linear(64, p.getInt("hidden")), Activation.relu(),
                    new Linear(p.getInt("hidden"), 10));
            net.initialize(new Rng(ctx.seed()).split("model"));
            Model model = new Model(net, new int[] {1, 8, 8}, DType.FLOAT32, Model.Loss.CROSS_ENTROPY);
            runs.add(Runs.train(ctx, schedule, data, model, (params, rate) -> Optimizer.of(params,
                    OptimizerRegistry.get("sgd").build(Map.of("lr", lr, "momentum", p.getDouble("momentum")), rate)),
                    schedule(schedule, lr), epochs, 32));
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

    private static LongFunction<Schedule> schedule(String name, double lr) {
        return switch (name) {
            case "linear-decay" -> total -> Schedules.linearDecay(lr, total);
            case "cosine" -> total -> Schedules.cosine(lr, total, 0);
            case "step" -> total -> Schedules.step(lr, Math.max(1, total / 3), 0.1);
            default -> throw new IllegalArgumentException("ScheduleComparison: unknown schedule '" + name
                    + "'; known: linear-decay, cosine, step");
        };
    }

    /** Digits, pixels / 16, 20 % held out (split seed 0), images [1, 8, 8]. */
    static DataSplit digits() {
        TensorDataset all = Digits.load();
        return DataSplit.split("digits", all.x().to(DType.FLOAT32).div(16.0), all.y().to(DType.INT64), 0.2,
                new Rng(0).split("digits"), new DataInfo(new int[] {1, 8, 8}, 10, 0), false);
    }
}
