package io.vecgrad.optim.first;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.optim.GoldenAccess;
import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.Stepper;
import io.vecgrad.optim.linesearch.Lbfgs;
import io.vecgrad.optim.schedule.Cyclical;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.optim.schedule.Schedules;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the gradients of golden/make_golden.py (PyTorch 1.13, float64) and compares every
 * parameter after every step at 1e-12 relative (plus 1e-15 absolute for values near zero).
 */
class GoldenTrajectoryTest {
    static final Schedule LR01 = Schedule.constant(0.1);

    static final Map<String, Function<Params, Stepper>> CONFIGS = Map.ofEntries(
            Map.entry("sgd", p -> Optimizer.of(p, Sgd.sgd(0.05, 0, 0, 0, false))),
            Map.entry("sgd_momentum", p -> Optimizer.of(p, Sgd.sgd(0.05, 0.9, 0, 0, false))),
            Map.entry("sgd_dampening_wd", p -> Optimizer.of(p, Sgd.sgd(0.05, 0.9, 0.3, 0.01, false))),
            Map.entry("sgd_nesterov", p -> Optimizer.of(p, Sgd.sgd(0.05, 0.9, 0, 0.01, true))),
            Map.entry("adam", p -> Optimizer.of(p, Adam.adam(0.1))),
            Map.entry("adam_wd", p -> Optimizer.of(p, Adam.adam(LR01, 0.8, 0.99, 1e-6, 0.05, false))),
            Map.entry("amsgrad", p -> Optimizer.of(p, Adam.amsgrad(0.1))),
            Map.entry("adamw", p -> Optimizer.of(p, Adam.adamW(0.1, 0.9, 0.999, 1e-8, 0.1))),
            Map.entry("adamw_amsgrad", p -> Optimizer.of(p, Adam.adamW(LR01, 0.9, 0.999, 1e-8, 0.1, true))),
            Map.entry("nadam", p -> Optimizer.of(p, NAdam.nadam(0.1))),
            Map.entry("nadam_wd", p -> Optimizer.of(p, new NAdam(Schedule.constant(0.05), 0.8, 0.99, 1e-8, 0.05, 0.01))),
            Map.entry("adamax", p -> Optimizer.of(p, Adamax.adamax(0.1))),
            Map.entry("adamax_wd", p -> Optimizer.of(p, new Adamax(LR01, 0.8, 0.99, 1e-3, 0.05))),
            Map.entry("adagrad", p -> Optimizer.of(p, AdaGrad.adagrad(0.3))),
            Map.entry("adagrad_decay", p -> Optimizer.of(p, new AdaGrad(Schedule.constant(0.3), 0.01, 0.01, 0.1, 1e-10))),
            Map.entry("rmsprop", p -> Optimizer.of(p, RMSprop.rmsprop(0.01))),
            Map.entry("rmsprop_centered_momentum", p -> Optimizer.of(p, new RMSprop(Schedule.constant(0.01), 0.9, 1e-8, 0.01, 0.9, true))),
            Map.entry("adadelta", p -> Optimizer.of(p, AdaDelta.adadelta(1.0))),
            Map.entry("adadelta_wd", p -> Optimizer.of(p, new AdaDelta(Schedule.constant(0.5), 0.95, 1e-5, 0.05))),
            Map.entry("rprop", p -> Optimizer.of(p, Rprop.rprop(0.05))),
            Map.entry("rprop_custom", p -> Optimizer.of(p, new Rprop(0.2, 0.3, 1.5, 1e-3, 0.5))),
            Map.entry("lbfgs", p -> new Lbfgs(p, 0.5, 4, 3, false)),
            Map.entry("lbfgs_wolfe", p -> new Lbfgs(p, 1, 5, 4, true)));

    @TestFactory
    Iterable<DynamicTest> everyTorchOptimizerMatchesItsGoldenTrajectory() throws Exception {
        Map<String, GoldenAccess.Run> runs = new java.util.LinkedHashMap<>(GoldenAccess.load());
        runs.keySet().removeIf(k -> k.startsWith("schedule:"));
        assertEquals(CONFIGS.keySet(), runs.keySet(), "golden runs and Java configs differ");
        java.util.List<DynamicTest> tests = new java.util.ArrayList<>();
        runs.forEach((name, run) -> tests.add(DynamicTest.dynamicTest(name, () -> replay(name, run))));
        return tests;
    }

    /** torch.optim.lr_scheduler schedules (base lr 0.1) and their vecgrad counterparts. */
    static final Map<String, Schedule> SCHEDULES = Map.ofEntries(
            Map.entry("step", Schedules.step(0.1, 7, 0.5)),
            Map.entry("multistep", Schedules.multiStep(0.1, new long[] {5, 12, 30}, 0.3)),
            Map.entry("exponential", Schedules.exponential(0.1, 0.93)),
            Map.entry("cosine", Schedules.cosine(0.1, 25, 0.01)),
            Map.entry("polynomial", Schedules.polynomial(0.1, 0, 2, 30)),
            Map.entry("onecycle", Schedules.oneCycle(1.0, 50)),
            Map.entry("onecycle_linear", Schedules.oneCycle(0.5, 50, 0.25, 10, 100, false)),
            Map.entry("cyclic_triangular", Cyclical.triangular(0.001, 0.006, 5)),
            Map.entry("cyclic_triangular2", Cyclical.triangular2(0.001, 0.006, 5)),
            Map.entry("cyclic_exp_range", Cyclical.of(Cyclical.Mode.EXP_RANGE, 0.001, 0.006, 4, 6, 0.97)));

    /**
     * Schedules equal PyTorch's lr_scheduler values at 1e-12 relative. PyTorch's CosineAnnealingLR
     * keeps oscillating after T_max while ours holds eta_min (Optax semantics), so cosine is
     * compared up to T_max.
     */
    @TestFactory
    Iterable<DynamicTest> schedulesMatchPyTorch() throws Exception {
        Map<String, GoldenAccess.Run> runs = GoldenAccess.load();
        java.util.List<DynamicTest> tests = new java.util.ArrayList<>();
        SCHEDULES.forEach((name, s) -> tests.add(DynamicTest.dynamicTest(name, () -> {
            double[] want = runs.get("schedule:" + name).params().get(0);
            int n = name.equals("cosine") ? 26 : want.length;
            for (int t = 0; t < n; t++) {
                final int step = t;
                assertTrue(Math.abs(s.at(t) - want[t]) <= 1e-12 * Math.abs(want[t]) + 1e-18,
                        () -> name + " step " + step + ": got " + s.at(step) + ", torch " + want[step]);
            }
        })));
        assertEquals(SCHEDULES.size(), runs.keySet().stream().filter(k -> k.startsWith("schedule:")).count());
        return tests;
    }

    private static void replay(String name, GoldenAccess.Run run) {
        Params params = GoldenAccess.params(run.params().get(0));
        Stepper opt = CONFIGS.get(name).apply(params);
        for (int step = 1; step < run.params().size(); step++) {
            if (run.grads().isEmpty()) {
                opt.step(GoldenAccess.closure());
            } else {
                ((Optimizer) opt).step(GoldenAccess.params(run.grads().get(step - 1)));
            }
            double[] got = GoldenAccess.flat(params), want = run.params().get(step);
            for (int i = 0; i < want.length; i++) {
                double tol = 1e-12 * Math.abs(want[i]) + 1e-15;
                final int s = step, k = i;
                assertTrue(Math.abs(got[i] - want[i]) <= tol,
                        () -> name + " step " + s + " element " + k + ": got " + got[k] + ", torch " + want[k]);
            }
        }
    }
}
