package io.vecgrad.experiments.papers;

import io.vecgrad.optim.problems.dag.DagMetrics;
import io.vecgrad.optim.problems.dag.DagSampler;
import io.vecgrad.optim.solvers.dag.DagFit;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * The shared DAG-learning benchmark loop of the P39 and P61 reproductions: for each setting
 * (graph family, d, noise model) and seed, sample a linear SEM with {@link DagSampler}
 * (s0 = 2d edges, n samples), run every method, record SHD / TPR / FDR / normalized SHD / time
 * in one CSV table and plot the mean SHD per setting and method as a grouped bar chart (PNG).
 */
final class DagBench {
    /** One method: a name and a fit of (data) → estimate. */
    record Method(String name, Function<DagSampler.Sample, DagFit> fit) {}

    /** One data setting. */
    record Setting(DagSampler.Graph graph, int d, boolean equalVariance) {
        String label() {
            return graph + "-" + d + (equalVariance ? "-EV" : "-NV");
        }
    }

    /** Mean SHD per setting label and method name, in insertion order. */
    final Map<String, Map<String, List<Double>>> shd = new LinkedHashMap<>();

    private DagBench() {}

    static DagBench run(List<Setting> settings, List<Method> methods, int n, int seeds, Outcome o, String table) {
        DagBench b = new DagBench();
        for (Setting s : settings) {
            for (int seed = 1; seed <= seeds; seed++) {
                DagSampler.Sample data = DagSampler.sample(s.graph(), s.d(), 2 * s.d(), n, s.equalVariance(), seed);
                for (Method m : methods) {
                    DagFit fit = m.fit().apply(data);
                    DagMetrics met = fit.metrics(data.w());
                    b.shd.computeIfAbsent(s.label(), k -> new LinkedHashMap<>()).computeIfAbsent(m.name(), k -> new ArrayList<>()).add((double) met.shd());
                    o.row(table, "setting,seed,method,shd,normalized_shd,tpr,fdr,predicted,true_edges,seconds",
                            s.label(), seed, m.name(), met.shd(), String.format("%.3f", met.normalizedShd()), String.format("%.3f", met.tpr()),
                            String.format("%.3f", met.fdr()), met.predicted(), DagMetrics.of(data.w(), data.w(), s.d()).predicted(),
                            String.format("%.2f", fit.seconds()));
                }
            }
        }
        return b;
    }

    /** Mean SHD of a method over the settings whose label passes the filter. */
    double meanShd(String method, java.util.function.Predicate<String> settingFilter) {
        double sum = 0;
        int count = 0;
        for (Map.Entry<String, Map<String, List<Double>>> e : shd.entrySet()) {
            if (!settingFilter.test(e.getKey())) continue;
            for (double v : e.getValue().getOrDefault(method, List.of())) {
                sum += v;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** The result with extra artifact files (relative to the run folder) appended. */
    static io.vecgrad.experiments.ExperimentResult withArtifacts(io.vecgrad.experiments.ExperimentResult r, String... files) {
        List<Path> all = new ArrayList<>(r.artifacts());
        for (String f : files) all.add(Path.of(f));
        return new io.vecgrad.experiments.ExperimentResult(r.measured(), r.passed(), r.figures(), all);
    }

    /** Writes the mean-SHD table and the bar chart. */
    void report(Outcome o, String name, Path dir) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(500).title("Mean SHD per setting (lower is better)")
                .xAxisTitle("setting").yAxisTitle("SHD").build();
        chart.getStyler().setSeriesColors(new Color[] {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40)});
        List<String> labels = new ArrayList<>(shd.keySet());
        Map<String, List<Double>> perMethod = new LinkedHashMap<>();
        for (String label : labels) {
            for (Map.Entry<String, List<Double>> e : shd.get(label).entrySet()) {
                double mean = e.getValue().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
                perMethod.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(mean);
                o.row(name + "-mean", "setting,method,mean_shd,runs", label, e.getKey(), String.format("%.2f", mean), e.getValue().size());
            }
        }
        for (Map.Entry<String, List<Double>> e : perMethod.entrySet()) chart.addSeries(e.getKey(), labels, e.getValue());
        Files.createDirectories(dir);
        BitmapEncoder.saveBitmap(chart, dir.resolve(name + ".png").toString(), BitmapEncoder.BitmapFormat.PNG);
        o.line("plot: " + name + ".png");
    }
}
