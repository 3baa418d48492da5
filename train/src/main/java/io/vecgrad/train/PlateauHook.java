package io.vecgrad.train;

import io.vecgrad.optim.schedule.ReduceOnPlateau;
import io.vecgrad.optim.schedule.Schedule;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reduce-on-plateau driven by the trainer's validation loss: an {@link EpochListener} that
 * feeds optim's {@link ReduceOnPlateau} and a {@link #scale(Schedule)} that multiplies any
 * schedule by the current factor. Its state is saved in checkpoints, so a resumed run reduces
 * the rate at exactly the same epochs.
 *
 * <pre>{@code
 * PlateauHook plateau = new PlateauHook(ReduceOnPlateau.of(0.1, 2, 1e-4, 0, 1e-3));
 * Schedule lr = plateau.scale(Schedule.constant(0.1));
 * Optimizer opt = Optimizer.of(model.parameters(), Sgd.sgd(lr));
 * Trainer t = Trainer.builder().learningRate(lr).onEpochEnd(plateau).build();
 * }</pre>
 */
public final class PlateauHook implements EpochListener {
    private volatile ReduceOnPlateau state;

    public PlateauHook(ReduceOnPlateau initial) {
        this.state = initial;
    }

    @Override
    public void onEpochEnd(EpochEnd end) {
        state = state.observe(end.watchedLoss());
    }

    /** The current multiplier (1 until the first reduction). */
    public double factor() {
        return state.scale();
    }

    /** {@code base(t) × factor()}, read live at every step. */
    public Schedule scale(Schedule base) {
        return t -> base.at(t) * state.scale();
    }

    @Override
    public Map<String, String> state() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("best", hex(state.best()));
        m.put("bad_epochs", Integer.toString(state.badEpochs()));
        m.put("cooldown_left", Integer.toString(state.cooldownLeft()));
        m.put("scale", hex(state.scale()));
        return m;
    }

    @Override
    public void restore(Map<String, String> m) {
        ReduceOnPlateau s = state;
        state = new ReduceOnPlateau(s.factor(), s.patience(), s.threshold(), s.cooldown(), s.minScale(),
                unhex(m.get("best")), Integer.parseInt(m.get("bad_epochs")), Integer.parseInt(m.get("cooldown_left")),
                unhex(m.get("scale")));
    }

    private static String hex(double v) {
        return Long.toHexString(Double.doubleToRawLongBits(v));
    }

    private static double unhex(String s) {
        return Double.longBitsToDouble(Long.parseUnsignedLong(s, 16));
    }
}
