package io.vecgrad.cli.wiring;

import io.vecgrad.cli.registry.Registries;
import io.vecgrad.cli.registry.Catalog;
import io.vecgrad.cli.spec.SpecException;
import io.vecgrad.optim.schedule.Cyclical;
import io.vecgrad.optim.schedule.Schedule;
import io.vecgrad.optim.schedule.Schedules;

/**
 * The learning-rate schedule entries, over optim's {@code Schedules} and {@code Cyclical}.
 * Horizons given as fractions are fractions of the run's planned steps, so one spec fits
 * any run length; {@code 0} for a step count means "derived from the horizon".
 *
 * <pre>{@code
 * ScheduleEntries.register(registries);   // step, multistep, exponential, cosine, warmup, ...
 * }</pre>
 */
public final class ScheduleEntries {
    private ScheduleEntries() {}

    public static void register(Registries r) {
        var s = r.schedules();
        s.add("step", "lr x gamma every step-size steps (0: a third of the run)",
                Catalog.params("step-size", 0L, "gamma", 0.1),
                (p, lr, n) -> wrap(Schedules.step(lr, orDefault(p.getLong("step-size"), Math.max(1, n / 3)), p.getDouble("gamma"))));
        s.add("multistep", "lr x gamma at each milestone, given as fractions of the run separated by '/'",
                Catalog.params("milestones", "0.5/0.75", "gamma", 0.1),
                (p, lr, n) -> wrap(Schedules.multiStep(lr, milestones(p.getString("milestones"), n), p.getDouble("gamma"))));
        s.add("exponential", "lr x gamma^t", Catalog.params("gamma", 0.999),
                (p, lr, n) -> wrap(Schedules.exponential(lr, p.getDouble("gamma"))));
        s.add("cosine", "cosine decay from lr to eta-min over the run", Catalog.params("eta-min", 0.0),
                (p, lr, n) -> wrap(Schedules.cosine(lr, n, p.getDouble("eta-min"))));
        s.add("warmup", "linear warm-up from 0 over a fraction of the run, then cosine (or constant)",
                Catalog.params("fraction", 0.1, "then", "cosine"), ScheduleEntries::warmup);
        s.add("one-cycle", "one-cycle policy (Smith): up to lr, then annealed by cosine",
                Catalog.params("pct-start", 0.3, "div-factor", 25.0, "final-div-factor", 1e4),
                (p, lr, n) -> wrap(Schedules.oneCycle(lr, n, p.getDouble("pct-start"), p.getDouble("div-factor"),
                        p.getDouble("final-div-factor"), true)));
        s.add("polynomial", "polynomial decay from lr to end over the run", Catalog.params("power", 1.0, "end", 0.0),
                (p, lr, n) -> wrap(Schedules.polynomial(lr, p.getDouble("end"), p.getDouble("power"), n)));
        s.add("cyclical", "P05 cyclical LR between lr/ratio and lr: triangular | triangular2 | exp_range",
                Catalog.params("mode", "triangular", "ratio", 4.0, "step-size", 0L, "gamma", 0.999), ScheduleEntries::cyclical);
        s.add("linear-decay", "P52 linear decay from lr to 0 over the run (Defazio et al.)", Catalog.params(),
                (p, lr, n) -> wrap(Schedules.linearDecay(lr, n)));
        s.add("mi", "P18 MI-driven decay: each epoch lr = clip(lr*(1-NMI), lr*min-fraction, lr) when NMI(predictions; labels) on the first probe training examples rose by threshold",
                Catalog.params("min-fraction", 0.01, "threshold", 0.02, "probe", 1000L),
                (p, lr, n) -> io.vecgrad.train.MiScheduleHook.unbound(
                        io.vecgrad.optim.schedule.mi.MiLearningRate.of(lr, lr * p.getDouble("min-fraction"), p.getDouble("threshold")),
                        (int) p.getLong("probe")));
    }

    private static Schedule wrap(Schedule s) {
        return s;
    }

    private static long orDefault(long v, long fallback) {
        return v > 0 ? v : fallback;
    }

    private static long[] milestones(String text, long total) {
        String[] parts = text.split("/");
        long[] m = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            double f;
            try {
                f = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                throw new SpecException("--schedule multistep: milestones must be fractions like 0.5/0.75, got '" + text + "'");
            }
            m[i] = f < 1 ? Math.round(f * total) : (long) f;
        }
        return m;
    }

    private static Schedule warmup(io.vecgrad.cli.spec.SpecValues p, double lr, long n) {
        long w = Math.max(1, Math.round(p.getDouble("fraction") * n));
        Schedule after = switch (p.getString("then")) {
            case "cosine" -> Schedules.cosine(lr, Math.max(1, n - w), 0);
            case "constant" -> Schedules.constant(lr);
            default -> throw new SpecException("--schedule warmup: then must be cosine or constant, got '" + p.getString("then") + "'");
        };
        return wrap(Schedules.linearWarmup(w, 0, lr).then(w, after));
    }

    private static Schedule cyclical(io.vecgrad.cli.spec.SpecValues p, double lr, long n) {
        double base = lr / p.getDouble("ratio");
        // Smith recommends a half cycle of 2-10 epochs; without epochs here, default to 4 cycles per run
        long half = orDefault(p.getLong("step-size"), Math.max(1, n / 8));
        return wrap(switch (p.getString("mode")) {
            case "triangular" -> Cyclical.triangular(base, lr, half);
            case "triangular2" -> Cyclical.triangular2(base, lr, half);
            case "exp_range", "exp-range" -> Cyclical.expRange(base, lr, half, p.getDouble("gamma"));
            default -> throw new SpecException("--schedule cyclical: mode must be triangular, triangular2 or exp_range, got '"
                    + p.getString("mode") + "'");
        });
    }
}
