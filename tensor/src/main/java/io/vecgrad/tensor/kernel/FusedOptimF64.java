package io.vecgrad.tensor.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vectorised fused optimizer steps that perform exactly the operations of an optimizer chain in
 * the chain's order, so that the float64 kernel equals the chain ({@code io.vecgrad.optim.Chain}
 * running its element rules) bitwise; the float twin is generated and computes in float. The
 * vector body and the scalar tail perform the same operations in the same order, so the vector
 * and scalar paths agree bitwise. Each F32 operation is the float rounding of the chain's
 * element rule (which rounds every operation to the parameter's precision), so the float twin
 * equals the chain bitwise too. Parameters of at least {@link RowSplit#MIN_WORK} elements are
 * split into element chunks over {@link Parallel}'s threads; the bits do not depend on the
 * thread count.
 *
 * <pre>{@code
 * // one in-place Adam step: chain(scaleByAdam(0.9, 0.999, 1e-8), scaleByLearningRate(lr))
 * FusedOptimF64.adam(p, 0, g, 0, m, 0, v, 0, null, 0, n, 0.9, 0.1, 0.999, 0.001, 1 / bc1, 1 / Math.sqrt(bc2), 1e-8, 0, 0, -lr);
 * }</pre>
 */
public final class FusedOptimF64 {
    private static final VectorSpecies<Double> S = Simd.F64;

    private FusedOptimF64() {}

    /**
     * One in-place step of {@code chain([addDecayedWeights(l2)], scaleByAdam, [addDecayedWeights(decoupled)],
     * scaleByLearningRate)}, element-wise:
     * {@code g += p·l2; m = m·b1 + g·(1−b1); v = v·b2 + g·(1−b2)·g; [vmax = max(vmax, v)];
     * u = m·r1 / (sqrt(v or vmax)·inv2 + eps); u += p·decoupled; p += u·negLr}.
     * A zero {@code l2} or {@code decoupled} skips that term; {@code vmax} is null without AMSGrad.
     * The coefficients come precomputed ({@code c1 = 1 − b1}, {@code c2 = 1 − b2}, rounded once to
     * the kernel's precision), exactly as the chain rounds them.
     */
    public static void adam(double[] p, int po, double[] g, int go, double[] m, int mo, double[] v, int vo,
                            double[] vmax, int xo, int n, double b1, double c1, double b2, double c2,
                            double r1, double inv2, double eps, double l2, double decoupled, double negLr) {
        // Elements are independent and every element gets the same operations wherever it lies
        // (vector body and scalar tail agree bitwise), so chunks over threads give the same bits.
        if (RowSplit.worthSplitting(n)) {
            RowSplit.elements(n, (f, t) -> adamRange(p, po + f, g, go + f, m, mo + f, v, vo + f, vmax, xo + f, t - f,
                    b1, c1, b2, c2, r1, inv2, eps, l2, decoupled, negLr));
        } else {
            adamRange(p, po, g, go, m, mo, v, vo, vmax, xo, n, b1, c1, b2, c2, r1, inv2, eps, l2, decoupled, negLr);
        }
    }

    private static void adamRange(double[] p, int po, double[] g, int go, double[] m, int mo, double[] v, int vo,
                                  double[] vmax, int xo, int n, double b1, double c1, double b2, double c2,
                                  double r1, double inv2, double eps, double l2, double decoupled, double negLr) {
        boolean ams = vmax != null;
        int i = 0;
        if (Simd.ENABLED) {
            // One loop per case, so that no vector value merges at a branch: C2 then keeps the
            // vectors in registers instead of boxing them.
            if (!ams && l2 == 0 && decoupled == 0) {
                i = adamPlain(p, po, g, go, m, mo, v, vo, n, b1, c1, b2, c2, r1, inv2, eps, negLr);
            } else if (!ams && l2 == 0) {
                i = adamDecoupled(p, po, g, go, m, mo, v, vo, n, b1, c1, b2, c2, r1, inv2, eps, decoupled, negLr);
            } else {
                i = adamGeneral(p, po, g, go, m, mo, v, vo, vmax, xo, n, b1, c1, b2, c2, r1, inv2, eps, l2, decoupled, negLr);
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
            double u = mi * r1 / ((double) Math.sqrt(vi) * inv2 + eps);
            if (decoupled != 0) u = u + pi * decoupled;
            p[po + i] = pi + u * negLr;
        }
    }

    /** Vector body of {@link #adam} without AMSGrad and decay; returns the first index left to the scalar tail. */
    private static int adamPlain(double[] p, int po, double[] g, int go, double[] m, int mo, double[] v, int vo, int n,
                                 double b1, double c1, double b2, double c2, double r1, double inv2, double eps, double negLr) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += S.length()) {
            DoubleVector gv = DoubleVector.fromArray(S, g, go + i);
            DoubleVector mv = DoubleVector.fromArray(S, m, mo + i).mul(b1).add(gv.mul(c1));
            DoubleVector vv = DoubleVector.fromArray(S, v, vo + i).mul(b2).add(gv.mul(c2).mul(gv));
            mv.intoArray(m, mo + i);
            vv.intoArray(v, vo + i);
            DoubleVector u = mv.mul(r1).div(vv.sqrt().mul(inv2).add(eps));
            DoubleVector.fromArray(S, p, po + i).add(u.mul(negLr)).intoArray(p, po + i);
        }
        return i;
    }

    /** Vector body of {@link #adam} with decoupled decay only (AdamW). */
    private static int adamDecoupled(double[] p, int po, double[] g, int go, double[] m, int mo, double[] v, int vo, int n,
                                     double b1, double c1, double b2, double c2, double r1, double inv2, double eps,
                                     double decoupled, double negLr) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += S.length()) {
            DoubleVector pv = DoubleVector.fromArray(S, p, po + i);
            DoubleVector gv = DoubleVector.fromArray(S, g, go + i);
            DoubleVector mv = DoubleVector.fromArray(S, m, mo + i).mul(b1).add(gv.mul(c1));
            DoubleVector vv = DoubleVector.fromArray(S, v, vo + i).mul(b2).add(gv.mul(c2).mul(gv));
            mv.intoArray(m, mo + i);
            vv.intoArray(v, vo + i);
            DoubleVector u = mv.mul(r1).div(vv.sqrt().mul(inv2).add(eps)).add(pv.mul(decoupled));
            pv.add(u.mul(negLr)).intoArray(p, po + i);
        }
        return i;
    }

    /** Vector body of {@link #adam} for coupled decay and/or AMSGrad. */
    private static int adamGeneral(double[] p, int po, double[] g, int go, double[] m, int mo, double[] v, int vo,
                                   double[] vmax, int xo, int n, double b1, double c1, double b2, double c2,
                                   double r1, double inv2, double eps, double l2, double decoupled, double negLr) {
        boolean ams = vmax != null;
        int bound = S.loopBound(n);
        int i = 0;
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
            DoubleVector u = mv.mul(r1).div(vv.sqrt().mul(inv2).add(eps));
            if (decoupled != 0) u = u.add(pv.mul(decoupled));
            pv.add(u.mul(negLr)).intoArray(p, po + i);
        }
        return i;
    }

    /**
     * One in-place step of {@code chain([addDecayedWeights(l2)], [trace(mu, 1 − keep, nesterov)],
     * scaleByLearningRate)} (PyTorch SGD), element-wise: {@code g += p·l2; b = first ? g : b·mu + g·keep;
     * d = nesterov ? g + b·mu : b; p += d·negLr}. {@code buf} is null without momentum (then
     * {@code d = g}); a zero {@code l2} skips the decay.
     */
    public static void sgd(double[] p, int po, double[] g, int go, double[] buf, int bo, int n,
                           double l2, double mu, double keep, boolean first, boolean nesterov, double negLr) {
        if (RowSplit.worthSplitting(n)) {   // independent elements: same bits for any split (see adam)
            RowSplit.elements(n, (f, t) -> sgdRange(p, po + f, g, go + f, buf, bo + f, t - f, l2, mu, keep, first, nesterov, negLr));
        } else {
            sgdRange(p, po, g, go, buf, bo, n, l2, mu, keep, first, nesterov, negLr);
        }
    }

    private static void sgdRange(double[] p, int po, double[] g, int go, double[] buf, int bo, int n,
                                 double l2, double mu, double keep, boolean first, boolean nesterov, double negLr) {
        boolean mom = buf != null;
        int i = 0;
        if (Simd.ENABLED) {
            int bound = S.loopBound(n);
            for (; i < bound; i += S.length()) {
                DoubleVector pv = DoubleVector.fromArray(S, p, po + i);
                DoubleVector d = DoubleVector.fromArray(S, g, go + i);
                if (l2 != 0) d = d.add(pv.mul(l2));
                if (mom) {
                    DoubleVector b = first ? d : DoubleVector.fromArray(S, buf, bo + i).mul(mu).add(d.mul(keep));
                    b.intoArray(buf, bo + i);
                    d = nesterov ? d.add(b.mul(mu)) : b;
                }
                pv.add(d.mul(negLr)).intoArray(p, po + i);
            }
        }
        for (; i < n; i++) {
            double pi = p[po + i];
            double d = g[go + i];
            if (l2 != 0) d = d + pi * l2;
            if (mom) {
                double b = first ? d : buf[bo + i] * mu + d * keep;
                buf[bo + i] = b;
                d = nesterov ? d + b * mu : b;
            }
            p[po + i] = pi + d * negLr;
        }
    }
}
