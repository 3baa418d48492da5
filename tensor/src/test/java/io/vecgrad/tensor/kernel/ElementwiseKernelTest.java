package io.vecgrad.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.tensor.Gen;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Vector kernels against their scalar twins over sizes around the vector width, offsets,
 * strides 0/1/2 and both dtypes. Every op must agree bitwise: the vector path is used only for
 * correctly rounded IEEE operations, and transcendental ops always go through {@code Math}
 * (see {@link DeterminismTest} for why).
 */
@Tag("kernel")
@org.junit.jupiter.api.Tag("kernel")
class ElementwiseKernelTest {
    @Property(tries = 400)
    void binaryMatchesScalarTwinF64(@ForAll long seed) {
        Random r = new Random(seed);
        BinaryOp op = BinaryOp.values()[r.nextInt(BinaryOp.values().length)];
        int n = Gen.interestingSize(r);
        int as = r.nextInt(3), bs = r.nextInt(3);
        int ao = r.nextInt(3), bo = r.nextInt(3), co = r.nextInt(3);
        double[] a = values(r, ao + n * Math.max(as, 1), op == BinaryOp.POW);
        double[] b = values(r, bo + n * Math.max(bs, 1), false);
        double[] c = new double[co + n];
        BinaryF64.apply(op, a, ao, as, b, bo, bs, c, co, 1, n);
        for (int i = 0; i < n; i++) {
            double want = BinaryF64.scalar(op, a[ao + i * as], b[bo + i * bs]);
            assertClose(want, c[co + i], 0, op + " at " + i + " of " + n);
        }
    }

    @Property(tries = 400)
    void binaryMatchesScalarTwinF32(@ForAll long seed) {
        Random r = new Random(seed);
        BinaryOp op = BinaryOp.values()[r.nextInt(BinaryOp.values().length)];
        int n = Gen.interestingSize(r);
        int as = r.nextInt(3), bs = r.nextInt(3);
        float[] a = floats(values(r, 1 + n * Math.max(as, 1), op == BinaryOp.POW));
        float[] b = floats(values(r, 1 + n * Math.max(bs, 1), false));
        float[] c = new float[n + 1];
        BinaryF32.apply(op, a, 1, as, b, 1, bs, c, 1, 1, n);
        for (int i = 0; i < n; i++) {
            float want = BinaryF32.scalar(op, a[1 + i * as], b[1 + i * bs]);
            assertCloseF(want, c[1 + i], 0, op + " at " + i);
        }
    }

    @Property(tries = 400)
    void unaryMatchesScalarTwin(@ForAll long seed) {
        Random r = new Random(seed);
        UnaryOp op = UnaryOp.values()[r.nextInt(UnaryOp.values().length)];
        int n = Gen.interestingSize(r);
        boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.RSQRT || op == UnaryOp.LOG1P;
        double[] a = values(r, n + 1, positive);
        double[] c = new double[n];
        UnaryF64.apply(op, a, 1, 1, c, 0, 1, n);
        float[] af = floats(a);
        float[] cf = new float[n];
        UnaryF32.apply(op, af, 1, 1, cf, 0, 1, n);
        int tol = 0;
        for (int i = 0; i < n; i++) {
            assertClose(UnaryF64.scalar(op, a[1 + i]), c[i], tol, op + " f64 at " + i + " x=" + a[1 + i]);
            assertCloseF(UnaryF32.scalar(op, af[1 + i]), cf[i], tol, op + " f32 at " + i + " x=" + af[1 + i]);
        }
    }

    @Property(tries = 300)
    void fusedUpdatesMatchScalarTwinBitwise(@ForAll long seed) {
        Random r = new Random(seed);
        FusedOp op = FusedOp.values()[r.nextInt(FusedOp.values().length)];
        int n = Gen.interestingSize(r);
        double[] t = values(r, n, false), x = values(r, n, false), y = values(r, n, true);
        double s = r.nextGaussian();
        double[] expect = new double[n];
        for (int i = 0; i < n; i++) expect[i] = FusedF64.scalar(op, t[i], x[i], y[i], s);
        FusedF64.apply(op, t, 0, 1, x, 0, 1, y, 0, 1, s, n);
        for (int i = 0; i < n; i++) assertEquals(expect[i], t[i], 0.0, op + " at " + i);
    }

    @Test
    void reluAndSoftplusEdgeCases() {
        double[] x = {Double.NaN, -0.0, 0.0, -1e308, 1e308, Double.NEGATIVE_INFINITY, 800, -800};
        double[] c = new double[x.length];
        UnaryF64.apply(UnaryOp.RELU, x, 0, 1, c, 0, 1, x.length);
        assertTrue(Double.isNaN(c[0]));
        assertEquals(0.0, c[1]);
        assertEquals(1e308, c[4]);
        UnaryF64.apply(UnaryOp.SOFTPLUS, x, 0, 1, c, 0, 1, x.length);
        assertEquals(800, c[6], 1e-12);
        assertEquals(0, c[7], 1e-300);
        UnaryF64.apply(UnaryOp.SIGMOID, x, 0, 1, c, 0, 1, x.length);
        assertEquals(1, c[6]);
        assertEquals(0, c[7]);
    }


    static double[] values(Random r, int n, boolean positive) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double x = r.nextGaussian() * 3;
            v[i] = positive ? Math.abs(x) + 1e-3 : x;
        }
        return v;
    }

    static float[] floats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    static void assertClose(double want, double got, int ulps, String what) {
        if (Double.compare(want, got) == 0) return;
        double tol = ulps * Math.max(Math.ulp(want), Double.MIN_NORMAL);
        assertTrue(Math.abs(want - got) <= tol, what + ": want " + want + " got " + got + " (" + ulps + " ulps allowed)");
    }

    static void assertCloseF(float want, float got, int ulps, String what) {
        if (Float.compare(want, got) == 0) return;
        float tol = ulps * Math.max(Math.ulp(want), Float.MIN_NORMAL);
        assertTrue(Math.abs(want - got) <= tol, what + ": want " + want + " got " + got + " (" + ulps + " ulps allowed)");
    }
}
