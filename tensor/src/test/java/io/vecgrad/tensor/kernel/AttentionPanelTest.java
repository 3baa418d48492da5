package io.vecgrad.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;

/**
 * AttentionF64's panel products (issue 19, branch attn-avx2) against the plain forms they replaced,
 * bit for bit: {@link AttentionF64#product} (register tiles over panel-packed operands) against
 * {@link AttentionF64#combine} row by row on the row-major operand, in both dtypes, for row counts
 * that leave partial tiles, widths and column counts that leave partial panels and vector tails,
 * both coefficient orientations, accumulation and a final scale; the pack layouts against
 * {@link AttentionF64#panelIndex}; and the whole forward and backward against the composed form
 * written out loop by loop in the documented order (scores, probabilities, {@code o}, {@code dp},
 * {@code ds}, {@code dv}, {@code dk}, {@code dq} each one FMA chain in ascending index), so the
 * kernel's bits are those of main before the change. This suite also runs with the scalar twins forced.
 */
@Tag("kernel")
class AttentionPanelTest {

    private static double[] normal(Random r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = r.nextGaussian();
        return a;
    }

    private static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
        return f;
    }

    @Property(tries = 400)
    void productIsCombineRowByRow(@ForAll long seed) {
        Random r = new Random(seed);
        int n = 1 + r.nextInt(13), count = 1 + r.nextInt(40), pw = 1 + r.nextInt(40), cols = 1 + r.nextInt(pw);
        int pr = count + r.nextInt(4), xs = pw + r.nextInt(5), xo = r.nextInt(7);
        boolean transposed = r.nextBoolean(), accumulate = r.nextBoolean();
        double scale = r.nextInt(3) == 0 ? 0.37 : 1;
        // coefficient (row i, step j) at co + i·rs + j·cs, one of rs, cs being 1
        int co = r.nextInt(5), rs = transposed ? 1 : count + r.nextInt(4), cs = transposed ? n + r.nextInt(4) : 1;
        int os = cols + r.nextInt(6), oo = r.nextInt(5);
        double[] x = normal(r, xo + pr * xs), coef = normal(r, co + n * rs + count * cs), out = normal(r, oo + n * os);
        String what = "n" + n + " count" + count + " pr" + pr + " pw" + pw + " cols" + cols + (transposed ? " transposed" : "")
                + (accumulate ? " accumulate" : "") + " scale " + scale;

        double[] xp = new double[pr * pw], got = out.clone(), want = out.clone();
        AttentionF64.pack(x, xo, xs, pr, pw, 1, xp);
        AttentionF64.product(n, coef, co, rs, cs, count, xp, pr, pw, cols, got, oo, os, accumulate, scale);
        for (int i = 0; i < n; i++) {
            AttentionF64.combine(coef, co + i * rs, cs, count, x, xo, xs, want, oo + i * os, cols, accumulate);
            for (int c = 0; c < cols; c++) want[oo + i * os + c] = want[oo + i * os + c] * scale;
        }
        assertArrayEquals(want, got, "double " + what);

        float[] xf = toFloat(x), cf = toFloat(coef), gf = toFloat(out), wf = gf.clone(), xpf = new float[pr * pw];
        AttentionF32.pack(xf, xo, xs, pr, pw, 1, xpf);
        AttentionF32.product(n, cf, co, rs, cs, count, xpf, pr, pw, cols, gf, oo, os, accumulate, (float) scale);
        for (int i = 0; i < n; i++) {
            AttentionF32.combine(cf, co + i * rs, cs, count, xf, xo, xs, wf, oo + i * os, cols, accumulate);
            for (int c = 0; c < cols; c++) wf[oo + i * os + c] = wf[oo + i * os + c] * (float) scale;
        }
        assertArrayEquals(wf, gf, "float " + what);
    }

    @Property(tries = 200)
    void packsPutEveryElementAtItsPanelIndex(@ForAll long seed) {
        Random r = new Random(seed);
        int rows = 1 + r.nextInt(70), w = 1 + r.nextInt(45), rs = w + r.nextInt(4), xo = r.nextInt(5);
        double s = r.nextBoolean() ? 1 : 0.5;
        double[] x = normal(r, xo + rows * rs), xp = new double[rows * w], xt = new double[rows * w], tmp = new double[rows * w];
        AttentionF64.pack(x, xo, rs, rows, w, s, xp);
        AttentionF64.packTransposed(x, xo, rs, rows, w, tmp, xt);
        boolean[] hit = new boolean[rows * w];
        for (int j = 0; j < rows; j++) {
            for (int c = 0; c < w; c++) {
                int at = AttentionF64.panelIndex(rows, w, j, c);
                assertEquals(x[xo + j * rs + c] * s, xp[at], "pack (" + j + ", " + c + ")");
                assertEquals(x[xo + j * rs + c], xt[AttentionF64.panelIndex(w, rows, c, j)], "packTransposed (" + c + ", " + j + ")");
                assertTrue(!hit[at], "two elements at " + at);
                hit[at] = true;
            }
        }
    }

    /** A layout {offset, batchStride, headStride, rowStride} of a [b, h, t, w] operand: contiguous heads or heads side by side in a row. */
    private static int[] layout(Random r, int heads, int t, int w) {
        int off = r.nextInt(4), pad = r.nextInt(3);
        if (r.nextBoolean()) {
            int rowStride = w + pad, headStride = t * rowStride;
            return new int[] {off, heads * headStride, headStride, rowStride};
        }
        int rowStride = heads * w + pad;
        return new int[] {off, t * rowStride, w, rowStride};
    }

    private static int at(int[] l, int b, int h, int t, int i) {
        return l[0] + b * l[1] + h * l[2] + t * l[3] + i;
    }

    private static int size(int[] l, int batch, int heads, int t, int w) {
        return at(l, batch - 1, heads - 1, t - 1, w - 1) + 1;
    }

    /** Equal values, treating +0 and −0 as equal (the causal skip keeps values, not the sign of an exact zero). */
    private static void same(double[] want, double[] got, boolean exactZeros, String what) {
        if (exactZeros) {
            assertArrayEquals(want, got, what);
            return;
        }
        for (int i = 0; i < want.length; i++) assertTrue(want[i] == got[i], what + " [" + i + "]: want " + want[i] + " got " + got[i]);
    }

    @Property(tries = 60)
    void forwardAndBackwardAreTheComposedFormInItsOrder(@ForAll long seed) {
        Random r = new Random(seed);
        int batch = 1 + r.nextInt(2), heads = 1 + r.nextInt(3), tq = 1 + r.nextInt(r.nextBoolean() ? 150 : 20), tk = 1 + r.nextInt(r.nextBoolean() ? 90 : 20);
        int d = 1 + r.nextInt(40), dv = 1 + r.nextInt(40);
        boolean causal = r.nextInt(3) == 0 && tq <= tk, masked = r.nextInt(3) == 0, keep = r.nextBoolean();
        double scale = 1 / Math.sqrt(d);
        int[] ql = layout(r, heads, tq, d), kl = layout(r, heads, tk, d), vl = layout(r, heads, tk, dv), gl = layout(r, heads, tq, dv);
        int[] ol = layout(r, heads, tq, dv), dql = layout(r, heads, tq, d), dkl = layout(r, heads, tk, d), dvl = layout(r, heads, tk, dv);
        double[] q = normal(r, size(ql, batch, heads, tq, d)), k = normal(r, size(kl, batch, heads, tk, d));
        double[] v = normal(r, size(vl, batch, heads, tk, dv)), g = normal(r, size(gl, batch, heads, tq, dv));
        double[] mask = masked ? normal(r, 3 + tq * tk) : null;
        int mo = masked ? 3 : 0;
        double[] dk0 = normal(r, size(dkl, batch, heads, tk, d)), dv0 = normal(r, size(dvl, batch, heads, tk, dv));   // values to add to
        String what = "b" + batch + " h" + heads + " tq" + tq + " tk" + tk + " d" + d + " dv" + dv + (causal ? " causal" : "") + (masked ? " masked" : "");

        AttentionF64.Dims dims = new AttentionF64.Dims(batch, heads, tq, tk, d, dv);
        double[] o = new double[size(ol, batch, heads, tq, dv)], saved = keep ? new double[batch * heads * tq * tk] : null;
        AttentionF64.forward(dims, q, ql, k, kl, v, vl, o, ol, scale, mask, mo, causal, saved);
        double[] dq = new double[size(dql, batch, heads, tq, d)], dk = dk0.clone(), dvv = dv0.clone();
        AttentionF64.backward(dims, q, ql, k, kl, v, vl, g, gl, dq, dql, dk, dkl, dvv, dvl, scale, mask, mo, causal, saved);

        double[] wo = new double[o.length], wdq = new double[dq.length], wdk = dk0.clone(), wdv = dv0.clone();
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                double[] p = new double[tq * tk], ds = new double[tq * tk];
                for (int i = 0; i < tq; i++) {
                    for (int j = 0; j < tk; j++) {
                        double s = 0;
                        for (int c = 0; c < d; c++) s = Math.fma(k[at(kl, b, h, j, c)], q[at(ql, b, h, i, c)] * scale, s);
                        if (masked) s = s + mask[mo + i * tk + j];
                        if (causal && j > i) s = s + Double.NEGATIVE_INFINITY;
                        p[i * tk + j] = s;
                    }
                }
                SoftmaxF64.softmax(p, 0, p, 0, tq, tk, false);
                for (int i = 0; i < tq; i++) {
                    for (int c = 0; c < dv; c++) {
                        double s = 0;
                        for (int j = 0; j < tk; j++) s = Math.fma(v[at(vl, b, h, j, c)], p[i * tk + j], s);
                        wo[at(ol, b, h, i, c)] = s;
                    }
                    for (int j = 0; j < tk; j++) {
                        double s = 0;
                        for (int c = 0; c < dv; c++) s = Math.fma(v[at(vl, b, h, j, c)], g[at(gl, b, h, i, c)], s);
                        ds[i * tk + j] = s;   // dp for now
                    }
                    double dot = AttentionF64.dot(ds, p, i * tk, tk);
                    for (int j = 0; j < tk; j++) ds[i * tk + j] = p[i * tk + j] * (ds[i * tk + j] - dot);
                }
                for (int j = 0; j < tk; j++) {
                    for (int c = 0; c < dv; c++) {
                        int a = at(dvl, b, h, j, c);
                        for (int i = 0; i < tq; i++) wdv[a] = Math.fma(g[at(gl, b, h, i, c)], p[i * tk + j], wdv[a]);
                    }
                    for (int c = 0; c < d; c++) {
                        int a = at(dkl, b, h, j, c);
                        for (int i = 0; i < tq; i++) wdk[a] = Math.fma(q[at(ql, b, h, i, c)] * scale, ds[i * tk + j], wdk[a]);
                    }
                }
                for (int i = 0; i < tq; i++) {
                    for (int c = 0; c < d; c++) {
                        double s = 0;
                        for (int j = 0; j < tk; j++) s = Math.fma(k[at(kl, b, h, j, c)], ds[i * tk + j], s);
                        wdq[at(dql, b, h, i, c)] = s * scale;
                    }
                }
            }
        }
        same(wo, o, !causal, "o " + what);
        same(wdq, dq, !causal, "dq " + what);
        same(wdk, dk, !causal, "dk " + what);
        same(wdv, dvv, !causal, "dv " + what);
    }
}
