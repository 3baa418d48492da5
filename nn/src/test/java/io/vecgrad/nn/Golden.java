package io.vecgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.io.Npz;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Access to the golden files written by resources/golden/make_golden.py. */
final class Golden {
    private Golden() {}

    static Path path(String file) {
        try {
            return Path.of(Golden.class.getResource("/golden/" + file).toURI());
        } catch (Exception e) {
            throw new IllegalStateException("missing golden file " + file, e);
        }
    }

    static Map<String, Tensor> read(String caseName) {
        try {
            return Npz.read(path(caseName + ".npz"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The "state.*" entries with the prefix removed: a PyTorch state dict. */
    static Map<String, Tensor> state(Map<String, Tensor> g, String prefix) {
        Map<String, Tensor> s = new LinkedHashMap<>();
        g.forEach((k, v) -> { if (k.startsWith(prefix)) s.put(k.substring(prefix.length()), v); });
        return s;
    }

    static void close(Tensor expected, Tensor actual, double tol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            assertTrue(Math.abs(e[i] - a[i]) <= tol * (1 + Math.abs(e[i])),
                    what + ": element " + i + " is " + a[i] + ", PyTorch gives " + e[i]);
        }
    }
}
