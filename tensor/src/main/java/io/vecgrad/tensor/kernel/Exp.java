package io.vecgrad.tensor.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The exponentials of a shifted softmax row, {@code e[i] = exp(x[i] − m)} with {@code m} the
 * row's maximum (so every argument is ≤ 0 or NaN): the one step of the row kernels
 * ({@link SoftmaxF64} and its float twin, hence the attention kernel) that a scalar
 * {@code Math.exp} per element made their largest cost.
 *
 * <p>Double rows keep {@code Math.exp} (the bits of {@code UnaryF64}'s exp). Float rows use a
 * vector polynomial: Cody–Waite reduction {@code x = n·ln 2 + r}, {@code |r| ≤ ln 2 / 2}, with
 * {@code ln 2} split into {@code 0.693359375 − 2.12194440e−4} (the split and the degree-5
 * minimax coefficients of Cephes' {@code expf}, S. L. Moshier, as also used by SLEEF-style
 * vector libraries), {@code exp(r) ≈ 1 + r + r²·p(r)}, then the scale {@code 2ⁿ} applied as
 * {@code ·2ⁿ⁺⁶⁴·2⁻⁶⁴} so results in the subnormal range are rounded once. Error: within 2 ulps
 * of the float result for normal results (tested against {@code Math.exp} over the whole
 * argument range), within one subnormal step below; arguments below −110 give 0, NaN gives NaN.
 * The vector lanes and the scalar tail run the same operations (fused multiply-adds, exact
 * scaling), so an element's bits never depend on its position, the vector width or the JIT
 * tier, and the scalar twin ({@code -Dvecgrad.simd=false}) gives the same bits.
 *
 * <pre>{@code
 * Exp.shifted(x, 0, max, e, 0, k);   // e[i] = exp(x[i] − max), i < k
 * }</pre>
 */
public final class Exp {
    private static final VectorSpecies<Float> S = Simd.F32;
    private static final float LOG2E = 1.44269504088896341f;
    /** 1.5·2²³: adding it rounds to an integer held in the low mantissa bits. */
    private static final float MAGIC = 12582912f;
    private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);
    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    private static final float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f,
            P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;
    private static final float LOWEST = -110f;
    private static final float TWO_M64 = 0x1p-64f;

    private Exp() {}

    /** {@code e[eo+i] = exp(x[o+i] − m)} for {@code i < k}, double rows: {@code Math.exp}. */
    public static void shifted(double[] x, int o, double m, double[] e, int eo, int k) {
        for (int i = 0; i < k; i++) e[eo + i] = Math.exp(x[o + i] - m);
    }

    /** {@code e[eo+i] = exp(x[o+i] − m)} for {@code i < k}, float rows, where every {@code x[o+i] − m} is ≤ 0 or NaN (m the row maximum). */
    public static void shifted(float[] x, int o, float m, float[] e, int eo, int k) {
        int i = 0;
        if (Simd.ENABLED) {
            // The body of exp(FloatVector) written out: a vector passed to a call C2 does not
            // inline is boxed (a separately compiled callee over InlineSmallCode is not inlined).
            FloatVector vm = FloatVector.broadcast(S, m);
            FloatVector ln2Hi = FloatVector.broadcast(S, -LN2_HI), ln2Lo = FloatVector.broadcast(S, -LN2_LO);
            FloatVector p2 = FloatVector.broadcast(S, P2), p3 = FloatVector.broadcast(S, P3);
            FloatVector p4 = FloatVector.broadcast(S, P4), p5 = FloatVector.broadcast(S, P5);
            for (int bound = S.loopBound(k); i < bound; i += S.length()) {
                FloatVector a = FloatVector.fromArray(S, x, o + i).sub(vm).max(LOWEST).min(0f);
                FloatVector t = a.mul(LOG2E).add(MAGIC);
                FloatVector n = t.sub(MAGIC);
                FloatVector r = n.fma(ln2Lo, n.fma(ln2Hi, a));
                FloatVector p = r.fma(P0, P1).fma(r, p2).fma(r, p3).fma(r, p4).fma(r, p5);
                FloatVector y = p.fma(r.mul(r), r).add(1f);
                FloatVector scale = t.reinterpretAsInts().sub(MAGIC_BITS - 191).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
                y.mul(scale).mul(TWO_M64).intoArray(e, eo + i);
            }
        }
        for (; i < k; i++) e[eo + i] = exp(x[o + i] - m);
    }

    /** exp(a) for a ≤ 0 or NaN: the scalar twin of the vector loop in {@link #shifted(float[], int, float, float[], int, int)}, the same operations. */
    static float exp(float a) {
        a = Math.min(Math.max(a, LOWEST), 0f);
        float t = a * LOG2E + MAGIC;
        float n = t - MAGIC;
        float r = Math.fma(n, -LN2_LO, Math.fma(n, -LN2_HI, a));
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(P0, r, P1), r, P2), r, P3), r, P4), r, P5);
        float y = Math.fma(p, r * r, r) + 1f;
        float scale = Float.intBitsToFloat((Float.floatToRawIntBits(t) - MAGIC_BITS + 191) << 23);
        return y * scale * TWO_M64;
    }
}
