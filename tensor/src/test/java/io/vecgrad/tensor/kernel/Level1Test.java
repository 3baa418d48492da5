package io.vecgrad.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** {@link Level1F64} (and its generated float twin) against plain loops, over lengths and offsets that cover the vector tails. */
class Level1Test {
    @Property(tries = 60)
    void matchesScalarLoops(@ForAll @IntRange(min = 0, max = 70) int n, @ForAll @IntRange(min = 0, max = 5) int xo,
                            @ForAll @IntRange(min = 0, max = 5) int yo, @ForAll long seed) {
        Random r = new Random(seed);
        double[] x = new double[n + xo], y = new double[n + yo];
        for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();
        for (int i = 0; i < y.length; i++) y[i] = r.nextGaussian();
        double dot = 0, abs = 0;
        for (int i = 0; i < n; i++) {
            dot += x[xo + i] * y[yo + i];
            abs += Math.abs(x[xo + i] * y[yo + i]);
        }
        assertEquals(dot, Level1F64.dot(n, x, xo, y, yo), 4 * n * Math.ulp(1.0) * abs + 1e-300);
        double alpha = r.nextGaussian(), c = Math.cos(alpha), s = Math.sin(alpha);
        double[] ax = y.clone(), rx = x.clone(), ry = y.clone();
        for (int i = 0; i < n; i++) {
            ax[yo + i] += alpha * x[xo + i];
            rx[xo + i] = c * x[xo + i] - s * y[yo + i];
            ry[yo + i] = s * x[xo + i] + c * y[yo + i];
        }
        double[] gy = y.clone();
        Level1F64.axpy(n, alpha, x, xo, gy, yo);
        assertArrayEquals(ax, gy, 1e-14);
        double[] gx = x.clone(), gy2 = y.clone();
        Level1F64.rotate(n, gx, xo, gy2, yo, c, s);
        assertArrayEquals(rx, gx, 1e-14);
        assertArrayEquals(ry, gy2, 1e-14);
        float[] fx = new float[x.length], fy = new float[y.length];
        for (int i = 0; i < x.length; i++) fx[i] = (float) x[i];
        for (int i = 0; i < y.length; i++) fy[i] = (float) y[i];
        assertEquals(dot, Level1F32.dot(n, fx, xo, fy, yo), 1e-5 * (1 + abs));
    }
}
