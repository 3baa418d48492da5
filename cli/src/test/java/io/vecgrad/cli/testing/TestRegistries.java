package io.vecgrad.cli.testing;

import io.vecgrad.cli.registry.DatasetUnavailableException;
import io.vecgrad.cli.registry.Experiment;
import io.vecgrad.cli.registry.ExperimentContext;
import io.vecgrad.cli.registry.ExperimentResult;
import io.vecgrad.cli.registry.Registries;
import io.vecgrad.cli.registry.Registry;
import io.vecgrad.cli.spec.Params;
import io.vecgrad.cli.train.RunSummary;
import io.vecgrad.cli.train.TrainingPlan;
import java.nio.file.Path;
import java.util.List;

/** Registries filled with TEST-ONLY entries (names start with "test-"). */
public final class TestRegistries {
    private TestRegistries() {}

    public static Registries create() {
        Registries r = Registries.empty();
        r.optimizers().add("test-sgd", "test-only heavy-ball SGD", Registry.params("lr", 0.1, "momentum", 0.0),
                p -> new MomentumSgd(p.getDouble("momentum")));
        r.schedules().add("test-step", "test-only: lr * factor every `every` steps",
                Registry.params("every", 10, "factor", 0.5),
                (p, lr, steps) -> step -> lr * Math.pow(p.getDouble("factor"), step / p.getInt("every")));
        r.models().add("test-logreg", "test-only logistic regression", Registry.params(),
                (p, info, rng) -> new LogisticRegression(info, rng));
        r.datasets().add("test-blobs", "test-only Gaussian blobs",
                Registry.params("n", 200, "d", 4, "k", 3, "spread", 3.0),
                (p, rng) -> Blobs.make(p.getInt("n"), p.getInt("d"), p.getInt("k"), p.getDouble("spread"), rng));
        r.datasets().addWithArgument("test-missing", "path", "test-only file-backed set that is never installed",
                Registry.params(), (p, rng) -> {
                    DatasetUnavailableException.requireFiles("fashion-mnist", "dataset-fashion-mnist",
                            Path.of(p.getString("path")));
                    throw new AssertionError("unreachable: the file does not exist");
                });
        r.experiments().add("test-separable", "test-only claim", Registry.params("min-accuracy", 0.9),
                new Separable());
        return r;
    }

    /** Claim: logistic regression separates well-spread blobs. */
    static final class Separable implements Experiment {
        @Override
        public String claim() {
            return "test-sgd separates test-blobs with held-out accuracy >= min-accuracy";
        }

        @Override
        public ExperimentResult run(Params params, ExperimentContext ctx) throws Exception {
            List<RunSummary> s = ctx.train(new TrainingPlan("test-blobs", "test-logreg", List.of("test-sgd:lr=0.5"),
                    "constant", ctx.quick() ? 2 : 4, 16, ctx.seed(), 1, 1, 0));
            double acc = s.get(0).testAccuracy();
            return new ExperimentResult(String.format("held-out accuracy %.3f", acc),
                    acc >= params.getDouble("min-accuracy"));
        }
    }
}
