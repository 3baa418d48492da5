package io.vecgrad.cli.run;

import io.vecgrad.cli.spec.Spec;
import io.vecgrad.cli.spec.SpecValues;
import io.vecgrad.optim.schedule.ReduceOnPlateau;
import io.vecgrad.train.PlateauHook;
import io.vecgrad.train.TrainingPlan;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --reduce-on-plateau} option: PyTorch's {@code ReduceLROnPlateau} (mode min,
 * relative threshold) over the schedule, watching the validation loss at each epoch end (the
 * training loss when the data set has no test split). Its text is {@code key=value,...} over
 * {@link #DEFAULTS}; the plan stores every key explicitly so config.json says what ran.
 *
 * <pre>{@code
 * String text = PlateauSpec.normalize("factor=0.5,patience=1");   // "factor=0.5,patience=1,threshold=1.0E-4,..."
 * PlateauHook hook = PlateauSpec.hook(text);
 * }</pre>
 */
public final class PlateauSpec {
    /** PyTorch's defaults: factor 0.1, patience 10, threshold 1e-4, cooldown 0, no floor. */
    public static final Map<String, Object> DEFAULTS = defaults();

    private static final String FLAG = "--reduce-on-plateau";

    private PlateauSpec() {}

    private static Map<String, Object> defaults() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("factor", 0.1);
        m.put("patience", 10);
        m.put("threshold", 1e-4);
        m.put("cooldown", 0);
        m.put("min-scale", 0.0);
        return m;
    }

    /**
     * The option's text with every key written out; {@code ""} (the flag without a value) means
     * the defaults, {@code null} means off.
     *
     * @throws io.vecgrad.cli.spec.SpecException naming the flag and the bad key or value
     */
    public static String normalize(String text) {
        if (text == null || text.equalsIgnoreCase(TrainingPlan.NO_PLATEAU)) {
            return TrainingPlan.NO_PLATEAU;
        }
        SpecValues v = values(text);
        ReduceOnPlateau.of(v.getDouble("factor"), v.getInt("patience"), v.getDouble("threshold"), v.getInt("cooldown"),
                v.getDouble("min-scale"));   // validates the ranges, naming the value
        StringBuilder b = new StringBuilder();
        for (String k : DEFAULTS.keySet()) {
            b.append(b.length() == 0 ? "" : ",").append(k).append('=').append(String.format(Locale.ROOT, "%s", v.values().get(k)));
        }
        return b.toString();
    }

    /** A fresh hook for one run of the plan, or null when the plan has no plateau. */
    public static PlateauHook hook(String normalized) {
        if (TrainingPlan.NO_PLATEAU.equals(normalized)) {
            return null;
        }
        SpecValues v = values(normalized);
        return new PlateauHook(ReduceOnPlateau.of(v.getDouble("factor"), v.getInt("patience"), v.getDouble("threshold"),
                v.getInt("cooldown"), v.getDouble("min-scale")));
    }

    private static SpecValues values(String text) {
        String t = text.trim();
        return SpecValues.resolve(Spec.parse(FLAG, t.isEmpty() ? "plateau" : "plateau:" + t), DEFAULTS, null);
    }
}
