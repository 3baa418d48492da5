package io.vecgrad.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vecgrad.tensor.Gen;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;

/**
 * Reduction kernels against sequential scalar loops. Sums may be reassociated, so they are
 * allowed n·ε·Σ|x| (the standard bound for any summation order); max and min are exact.
 */
@Tag("kernel")
@org.junit.jupiter.api.Tag("kernel")
class ReduceKernelTest {

    @Property(tries = 300)
    void sumDotMaxMinF64(@ForAll long seed) {
        Random r = new Random(seed);
        int n = Gen.interestingSize(r) * (r.nextBoolean() ? 1 : 9);
        int stride = 1 + r.nextInt(2);
        double[] a = ElementwiseKernelTest.values(r, 1 + n * stride, false);
        double[] b = ElementwiseKernelTest.values(r, 1 + n * stride, false);
        double s = 0, abs = 0, d = 0, dabs = 0, mx = Double.NEGATIVE_INFINITY, mn = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double x = a[1 + i * stride], y = b[1 + i * stride];
            s += x;
            abs += Math.abs(x);
            d += x * y;
            dabs += Math.abs(x * y);
            mx = Math.max(mx, x);
            mn = Math.min(mn, x);
        }
        double eps = Math.ulp(1.0);
        assertEquals(s, ReduceF64.sum(a, 1, stride, n), n * eps * abs + 1e-300);
        assertEquals(d, ReduceF64.dot(a, 1, stride, b, 1, stride, n), n * eps * dabs + 1e-300);
        assertEquals(mx, ReduceF64.max(a, 1, stride, n));
        assertEquals(mn, ReduceF64.min(a, 1, stride, n));
    }

    @Property(tries = 200)
    void sumF32StaysWithinTheFloatBound(@ForAll long seed) {
        Random r = new Random(seed);
        int n = Gen.interestingSize(r) * 33;
        float[] a = ElementwiseKernelTest.floats(ElementwiseKernelTest.values(r, n, false));
        double exact = 0, abs = 0;
        for (float x : a) {
            exact += x;
            abs += Math.abs(x);
        }
        double eps = Math.ulp(1.0f);
        assertEquals(exact, ReduceF32.sum(a, 0, 1, n), n * eps * abs + 1e-30);
        assertEquals(exact, ReduceF32.scalarSum(a, 0, 1, n), n * eps * abs + 1e-30);
    }
}
