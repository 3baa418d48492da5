package io.vecgrad.tensor.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused single-pass optimizer updates on contiguous double runs (the float twin is generated).
 * The vector path performs the same operations in the same order as the scalar loop, so both
 * give bitwise equal results.
 *
 * <pre>{@code
 * // one in-place Adam step (PyTorch 1.13 order) of n elements
 * OptimKernelsF64.adam(p, 0, g, 0, m, 0, v, 0, null, 0, p, 0, n, 0.9, 0.999, lr / bc1, Math.sqrt(bc2), 1e-8, 1, 0, true);
 * }</pre>
 */
public final class OptimKernelsF64 {
    private static final VectorSpecies<Double> S = Simd.F64;

    private OptimKernelsF64() {}

    /**
     * Adam / AdamW / AMSGrad in PyTorch 1.13 order, element-wise:
     * {@code g += l2·p; p' = p·decay; m = m·b1 + (1−b1)·g; v = v·b2 + (1−b2)·g·g;
     * [vmax = max(vmax, v)]; d = sqrt(v or vmax)·(1/bc2Sqrt) + eps; p' += (−stepSize)·m/d}
     * (PyTorch divides by bc2Sqrt; the reciprocal differs by at most 1 ulp).
     * Moments are updated in place. With {@code inPlace} the new parameter is written to
     * {@code out} (which may be {@code p}); otherwise {@code out} receives the update {@code p' − p}
     * computed as {@code (decay−1)·p + (−stepSize)·m/d}. {@code vmax} is null without AMSGrad.
     */
    public static void adam(double[] p, int po, double[] g, int go, double[] m, int mo, double[] v, int vo,
                            double[] vmax, int xo, double[] out, int oo, int n,
                            double b1, double b2, double stepSize, double bc2Sqrt, double eps,
                            double decay, double l2, boolean inPlace) {
        double c1 = 1 - b1;
        double c2 = 1 - b2;
        double ns = -stepSize;
        // Multiplying by 1/sqrt(1−β2^t) instead of dividing (PyTorch) costs at most 1 ulp in the
        // denominator and saves one vector division: the kernel is then purely bandwidth-bound.
        double inv = 1 / bc2Sqrt;
        boolean ams = vmax != null;
        int i = 0;
        if (Simd.ENABLED && !ams && l2 == 0 && decay == 1 && inPlace) {
            int bound = S.loopBound(n);
            for (; i < bound; i += S.length()) {
                DoubleVector gv = DoubleVector.fromArray(S, g, go + i);
                DoubleVector mv = DoubleVector.fromArray(S, m, mo + i).mul(b1).add(gv.mul(c1));
                DoubleVector vv = DoubleVector.fromArray(S, v, vo + i).mul(b2).add(gv.mul(c2).mul(gv));
                mv.intoArray(m, mo + i);
                vv.intoArray(v, vo + i);
                DoubleVector d = vv.sqrt().mul(inv).add(eps);
                DoubleVector.fromArray(S, p, po + i).add(mv.mul(ns).div(d)).intoArray(out, oo + i);
            }
        } else if (Simd.ENABLED) {
            int bound = S.loopBound(n);
            for (; i < bound; i += S.length()) {
                DoubleVector pv = DoubleVector.fromArray(S, p, po + i);
                DoubleVector gv = DoubleVector.fromArray(S, g, go + i);
                if (l2 != 0) gv = gv.add(pv.mul(l2));
                DoubleVector mv = DoubleVector.fromArray(S, m, mo + i).mul(b1).add(gv.mul(c1));
                DoubleVector vv = DoubleVector.fromArray(S, v, vo + i).mul(b2).add(gv.mul(c2).mul(gv));
                mv.intoArray(m, mo + i);
                vv.intoArray(v, vo + i);
                if (ams) {
                    vv = DoubleVector.fromArray(S, vmax, xo + i).max(vv);
                    vv.intoArray(vmax, xo + i);
                }
                DoubleVector step = mv.mul(ns).div(vv.sqrt().mul(inv).add(eps));
                DoubleVector r = inPlace ? (decay == 1 ? pv : pv.mul(decay)).add(step)
                        : (decay == 1 ? step : pv.mul(decay - 1).add(step));
                r.intoArray(out, oo + i);
            }
        }
        for (; i < n; i++) {
            double pi = p[po + i];
            double gi = g[go + i];
            if (l2 != 0) gi = gi + pi * l2;
            double mi = m[mo + i] * b1 + gi * c1;
            double vi = v[vo + i] * b2 + gi * c2 * gi;
            m[mo + i] = mi;
            v[vo + i] = vi;
            if (ams) {
                vi = Math.max(vmax[xo + i], vi);
                vmax[xo + i] = vi;
            }
            double step = mi * ns / ((double) Math.sqrt(vi) * inv + eps);
            out[oo + i] = inPlace ? (decay == 1 ? pi : pi * decay) + step
                    : (decay == 1 ? step : pi * (decay - 1) + step);
        }
    }
}
