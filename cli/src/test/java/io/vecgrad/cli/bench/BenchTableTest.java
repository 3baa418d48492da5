package io.vecgrad.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchTableTest {
    static String resource(String name) throws IOException {
        try (InputStream in = BenchTableTest.class.getResourceAsStream("/bench/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static BenchTable canned() throws IOException {
        List<Measurement> ours = JmhResults.parse(resource("jmh-result.json"));
        List<Measurement> ref = ReferenceResults.parse(resource("reference.json"));
        return BenchTable.join(List.of("gemm-256-t1", "add-1k", "sum-1m", "conv-lenet1", "step-mlp", "hvp-mlp"), ours, ref);
    }

    @Test
    void jmhScoresAreConvertedToWorkloadUnits() throws IOException {
        List<Measurement> m = JmhResults.parse(resource("jmh-result.json"));
        assertEquals(List.of("gemm-256-t1", "step-mlp", "add-1k", "sum-1m"), m.stream().map(Measurement::name).toList());
        assertEquals(2.0 * 256 * 256 * 256 / 1e-3 / 1e9, m.get(0).value(), 1e-9);
        assertEquals("GFLOP/s", m.get(0).unit());
        assertEquals(500.0, m.get(1).value(), 1e-9);
        assertEquals("us", m.get(1).unit());
        assertEquals(200.0, m.get(2).value(), 1e-9, "5 ops/us is 200 ns per call");
        assertEquals(4.0 * (1 << 20) / 1e-4 / 1e9, m.get(3).value(), 1e-9);
    }

    @Test
    void sampleModeResultsGiveTheirMedianPerCallNotTheMean() {
        // The shape of JMH 1.37's -rf json for @BenchmarkMode(Mode.SampleTime), trimmed.
        String json = "[{\"benchmark\": \"io.vecgrad.benchmarks.StepBench.stepTransformer\", \"mode\": \"sample\","
                + " \"primaryMetric\": {\"score\": 28362.4, \"scoreUnit\": \"us/op\","
                + " \"scorePercentiles\": {\"0.0\": 18972.7, \"50.0\": 30441.5, \"100.0\": 41000.0}}},"
                + " {\"benchmark\": \"io.vecgrad.benchmarks.GemmBench.square\", \"mode\": \"sample\","
                + " \"params\": {\"n\": \"256\", \"threads\": \"1\"},"
                + " \"primaryMetric\": {\"score\": 700.0, \"scoreUnit\": \"us/op\","
                + " \"scorePercentiles\": {\"50.0\": 500.0}}}]";
        List<Measurement> m = JmhResults.parse(json);
        assertEquals(30.4415, m.get(0).value(), 1e-9, "the median in ms, not the mean (28.36)");
        assertEquals("ms", m.get(0).unit());
        assertEquals(2.0 * 256 * 256 * 256 / 500e-6 / 1e9, m.get(1).value(), 1e-9, "GFLOP/s from the median time");

        String noPercentiles = "[{\"benchmark\": \"x.StepBench.stepMlp\", \"mode\": \"sample\","
                + " \"primaryMetric\": {\"score\": 1.0, \"scoreUnit\": \"us/op\"}}]";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JmhResults.parse(noPercentiles));
        assertTrue(e.getMessage().contains("entry 0 (x.StepBench.stepMlp)") && e.getMessage().contains("\"50.0\""), e.getMessage());
    }

    @Test
    void ratioIsAboveOneWhenVecgradIsBetter() throws IOException {
        List<BenchRow> rows = canned().rows();
        assertEquals(List.of("gemm-256-t1", "add-1k", "sum-1m", "conv-lenet1", "step-mlp"),
                rows.stream().map(BenchRow::name).toList(), "hvp-mlp was measured by neither side");
        assertEquals(0.5, rows.get(0).ratio(), 1e-12, "throughput: vecgrad / reference");
        assertEquals(2.0, rows.get(1).ratio(), 1e-12, "time: reference / vecgrad");
        assertNull(rows.get(2).reference());
        assertNull(rows.get(2).ratio());
        assertNull(rows.get(3).vecgrad());
        assertEquals(5.0, rows.get(3).reference());
        assertEquals(2.0, rows.get(4).ratio(), 1e-12);
    }

    @Test
    void jsonHasExactlyTheDocumentedKeys() throws IOException {
        List<?> arr = (List<?>) Json.parse(canned().toJson());
        assertEquals(5, arr.size());
        for (Object o : arr) {
            assertEquals(List.of("name", "vecgrad", "reference", "unit", "ratio", "vecgradMin", "vecgradMax", "referenceMin", "referenceMax", "repeats"),
                    List.copyOf(((Map<?, ?>) o).keySet()));
        }
        Map<?, ?> first = (Map<?, ?>) arr.get(0);
        assertEquals("gemm-256-t1", first.get("name"));
        assertEquals("GFLOP/s", first.get("unit"));
        assertEquals(0.5, ((Number) first.get("ratio")).doubleValue(), 1e-12);
        assertNull(((Map<?, ?>) arr.get(3)).get("vecgrad"));
        assertEquals(first.get("vecgrad"), first.get("vecgradMin"), "a single run's range is its figure");
        assertEquals(first.get("reference"), first.get("referenceMax"));
        assertEquals(1, ((Number) first.get("repeats")).intValue());
    }

    @Test
    void textAndMarkdownShowEveryRow() throws IOException {
        BenchTable t = canned();
        String text = t.toText();
        assertTrue(text.startsWith("workload     vecgrad  reference  unit     ratio\n"), text);
        assertTrue(text.contains("gemm-256-t1   33.554     67.109  GFLOP/s   0.50"), text);
        assertTrue(text.contains("conv-lenet1        —      5.000  ms           —"), text);
        String md = t.toMarkdown();
        assertTrue(md.contains("| step-mlp | 500.0 | 1000.0 | us | 2.00 |"), md);
        assertTrue(md.contains("ratio > 1: vecgrad is better"), md);
    }

    @Test
    void scalingLinesComeFromTheMediansOfOneRun() {
        BenchTable t = BenchTable.join(List.of("step-lenet", "step-lenet-t2", "step-lenet-x2", "step-mlp", "gemm-256-t1", "gemm-256-t2"),
                List.of(new Measurement("step-lenet", 16.0, "ms"), new Measurement("step-lenet-t2", 10.0, "ms"),
                        new Measurement("step-lenet-x2", 20.0, "ms"), new Measurement("step-mlp", 700.0, "us"),
                        new Measurement("gemm-256-t1", 80.0, "GFLOP/s"), new Measurement("gemm-256-t2", 150.0, "GFLOP/s")),
                List.of(new Measurement("step-lenet", 30.0, "ms"), new Measurement("step-lenet-t2", 25.0, "ms")));
        // 16/10 = 1.60; ceiling 2·16/20 = 1.60, share 1.00; reference 30/25 = 1.20. No line for
        // step-mlp (no -t2 row) nor for the GEMM (a throughput, and not named X / X-t2).
        assertEquals(List.of("step-lenet 1 → 2 threads: 1.60× (machine ceiling 1.60×, share 1.00); reference 1.20×"), t.scaling());
        assertTrue(t.toMarkdown().endsWith("\n- step-lenet 1 → 2 threads: 1.60× (machine ceiling 1.60×, share 1.00); reference 1.20×\n"), t.toMarkdown());
        BenchTable noCopies = BenchTable.join(List.of("step-transformer", "step-transformer-t2"),
                List.of(new Measurement("step-transformer", 19.0, "ms"), new Measurement("step-transformer-t2", 10.0, "ms")), List.of());
        assertEquals(List.of("step-transformer 1 → 2 threads: 1.90×"), noCopies.scaling());
    }

    @Test
    void workloadNamesFollowTheConvention() {
        assertEquals("gemm-512-t2", WorkloadNames.of("x.GemmBench.anything", Map.of("workload", "gemm-512-t2")));
        assertEquals("optim-adam-1m", WorkloadNames.of("x.OptimBench.optim_adam_1m", Map.of()));
        // The real benchmarks' method names map onto WORKLOADS.md through TEMPLATES.
        assertEquals("gemm-256-t1", WorkloadNames.of("io.vecgrad.benchmarks.GemmBench.square", Map.of("n", "256", "threads", "1")));
        assertEquals("conv-lenet2", WorkloadNames.of("io.vecgrad.benchmarks.ConvBench.convLenet2", Map.of()));
        assertEquals("hvp-mlp", WorkloadNames.of("io.vecgrad.benchmarks.AutodiffBench.hvpMlp", Map.of()));
        assertEquals("optim-adam-1m", WorkloadNames.of("io.vecgrad.benchmarks.OptimBench.adam1m", Map.of()));
        assertEquals("step-transformer-x2", WorkloadNames.of("io.vecgrad.benchmarks.StepBenchX2.step_transformer_x2", Map.of()));
        assertEquals("gemm-128-t2", WorkloadNames.of("x.G.gemm", Map.of("n", "128", "threads", "2"),
                Map.of("gemm", "gemm-{n}-t{threads}")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WorkloadNames.of("x.G.gemm", Map.of("n", "128"), Map.of("gemm", "gemm-{n}-t{threads}")));
        assertTrue(e.getMessage().contains("needs @Param threads"), e.getMessage());
    }

    @Test
    void listingExpandsParameterCombinations() throws IOException {
        List<JmhListing.Case> cases = JmhListing.parse(resource("jmh-list.txt"));
        assertEquals(List.of("gemm-64-t1", "gemm-256-t1", "step-mlp", "scaled", "scaled"),
                cases.stream().map(JmhListing.Case::workload).toList());
        assertEquals(Map.of("threads", "1", "n", "128"), cases.get(4).params());
        assertEquals("io.vecgrad.benchmarks.StepBench.step_mlp", cases.get(2).benchmark());
    }

    @Test
    void unknownJmhUnitsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Workloads.convert("add-1k", 1.0, "furlongs"));
        assertTrue(e.getMessage().contains("furlongs"));
        assertEquals(3.0, Workloads.convert("not-a-workload", 3.0, "us/op"), "unknown names keep JMH's figure");
        assertTrue(Workloads.names().containsAll(List.of("gemm-1024-t2", "step-transformer", "optim-adam-1m")));
        // The machine's ceiling rows (no reference) convert like the -t2 rows they sit beside.
        assertTrue(Workloads.names().containsAll(List.of("step-lenet-x2", "step-transformer-x2")));
        assertEquals(19.5, Workloads.convert("step-transformer-x2", 19_500.0, "us/op"), 1e-9);
        assertEquals(Workloads.find("step-lenet-t2").get().unit(), Workloads.find("step-lenet-x2").get().unit());
    }
}
