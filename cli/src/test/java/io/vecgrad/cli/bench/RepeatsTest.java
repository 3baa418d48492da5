package io.vecgrad.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.io.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code bench --repeat}: medians and ranges from canned JMH and reference.py output. */
class RepeatsTest {
    /** JMH's -rf json for one step-mlp run of {@code us} microseconds and one step-lenet run of {@code ms}. */
    private static String jmh(double us, double ms) {
        return "[{\"benchmark\":\"io.vecgrad.benchmarks.StepBench.stepMlp\",\"params\":{},"
                + "\"primaryMetric\":{\"score\":" + us + ",\"scoreUnit\":\"us/op\"}},"
                + "{\"benchmark\":\"io.vecgrad.benchmarks.StepBenchT2.step_lenet_t2\","
                + "\"primaryMetric\":{\"score\":" + ms * 1000 + ",\"scoreUnit\":\"us/op\"}}]";
    }

    private static String reference(double us) {
        return "[{\"name\":\"step-mlp\",\"value\":" + us + ",\"unit\":\"us\",\"system\":\"pytorch-1.13\",\"threads\":1}]";
    }

    @Test
    void medianAndRangePerWorkloadAndTheRatioOfMedians() {
        Repeats ours = Repeats.of(List.of(JmhResults.parse(jmh(1200, 40)), JmhResults.parse(jmh(3000, 44)), JmhResults.parse(jmh(1000, 42))));
        Repeats ref = Repeats.of(List.of(ReferenceResults.parse(reference(2000)), ReferenceResults.parse(reference(2100)),
                ReferenceResults.parse(reference(1900))));
        Repeats.Spread mlp = ours.get("step-mlp");
        assertEquals(1200, mlp.median(), 1e-9, "one slow repeat does not move the median");
        assertEquals(1000, mlp.min(), 1e-9);
        assertEquals(3000, mlp.max(), 1e-9);
        assertEquals(3, mlp.count());
        assertEquals(42, ours.get("step-lenet-t2").median(), 1e-9);
        assertEquals("ms", ours.get("step-lenet-t2").unit());

        BenchTable t = BenchTable.join(List.of("step-mlp", "step-lenet-t2"), ours, ref);
        BenchRow row = t.rows().get(0);
        assertEquals(2000.0 / 1200.0, row.ratio(), 1e-12);
        assertNull(t.rows().get(1).reference());
        Map<?, ?> json = (Map<?, ?>) ((List<?>) Json.parse(t.toJson())).get(0);
        assertEquals(1000.0, ((Number) json.get("vecgradMin")).doubleValue(), 1e-9);
        assertEquals(3000.0, ((Number) json.get("vecgradMax")).doubleValue(), 1e-9);
        assertEquals(1900.0, ((Number) json.get("referenceMin")).doubleValue(), 1e-9);
        assertEquals(2100.0, ((Number) json.get("referenceMax")).doubleValue(), 1e-9);
        assertEquals(3, ((Number) json.get("repeats")).intValue());
        assertTrue(t.toText().contains("1200.0 (1000.0–3000.0)"), t.toText());
        assertTrue(t.toMarkdown().contains("median (min–max)"), t.toMarkdown());
    }

    @Test
    void evenCountsAverageTheMiddlePair() {
        assertEquals(2.5, Repeats.median(new double[] {1, 2, 3, 4}), 0);
        assertEquals(7, Repeats.median(new double[] {7}), 0);
    }

    @Test
    void twoThreadStepRowsAskTheReferenceForTheBaseNameAndRenameIt() {
        List<String> asked = BenchRunner.withBaseNames(List.of("step-lenet-t2", "gemm-256-t2"), 2);
        assertEquals(List.of("step-lenet-t2", "gemm-256-t2", "step-lenet"), asked, "gemm names carry their thread count already");
        List<Measurement> got = List.of(new Measurement("step-lenet", 9.0, "ms"), new Measurement("gemm-256-t2", 50, "GFLOP/s"));
        List<Measurement> renamed = BenchRunner.renameToRequested(got, List.of("step-lenet-t2", "gemm-256-t2"), 2);
        assertEquals(List.of("step-lenet-t2", "gemm-256-t2"), renamed.stream().map(Measurement::name).toList());
    }
}
