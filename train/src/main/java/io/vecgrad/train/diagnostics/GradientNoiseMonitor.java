package io.vecgrad.train.diagnostics;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.EpochEnd;
import io.vecgrad.train.EpochListener;
import io.vecgrad.train.Model;
import io.vecgrad.train.report.CurvePlots;
import io.vecgrad.train.report.Html;
import io.vecgrad.train.report.Table;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gradient-noise diagnostics as a training callback: at each observation it takes the
 * per-example gradients of a fixed probe set ({@link PerExample}), measures the covariance
 * spectrum (P25, {@link NoiseCovariance}: Gram-trick eigenvalues, rank, effective rank,
 * anisotropy, Lanczos top-k) and the diffusion-metric length of the parameter displacement
 * since the previous observation in the metric of that previous point (P19,
 * {@link DiffusionMetric}). As an {@link EpochListener} it observes every {@code every}-th
 * epoch end; a hand-written loop calls {@link #observe} at the steps it chooses.
 *
 * <p>{@link #write} puts {@code gradient-noise.csv}, {@code gradient-noise-spectrum.csv} and three
 * PNGs into the run folder and returns an HTML section for the report
 * ({@link io.vecgrad.train.report.Report#write}'s {@code sections}). Deterministic per seed:
 * the probe is fixed and the Lanczos start vector comes from {@code rng.split(step)}. The
 * observations are not kept in checkpoints ({@link #state()} is empty): a resumed run records
 * from its resume point on.
 *
 * <pre>{@code
 * GradientNoiseMonitor noise = new GradientNoiseMonitor(model, probe.x(), probe.y(), 20, 1, new Rng(0));
 * Trainer t = Trainer.builder().epochs(10).onEpochEnd(noise).build();
 * t.fit("sgd", model, opt, loader, null);
 * Map<String, String> section = noise.write(runDir);
 * Report.write(runDir, "sgd", config, List.of(summary), section, List.of(), true);
 * }</pre>
 */
public final class GradientNoiseMonitor implements EpochListener {
    /** Figures of one observation (NaN where undefined, e.g. the first step length). */
    public record Observation(long step, int epoch, double trace, double lambdaMax, int rank3, int rank5, double effectiveRank,
            double anisotropy, double topShare, double lanczosMax, double stepEuclidean, double stepMetric, double spanFraction) {}

    static final String HEADER = "step,epoch,trace,lambda_max,rank_1e-3,rank_1e-5,effective_rank,anisotropy,top_k_share,lanczos_max,"
            + "step_euclidean,step_metric,span_fraction";

    private final Model model;
    private final Tensor x;
    private final Tensor y;
    private final int k;
    private final int every;
    private final Rng rng;
    private final List<Observation> observations = new ArrayList<>();
    private final Map<Long, double[]> spectra = new LinkedHashMap<>();
    private double[] lastTheta;
    private DiffusionMetric lastMetric;

    /**
     * @param x probe inputs, y their targets (a fixed subset of the training data, M ≥ 2 examples)
     * @param k the eigenpairs Lanczos keeps (the P19 metric's eigenspace)
     * @param every observe at every {@code every}-th epoch end (1 = each epoch)
     */
    public GradientNoiseMonitor(Model model, Tensor x, Tensor y, int k, int every, Rng rng) {
        if (k < 1 || every < 1) throw new IllegalArgumentException("GradientNoiseMonitor: needs k >= 1 and every >= 1, got k=" + k + ", every=" + every);
        if (x.shape()[0] < 2) throw new IllegalArgumentException("GradientNoiseMonitor: the probe needs at least 2 examples, got " + x.shape()[0]);
        this.model = model;
        this.x = x;
        this.y = y;
        this.k = k;
        this.every = every;
        this.rng = rng;
    }

    @Override
    public void onEpochEnd(EpochEnd end) {
        if ((end.epoch() + 1) % every == 0) observe(end.step(), end.epoch());
    }

    /** Measures at the model's current parameters and returns (and keeps) the figures. */
    public Observation observe(long step, int epoch) {
        NoiseCovariance cov = NoiseCovariance.of(PerExample.gradients(model, x, y));
        NoiseSpectrum s = cov.spectrum();
        NoiseCovariance.Eigenpairs top = cov.top(k, rng.split(step));
        double[] theta = PerExample.flatten(model.parameters());
        DiffusionMetric.Step st = new DiffusionMetric.Step(Double.NaN, Double.NaN, Double.NaN);
        if (lastTheta != null && lastMetric != null) {
            double[] delta = new double[theta.length];
            for (int i = 0; i < delta.length; i++) delta[i] = theta[i] - lastTheta[i];
            st = lastMetric.measure(delta);
        }
        lastTheta = theta;
        lastMetric = top.values().length > 0 && top.values()[0] > 0 ? DiffusionMetric.of(top) : null;
        Observation o = new Observation(step, epoch, s.trace(), s.max(), s.rank(1e-3), s.rank(1e-5), s.effectiveRank(), s.anisotropy(),
                s.topShare(k), top.values().length > 0 ? top.values()[0] : 0, st.euclidean(), st.metric(), st.spanFraction());
        observations.add(o);
        spectra.put(step, s.eigenvalues());
        return o;
    }

    /** Every observation so far, in order. */
    public List<Observation> observations() {
        return List.copyOf(observations);
    }

    /** The parameter count d. */
    public int dimension() {
        return Math.toIntExact(model.parameters().numel());
    }

    /** Writes the CSVs and PNGs into {@code dir}; returns the report section ("Gradient noise (P25, P19)" → HTML). */
    public Map<String, String> write(Path dir) throws IOException {
        List<double[]> rows = new ArrayList<>();
        for (Observation o : observations) {
            rows.add(new double[] {o.step(), o.epoch(), o.trace(), o.lambdaMax(), o.rank3(), o.rank5(), o.effectiveRank(), o.anisotropy(),
                    o.topShare(), o.lanczosMax(), o.stepEuclidean(), o.stepMetric(), o.spanFraction()});
        }
        DiagnosticFiles.writeCsv(dir.resolve("gradient-noise.csv"), HEADER, rows);
        List<double[]> spec = new ArrayList<>();
        List<CurvePlots.Curve> curves = new ArrayList<>();
        for (Map.Entry<Long, double[]> e : spectra.entrySet()) {
            double[] v = e.getValue();
            double[] idx = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                idx[i] = i + 1;
                spec.add(new double[] {e.getKey(), i + 1, v[i]});
            }
            curves.add(new CurvePlots.Curve("step " + e.getKey(), idx, v));
        }
        DiagnosticFiles.writeCsv(dir.resolve("gradient-noise-spectrum.csv"), "step,index,eigenvalue", spec);
        List<CurvePlots.Curve> shown = curves.size() <= 4 ? curves : List.of(curves.get(0), curves.get(curves.size() / 3),
                curves.get(2 * curves.size() / 3), curves.get(curves.size() - 1));
        CurvePlots.write(dir.resolve("gradient-noise-spectrum.png"), "gradient-noise covariance spectrum (P25)", "index", "eigenvalue", shown, true, true);
        double[] steps = observations.stream().mapToDouble(Observation::step).toArray();
        CurvePlots.write(dir.resolve("gradient-noise-rank.png"), "noise covariance rank (P25)", "step", "rank", List.of(
                new CurvePlots.Curve("rank (tol 1e-3)", steps, observations.stream().mapToDouble(Observation::rank3).toArray()),
                new CurvePlots.Curve("effective rank", steps, observations.stream().mapToDouble(Observation::effectiveRank).toArray())), false, true);
        CurvePlots.write(dir.resolve("diffusion-metric-steps.png"), "step lengths: Euclidean vs diffusion metric (P19)", "step", "length", List.of(
                new CurvePlots.Curve("Euclidean", steps, observations.stream().mapToDouble(Observation::stepEuclidean).toArray()),
                new CurvePlots.Curve("metric (top-" + k + " D⁺)", steps, observations.stream().mapToDouble(Observation::stepMetric).toArray()),
                new CurvePlots.Curve("span fraction", steps, observations.stream().mapToDouble(Observation::spanFraction).toArray())), false, true);
        Table t = new Table("step", "tr Σ", "λ_max", "rank 1e-3", "rank/d", "effective rank", "anisotropy", "top-" + k + " share", "metric step", "span fraction");
        int d = dimension();
        for (Observation o : observations) {
            t.row(Long.toString(o.step()), f(o.trace()), f(o.lambdaMax()), Integer.toString(o.rank3()), f((double) o.rank3() / d),
                    f(o.effectiveRank()), f(o.anisotropy()), f(o.topShare()), f(o.stepMetric()), f(o.spanFraction()));
        }
        String html = "<p>Per-example gradient covariance of a probe of " + x.shape()[0] + " examples, d = " + d
                + " parameters (Gram-trick spectrum, Lanczos top-" + k + ").</p>\n" + t.toHtml()
                + img("gradient-noise-spectrum.png") + img("gradient-noise-rank.png") + img("diffusion-metric-steps.png")
                + "<p>Data: <a href=\"gradient-noise.csv\">gradient-noise.csv</a>, <a href=\"gradient-noise-spectrum.csv\">gradient-noise-spectrum.csv</a></p>";
        return Map.of("Gradient noise (P25, P19)", html);
    }

    static String img(String name) {
        return "<img src=\"" + Html.escape(name) + "\" alt=\"" + Html.escape(name) + "\">\n";
    }

    static String f(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4g", v);
    }
}
