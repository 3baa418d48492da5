package io.vecgrad.optim.zeroth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class NelderMeadTest {
    /** The fixed cases of src/test/resources/zeroth/make_neldermead.py. */
    static double quartic(double[] x) {
        double s = 0, sum = 0;
        for (int i = 0; i < x.length; i++) {
            double t = x[i] - (i + 1);
            s += t * t * t * t;
            sum += x[i];
        }
        return s + sum * sum;
    }

    static Map<String, List<double[]>> golden() throws IOException {
        Map<String, List<double[]>> m = new LinkedHashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(NelderMeadTest.class.getResourceAsStream("/zeroth/neldermead.txt"), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split("\t");
                String[] v = f[2].split(",");
                double[] x = new double[v.length];
                for (int i = 0; i < v.length; i++) x[i] = Double.parseDouble(v[i]);
                m.computeIfAbsent(f[0], k -> new ArrayList<>()).add(x); // the last row is (nit, nfev, fun)
            }
        }
        return m;
    }

    void check(String name, ToDoubleFunction<double[]> f, double[] x0, NelderMead.Options o) throws IOException {
        List<double[]> g = golden().get(name);
        List<double[]> iterates = new ArrayList<>();
        ZerothOrderResult r = NelderMead.minimize(f, x0, o, iterates::add);
        double[] summary = g.get(g.size() - 1);
        assertEquals(g.size() - 1, iterates.size(), name + ": number of iterations");
        for (int k = 0; k < iterates.size(); k++) {
            for (int j = 0; j < x0.length; j++) {
                assertEquals(g.get(k)[j], iterates.get(k)[j], 1e-12 * Math.max(1, Math.abs(g.get(k)[j])), name + " iterate " + k + " coordinate " + j);
            }
        }
        assertEquals((int) summary[0], r.iterations(), name + ": nit");
        assertEquals((long) summary[1], r.evaluations(), name + ": nfev");
        assertEquals(summary[2], r.value(), 1e-12 * Math.max(1, Math.abs(summary[2])), name + ": fun");
    }

    @Test
    void matchesScipyOnRosenbrock2d() throws IOException {
        check("rosen2", TestFunctions::rosenbrock, new double[] {-1.2, 1}, NelderMead.Options.defaults());
    }

    @Test
    void matchesScipyOnRosenbrock4dFromZero() throws IOException {
        check("rosen4", TestFunctions::rosenbrock, new double[4], NelderMead.Options.defaults());
    }

    @Test
    void matchesScipyAdaptiveOnAQuartic() throws IOException {
        check("quartic3", NelderMeadTest::quartic, new double[] {0.5, -1, 2}, NelderMead.Options.defaults().withAdaptive(true));
    }

    @Test
    void reachesTheRosenbrockMinimumWithinTolerance() {
        ZerothOrderResult r = NelderMead.minimize(TestFunctions::rosenbrock, new double[] {-1.2, 1}, NelderMead.Options.defaults().withTolerances(1e-10, 1e-12), null);
        assertEquals("xatol and fatol reached", r.reason());
        assertEquals(1, r.x()[0], 1e-6);
        assertEquals(1, r.x()[1], 1e-6);
        double[] h = r.history();
        for (int t = 1; t < h.length; t++) assertTrue(h[t] <= h[t - 1], "best vertex value never increases");
    }

    @Test
    void stopsAtTheIterationCap() {
        ZerothOrderResult r = NelderMead.minimize(TestFunctions::rosenbrock, new double[] {-1.2, 1}, NelderMead.Options.defaults().withMaxiter(10), null);
        assertEquals(10, r.iterations());
        assertTrue(r.reason().startsWith("maxiter"));
    }
}
