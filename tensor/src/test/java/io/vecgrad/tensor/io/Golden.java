package io.vecgrad.tensor.io;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The arrays make_golden.py writes, rebuilt in Java, and access to the golden files. */
final class Golden {
    private Golden() {}

    static Map<String, Tensor> arrays() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        float[] f = new float[6];
        for (int i = 0; i < 6; i++) f[i] = (i - 2.5f) / 3f;
        m.put("f32", Tensor.of(f, 2, 3));
        m.put("f64", Tensor.of(new double[] {-1, -0.25, 0.5, 1.25, 2}, 5));
        m.put("i32", Tensor.of(new int[] {-7, 0, 3, Integer.MAX_VALUE}, 2, 2));
        m.put("i64", Tensor.of(new long[] {-(1L << 40), 1, 1L << 62}, 3));
        m.put("b1", Tensor.of(new boolean[] {true, false, true, true}, 4));
        m.put("scalar", Tensor.scalar(DType.FLOAT64, 3.25));
        m.put("empty", Tensor.zeros(0, 4));
        long[] cube = new long[24];
        for (int i = 0; i < 24; i++) cube[i] = i;
        m.put("cube", Tensor.of(cube, 2, 3, 4));
        return m;
    }

    static Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "pt");
        m.put("note", "vecgrad golden");
        return m;
    }

    static byte[] bytes(String file) {
        try (InputStream in = Golden.class.getResourceAsStream("/io/" + file)) {
            if (in == null) throw new IllegalStateException("missing test resource io/" + file);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
