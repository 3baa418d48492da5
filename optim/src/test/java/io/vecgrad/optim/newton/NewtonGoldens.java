package io.vecgrad.optim.newton;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads newton/lbfgsb.txt written by newton/make_golden.py (SciPy 1.10 L-BFGS-B, tight tolerances). */
final class NewtonGoldens {
    private NewtonGoldens() {}

    static Map<String, Map<String, double[]>> load() throws IOException {
        Map<String, Map<String, double[]>> out = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                NewtonGoldens.class.getResourceAsStream("/newton/lbfgsb.txt"), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) continue;
                String[] f = line.split("\t");
                String[] parts = f[2].split(",");
                double[] v = new double[parts.length];
                for (int i = 0; i < v.length; i++) v[i] = Double.parseDouble(parts[i]);
                out.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).put(f[1], v);
            }
        }
        return out;
    }
}
