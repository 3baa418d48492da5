package io.vecgrad.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a training run is made of, as spec strings (the command line's names, e.g.
 * {@code adam:lr=1e-3}); this is what config.json stores and what a resume reads back.
 * Resolving the names into objects is the job of whoever runs the plan (the command line's
 * registries).
 *
 * <pre>{@code
 * TrainingPlan plan = new TrainingPlan("digits", "mlp", List.of("sgd:lr=0.1", "adam:lr=1e-3"),
 *         "constant", 5, 64, 42, 1, 1, 0);
 * }</pre>
 *
 * @param dataset dataset spec, e.g. {@code digits} or {@code csv:data.csv}
 * @param model model spec, e.g. {@code mlp:hidden=64}
 * @param optimizers one run per optimizer spec, e.g. {@code adam:lr=1e-3,beta2=0.99}
 * @param schedule schedule spec, e.g. {@code constant}
 * @param epochs passes over the training set
 * @param batch examples per step
 * @param seed seeds data splits, initial weights and batch order
 * @param threads threads the library may use
 * @param logEvery steps per metrics row
 * @param checkpointEvery steps per checkpoint (0: epoch ends only); used by {@code train}
 * @param plateau reduce-on-plateau over the schedule: {@link #NO_PLATEAU}, or its settings as
 *     {@code key=value,...} (the command line writes every key explicitly)
 */
public record TrainingPlan(String dataset, String model, List<String> optimizers, String schedule,
        int epochs, int batch, long seed, int threads, int logEvery, int checkpointEvery, String plateau) {
    /** The {@link #plateau()} value of a plan without reduce-on-plateau. */
    public static final String NO_PLATEAU = "off";

    public TrainingPlan {
        optimizers = List.copyOf(optimizers);
        plateau = plateau == null || plateau.isBlank() ? NO_PLATEAU : plateau;
    }

    /** A plan without reduce-on-plateau. */
    public TrainingPlan(String dataset, String model, List<String> optimizers, String schedule,
            int epochs, int batch, long seed, int threads, int logEvery, int checkpointEvery) {
        this(dataset, model, optimizers, schedule, epochs, batch, seed, threads, logEvery, checkpointEvery, NO_PLATEAU);
    }

    /** The same plan with another epoch count (resuming with a longer horizon). */
    public TrainingPlan withEpochs(int e) {
        return new TrainingPlan(dataset, model, optimizers, schedule, e, batch, seed, threads, logEvery, checkpointEvery,
                plateau);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.put("model", model);
        m.put("optimizers", optimizers);
        m.put("schedule", schedule);
        m.put("epochs", epochs);
        m.put("batch", batch);
        m.put("seed", seed);
        m.put("threads", threads);
        m.put("log_every", logEvery);
        m.put("checkpoint_every", checkpointEvery);
        m.put("plateau", plateau);
        return m;
    }

    /**
     * Reads {@link #toMap()} back (from config.json's "plan").
     *
     * @throws IllegalArgumentException naming the missing or mistyped key
     */
    public static TrainingPlan fromMap(Map<?, ?> m) {
        List<String> opts = new ArrayList<>();
        Object o = m.get("optimizers");
        if (!(o instanceof List<?> list)) {
            throw new IllegalArgumentException("TrainingPlan.fromMap: 'optimizers' is not a list");
        }
        list.forEach(x -> opts.add(String.valueOf(x)));
        return new TrainingPlan(str(m, "dataset"), str(m, "model"), opts, str(m, "schedule"),
                (int) num(m, "epochs"), (int) num(m, "batch"), num(m, "seed"), (int) num(m, "threads"),
                (int) num(m, "log_every"), (int) num(m, "checkpoint_every"),
                m.containsKey("plateau") ? str(m, "plateau") : NO_PLATEAU);   // runs written before the key existed
    }

    private static String str(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("TrainingPlan.fromMap: '" + key + "' missing or not a string");
        }
        return s;
    }

    private static long num(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("TrainingPlan.fromMap: '" + key + "' missing or not a number");
        }
        return n.longValue();
    }
}
