package io.vecgrad.cli.experiments;

import io.vecgrad.cli.registry.Registries;
import io.vecgrad.cli.registry.Registry;
import java.util.List;

/**
 * The built-in experiments: one reproduction per wave-1 paper claim, each with a stated
 * PASS/FAIL threshold (see {@code vecgrad experiment --list}).
 *
 * <pre>{@code
 * ExperimentEntries.register(registries);
 * }</pre>
 */
public final class ExperimentEntries {
    private static final String SGD = "sgd:lr=0.05,momentum=0.9";
    private static final String ADAM = "adam:lr=3e-3";

    private ExperimentEntries() {}

    public static void register(Registries r) {
        var e = r.experiments();
        e.add("p04-interpolation", "P04 GD on Huberized two-layer net, fixed output layer: logistic loss -> 0",
                Registry.params("n", 200, "d", 50, "hidden", 100, "lr", 2.0, "epochs", 1000, "threshold", 0.01),
                new P04Interpolation());
        e.add("p11-mass", "P11 MaSS vs SGD vs Nesterov on over-parameterized linear regression",
                Registry.params("n", 64, "d", 128, "decay", 1.0, "batch", 1, "steps", 10000, "seeds", 5),
                new P11Mass());
        e.add("p05-cyclical", "P05 cyclical (triangular) LR vs fixed LR, SGD+momentum, digits",
                Registry.params("model", "mlp:hidden=64", "optimizer", SGD, "epochs", 10, "slack", 0.05, "tolerance", 0.01),
                new ScheduleComparison("P05: a triangular cyclical LR between lr/4 and lr ends at least as well as the"
                        + " fixed LR (final train loss within 5%, test accuracy within 1 point)",
                        List.of("cyclical:mode=triangular", "constant")));
        e.add("p52-linear-decay", "P52 linear decay vs cosine vs step, SGD+momentum, digits",
                Registry.params("model", "mlp:hidden=64", "optimizer", SGD, "epochs", 10, "slack", 0.05, "tolerance", 0.01),
                new ScheduleComparison("P52: linear decay to 0 ends at least as well as cosine and step decay (final"
                        + " train loss within 5% of the best, test accuracy within 1 point)",
                        List.of("linear-decay", "cosine", "step")));
        e.add("p41-adadagrad", "P41 AdAdaGrad-Norm grows the batch with the norm test and converges (digits, softmax)",
                Registry.params("lr", 1.0, "b0", 0.1, "eta", 0.5, "batch", 8, "cap", 1024, "epochs", 8),
                new P41AdAdaGrad());
        e.add("p29-padam", "P29 power-gradient Adam vs Adam and SGD on digits",
                baseline("padam:lr=3e-3,h=0.7"), new OptimizerVsBaselines("P29", "pAdam (h=0.7)"));
        e.add("p56-adabelief", "P56 AdaBelief vs Adam and SGD on digits",
                baseline("adabelief:lr=3e-3"), new OptimizerVsBaselines("P56", "AdaBelief"));
        e.add("p68-diffgrad", "P68 diffGrad vs Adam and SGD on digits",
                baseline("diffgrad:lr=3e-3"), new OptimizerVsBaselines("P68", "diffGrad"));
        e.add("p06-ssgd", "P06 SSGD (unit-norm steps, decaying) vs Adam and SGD on digits",
                baseline("ssgd:lr=0.5,decay=0.995"), new OptimizerVsBaselines("P06", "SSGD"));
    }

    private static java.util.Map<String, Object> baseline(String optimizer) {
        return Registry.params("optimizer", optimizer, "adam", ADAM, "sgd", SGD, "model", "mlp:hidden=64", "epochs", 10,
                "tolerance", 0.01);
    }
}
