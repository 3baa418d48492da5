package io.vecgrad.cli.registry;

/**
 * The one place where the nn, optim and datasets modules are plugged into the command line:
 * one line per name. Until those modules land this registers nothing, and the commands say
 * so ("no optimizer registered yet").
 *
 * <p>What to add (adapters are a few lines each; see cli/README.md, section Wiring):
 * <pre>{@code
 * r.optimizers().add("sgd", "SGD with momentum (PyTorch semantics)",
 *         Registry.params("lr", 0.1, "momentum", 0.0, "nesterov", false, "weight-decay", 0.0),
 *         p -> OptimAdapter.of(Optimizers.sgd(p.getDouble("momentum"), ...)));
 * r.schedules().add("cosine", "cosine decay to 0", Registry.params("warmup", 0),
 *         (p, lr, steps) -> step -> Schedules.cosine(lr, steps, p.getInt("warmup")).at(step));
 * r.models().add("mlp", "Linear-ReLU-Linear", Registry.params("hidden", 128),
 *         (p, info, rng) -> ModuleAdapter.classifier(Mlp.of(info.features(), p.getInt("hidden"), info.classes(), rng)));
 * r.datasets().add("digits", "8x8 handwritten digits (1797)", Registry.params("test-fraction", 0.2),
 *         (p, rng) -> DatasetAdapter.of(Digits.load(), p.getDouble("test-fraction"), rng));
 * r.datasets().addWithArgument("libsvm", "path", "LIBSVM text file", Registry.params("test-fraction", 0.2),
 *         (p, rng) -> DatasetAdapter.of(LibSvm.read(Path.of(p.getString("path"))), p.getDouble("test-fraction"), rng));
 * r.experiments().add("p04-interpolation", "...", Registry.params(), new P04Interpolation());
 * }</pre>
 */
final class Wiring {
    private Wiring() {}

    static void register(Registries r) {
        io.vecgrad.cli.wiring.DatasetEntries.register(r);
        io.vecgrad.cli.wiring.ModelEntries.register(r);
        io.vecgrad.cli.wiring.OptimizerEntries.register(r);
        io.vecgrad.cli.wiring.ScheduleEntries.register(r);
        io.vecgrad.cli.experiments.ExperimentEntries.register(r);
    }
}
