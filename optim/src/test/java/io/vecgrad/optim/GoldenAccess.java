package io.vecgrad.optim;

import io.vecgrad.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads golden/trajectories.txt written by golden/make_golden.py (PyTorch 1.13, float64). */
public final class GoldenAccess {
    /** Per step: gradient fed (null for closure runs) and parameters after the step (step 0 = initial). */
    public record Run(List<double[]> grads, List<double[]> params) {}

    public static final double[] A = {1.0, 2.0, 0.5, 3.0, 1.5, 0.8, 2.5, 0.3, 1.2};
    public static final double[] C = {1.0, -2.0, 0.5, -0.7, 2.0, -1.5, 0.3, 1.1, -0.4};

    private GoldenAccess() {}

    public static Map<String, Run> load() throws IOException {
        Map<String, Run> runs = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                GoldenAccess.class.getResourceAsStream("/golden/trajectories.txt"), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) continue;
                String[] f = line.split("\t");
                Run run = runs.computeIfAbsent(f[0], k -> new Run(new ArrayList<>(), new ArrayList<>()));
                String[] parts = f[3].split(",");
                double[] v = new double[parts.length];
                for (int i = 0; i < v.length; i++) v[i] = Double.parseDouble(parts[i]);
                (f[2].equals("grad") ? run.grads() : run.params()).add(v);
            }
        }
        return runs;
    }

    /** The flat vector [w (2x3), b (3)] as named parameters. */
    public static Params params(double[] flat) {
        double[] w = java.util.Arrays.copyOfRange(flat, 0, 6), b = java.util.Arrays.copyOfRange(flat, 6, 9);
        return Params.of("w", Tensor.of(w, 2, 3), "b", Tensor.of(b, 3));
    }

    public static double[] flat(Params p) {
        double[] out = new double[9];
        System.arraycopy(p.get("w").toDoubleArray(), 0, out, 0, 6);
        System.arraycopy(p.get("b").toDoubleArray(), 0, out, 6, 3);
        return out;
    }

    /** The closed-form loss and gradient of the golden problem. */
    public static LossAndGrad closure() {
        return p -> {
            double[] x = flat(p);
            double loss = 0;
            double[] g = new double[9];
            for (int i = 0; i < 9; i++) {
                double d = x[i] - C[i];
                loss += 0.5 * A[i] * d * d + 0.025 * x[i] * x[i] * x[i] * x[i];
                g[i] = A[i] * d + 0.1 * x[i] * x[i] * x[i];
            }
            return new LossAndGrad.Result(loss, params(g));
        };
    }
}
