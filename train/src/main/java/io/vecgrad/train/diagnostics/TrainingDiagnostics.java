package io.vecgrad.train.diagnostics;

import io.vecgrad.datasets.Batch;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.EpochEnd;
import io.vecgrad.train.EpochListener;
import io.vecgrad.train.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The training diagnostics by name, as one {@link EpochListener}: what {@code vecgrad train
 * --diagnostics noise-spectrum,opposing-signals} attaches to the trainer. Each name builds its
 * monitor on a fixed probe of the training set ({@value #PROBE} examples, or all when fewer,
 * drawn without replacement from {@code rng}), observing at every epoch end:
 *
 * <ul>
 *   <li>{@code noise-spectrum}: {@link GradientNoiseMonitor} (P25 spectrum and rank, P19 metric), Lanczos top-{@value #NOISE_K};
 *   <li>{@code opposing-signals}: {@link OpposingSignals} (P66), top-{@value #OPPOSING_K} loss changes, cosine
 *       threshold −0.5; it also observes the initial weights, so three epochs give the three observations its
 *       detection needs (with fewer the report section says so).
 * </ul>
 *
 * {@link #write} puts every monitor's CSVs and PNGs into the run folder and returns the report
 * sections. Deterministic per seed. Epoch ends are coarser than the per-step tracking of the P66
 * paper; a hand-written loop can call {@link OpposingSignals#observe} at every step instead.
 *
 * <pre>{@code
 * TrainingDiagnostics diag = TrainingDiagnostics.of(TrainingDiagnostics.parse("noise-spectrum,opposing-signals"),
 *         model, data.train(), new Rng(42).split("diagnostics"));
 * Trainer t = Trainer.builder().epochs(5).onEpochEnd(diag).build();
 * RunSummary s = t.fit("sgd", model, opt, loader, null);
 * Map<String, String> sections = diag.write(runDir);   // for Report.write(..., sections, ...)
 * }</pre>
 */
public final class TrainingDiagnostics implements EpochListener {
    /** The names {@link #parse} accepts, in report order. */
    public static final List<String> NAMES = List.of("noise-spectrum", "opposing-signals");
    /** Probe size (examples whose per-example losses and gradients are measured). */
    public static final int PROBE = 256;
    /** Lanczos eigenpairs of the noise monitor. */
    public static final int NOISE_K = 10;
    /** Outliers per observation of the opposing-signals tracker. */
    public static final int OPPOSING_K = 10;

    private final GradientNoiseMonitor noise;
    private final OpposingSignals opposing;
    private final List<String> names;

    private TrainingDiagnostics(List<String> names, GradientNoiseMonitor noise, OpposingSignals opposing) {
        this.names = List.copyOf(names);
        this.noise = noise;
        this.opposing = opposing;
    }

    /**
     * Reads a comma-separated list of names ({@link #NAMES}); blanks and repeats are dropped.
     *
     * @throws IllegalArgumentException naming the unknown name and the valid ones
     */
    public static List<String> parse(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || out.contains(name)) continue;
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("--diagnostics: unknown diagnostic '" + part.trim() + "'; valid: " + String.join(", ", NAMES));
            }
            out.add(name);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("--diagnostics: no diagnostic named in '" + text + "'; valid: " + String.join(", ", NAMES));
        return out;
    }

    /** Builds the named monitors on a probe of {@code train} drawn from {@code rng}. */
    public static TrainingDiagnostics of(List<String> names, Model model, TensorDataset train, Rng rng) {
        int n = train.size();
        if (n < 2) throw new IllegalArgumentException("TrainingDiagnostics: the training set needs at least 2 examples for a probe, has " + n);
        int m = Math.min(PROBE, n);
        int[] idx = Arrays.copyOf(rng.split("probe").permutation(n).toIntArray(), m);
        Arrays.sort(idx);
        Batch probe = train.get(idx);
        GradientNoiseMonitor noise = null;
        OpposingSignals opposing = null;
        for (String name : names) {
            switch (name) {
                case "noise-spectrum" -> noise = new GradientNoiseMonitor(model, probe.x(), probe.y(), NOISE_K, 1, rng.split("lanczos"));
                case "opposing-signals" -> {
                    opposing = new OpposingSignals(model, probe.x(), probe.y(), Math.min(OPPOSING_K, m / 2), -0.5);
                    opposing.observe(0);
                }
                default -> throw new IllegalArgumentException("TrainingDiagnostics: unknown diagnostic '" + name + "'; valid: " + String.join(", ", NAMES));
            }
        }
        return new TrainingDiagnostics(names, noise, opposing);
    }

    /** The names attached, in the order given. */
    public List<String> names() {
        return names;
    }

    @Override
    public void onEpochEnd(EpochEnd end) {
        if (noise != null) noise.onEpochEnd(end);
        if (opposing != null) opposing.onEpochEnd(end);
    }

    /** Writes every monitor's files into {@code dir}; returns the report sections (title → HTML). */
    public Map<String, String> write(Path dir) throws IOException {
        Map<String, String> sections = new LinkedHashMap<>();
        if (noise != null && !noise.observations().isEmpty()) sections.putAll(noise.write(dir));
        if (opposing != null) {
            if (opposing.observations() >= 3) {
                sections.putAll(opposing.write(dir, opposing.detect()));
            } else {
                sections.put("Opposing signals (P66)", "<p>Not measured: the detection needs at least 3 observations (the initial weights and"
                        + " two epoch ends), this run had " + opposing.observations() + ".</p>");
            }
        }
        return sections;
    }
}
