package io.vecgrad.cli.testing;

import io.vecgrad.cli.registry.DatasetUnavailableException;
import io.vecgrad.cli.registry.Registries;
import io.vecgrad.cli.registry.Catalog;
import io.vecgrad.cli.wiring.OptimAdapter;
import io.vecgrad.datasets.DataLoader;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.first.Sgd;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.DataSplit;
import io.vecgrad.train.Model;
import io.vecgrad.train.RunSummary;
import io.vecgrad.train.Trainer;
import io.vecgrad.train.report.MetricsCsv;
import java.nio.file.Path;
import java.util.List;

/** Registries filled with TEST-ONLY entries (names start with "test-"). */
public final class TestRegistries {
    private TestRegistries() {}

    public static Registries create() {
        Registries r = Registries.empty();
        r.optimizers().add("test-sgd", "test-only heavy-ball SGD", Catalog.params("lr", 0.1, "momentum", 0.0),
                p -> OptimAdapter.live(lr -> Sgd.sgd(lr, Schedule.constant(p.getDouble("momentum")), 0, 0, false)));
        r.schedules().add("test-step", "test-only: lr * factor every `every` steps",
                Catalog.params("every", 10, "factor", 0.5),
                (p, lr, steps) -> step -> lr * Math.pow(p.getDouble("factor"), step / p.getInt("every")));
        r.models().add("test-logreg", "test-only logistic regression", Catalog.params(),
                (p, info, rng) -> {
                    Sequential net = new Sequential(new Linear(info.features(), info.classes(), true, DType.FLOAT64));
                    net.initialize(rng);
                    return new Model(net, info.inputShape(), DType.FLOAT64, Model.Loss.CROSS_ENTROPY);
                });
        r.datasets().add("test-blobs", "test-only Gaussian blobs",
                Catalog.params("n", 200, "d", 4, "k", 3, "spread", 3.0),
                (p, rng) -> Blobs.make(p.getInt("n"), p.getInt("d"), p.getInt("k"), p.getDouble("spread"), rng));
        r.datasets().addWithArgument("test-missing", "path", "test-only file-backed set that is never installed",
                Catalog.params(), (p, rng) -> {
                    DatasetUnavailableException.requireFiles("fashion-mnist", "dataset-fashion-mnist",
                            Path.of(p.getString("path")));
                    throw new AssertionError("unreachable: the file does not exist");
                });
        Separable e = new Separable();
        r.experiments().add(e.id(), e.description(), e.defaults(), e);
        return r;
    }

    /** Claim: logistic regression separates well-spread blobs. */
    static final class Separable extends PaperExperiment {
        Separable() {
            super("test-separable", List.of(), "test-only claim", Catalog.params("min-accuracy", 0.9));
        }

        @Override
        public String threshold() {
            return "held-out accuracy >= min-accuracy";
        }

        @Override
        public String claim() {
            return "test-sgd separates test-blobs with held-out accuracy >= min-accuracy";
        }

        @Override
        public ExperimentResult run(Parameters params, ExperimentContext ctx) throws Exception {
            // trained in Java with train's Trainer, as library experiments do; recordRun lets the
            // command line draw its curves from the metrics.csv it appends to
            DataSplit data = Blobs.make(200, 4, 3, 3.0, new Rng(ctx.seed()).split("data"));
            Sequential net = new Sequential(new Linear(4, 3, true, DType.FLOAT64));
            net.initialize(new Rng(ctx.seed()).split("model"));
            Model model = new Model(net, new int[] {4}, DType.FLOAT64, Model.Loss.CROSS_ENTROPY);
            java.nio.file.Files.createDirectories(ctx.dir());
            RunSummary run;
            try (MetricsCsv csv = MetricsCsv.append(ctx.dir().resolve("metrics.csv"));
                    DataLoader loader = DataLoader.of(data.train()).batchSize(16).seed(ctx.seed()).build()) {
                run = Trainer.builder().epochs(ctx.quick() ? 2 : 4).seed(ctx.seed()).metrics(csv).validation(data.test())
                        .build().fit("test-sgd:lr=0.5", model, Optimizer.of(model.parameters(), Sgd.sgd(0.5, 0, 0, 0, false)),
                                loader, null);
            }
            ctx.recordRun(run);
            List<RunSummary> s = List.of(run);
            double acc = s.get(0).testAccuracy();
            return new ExperimentResult(String.format("held-out accuracy %.3f", acc),
                    acc >= params.getDouble("min-accuracy"));
        }
    }
}
