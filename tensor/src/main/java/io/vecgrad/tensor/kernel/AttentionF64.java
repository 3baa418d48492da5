package io.vecgrad.tensor.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Scaled-dot-product attention {@code softmax((q·scale)·kᵀ + mask)·v} per head, forward and
 * backward, on strided double operands; the float twin {@code AttentionF32} is generated from
 * this file.
 *
 * <p>An operand is described by an array and a layout {@code {offset, batchStride, headStride,
 * rowStride}}: element {@code (b, h, t, i)} lies at
 * {@code offset + b·batchStride + h·headStride + t·rowStride + i} (unit stride along the feature
 * axis), so the packed {@code [B, T, 3E]} projection of a multi-head attention layer is read
 * in place and the output is written straight into {@code [B, T, E]}.
 *
 * <p>Each head is independent; heads run in parallel when {@link Parallel} has threads and the
 * work is large enough, and every head computes the same bits whatever the thread count. Query
 * rows go in blocks of {@link #BLOCK}: only one block of scores (and, backward, one block of
 * their cotangents) is ever held, in per-thread scratch. The backward recomputes the
 * probabilities from q and k with the forward's own code, so they are the forward's bits, or,
 * when the caller keeps them (small heads, where the memory is cheaper than the exponentials),
 * reads what the forward saved.
 *
 * <p>Arithmetic follows the composed form op for op: {@code qs = q·scale} rounded first, dot
 * products and sums over rows as fused multiply-adds in ascending index order (vector lanes and
 * the scalar twin give the same bits), the mask and the causal {@code −∞} added to the scores,
 * the row softmax of {@link SoftmaxF64#softmax}, and the softmax VJP
 * {@code ds = p·(dp − Σ dp·p)}. Only the order of the sums (against the composed GEMMs and
 * reductions) differs, so results agree with the composed form within dot-product rounding.
 *
 * <p>Causal attention skips the blocks above the diagonal: query rows go in blocks of
 * {@link #CAUSAL_BLOCK}, and for a block whose last row is {@code r} only keys {@code j ≤ r} are
 * scored, combined and differentiated; the rest of the block's scores are set to {@code −∞}
 * (their probabilities are exactly 0) so the row softmax still runs over the whole row. The
 * skipped terms were exact zeros ({@code 0·v}, {@code 0·k}, {@code 0·g}) added to fused
 * multiply-add chains that keep their order, so with finite inputs the results are the bits of
 * the unskipped computation (the causal mask added as an explicit {@code −∞} matrix), up to the
 * sign of an exact zero; a non-finite value in a masked key or value no longer turns into NaN.
 * Block sizes never change bits: every row is computed on its own, and the key gradients
 * continue one FMA chain over query rows in ascending order across blocks.
 */
public final class AttentionF64 {
    private static final VectorSpecies<Double> S = Simd.F64;

    /** Query rows per block: the most rows of the score matrix held at once. */
    public static final int BLOCK = 64;
    /** Query rows per block with a causal mask: smaller, so more of the masked triangle is skipped. */
    public static final int CAUSAL_BLOCK = 16;

    private AttentionF64() {}

    /** Sizes of one call: {@code batch·heads} heads of {@code tq} queries, {@code tk} keys, widths {@code d} and {@code dv}. */
    public record Dims(int batch, int heads, int tq, int tk, int d, int dv) {
        long flops() {
            return 4L * batch * heads * tq * tk * Math.max(d, dv);
        }
    }

    private static final class Scratch {
        double[] qs = new double[0], ga = new double[0], kt = new double[0], vt = new double[0], p = new double[0], dp = new double[0];

        static double[] fit(double[] a, int n) {
            return a.length >= n ? a : new double[n];
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Writes {@code o = softmax((q·scale)·kᵀ + mask)·v} for every head. {@code mask} is null or an
     * additive {@code [tq, tk]} matrix at {@code mo}; {@code causal} adds {@code −∞} where key
     * {@code j > } query {@code i}. When {@code saved} is not null it receives the probabilities,
     * {@code [batch·heads·tq, tk]}, for a backward that then skips their recomputation.
     */
    public static void forward(Dims n, double[] q, int[] ql, double[] k, int[] kl, double[] v, int[] vl, double[] o, int[] ol,
                               double scale, double[] mask, int mo, boolean causal, double[] saved) {
        heads(n, g -> forwardHead(n, g / n.heads, g % n.heads, q, ql, k, kl, v, vl, o, ol, scale, mask, mo, causal, saved));
    }

    /**
     * The cotangents of {@link #forward} for output cotangent {@code g}: writes {@code dq} and
     * adds into {@code dk}, {@code dvv} (which must hold zeros, or the values to add to).
     * {@code saved} is null (recompute the probabilities) or what {@link #forward} saved: the same bits.
     */
    public static void backward(Dims n, double[] q, int[] ql, double[] k, int[] kl, double[] v, int[] vl, double[] g, int[] gl,
                                double[] dq, int[] dql, double[] dk, int[] dkl, double[] dvv, int[] dvl,
                                double scale, double[] mask, int mo, boolean causal, double[] saved) {
        heads(n, h -> backwardHead(n, h / n.heads, h % n.heads, q, ql, k, kl, v, vl, g, gl, dq, dql, dk, dkl, dvv, dvl, scale, mask, mo, causal, saved));
    }

    private static void heads(Dims n, java.util.function.IntConsumer head) {
        int count = n.batch * n.heads;
        if (Parallel.threads() > 1 && count > 1 && Parallel.worthSplitting(n.flops())) {
            Parallel.parallelFor(count, head);
        } else {
            for (int g = 0; g < count; g++) head.accept(g);
        }
    }

    private static int base(int[] l, int b, int h) {
        return l[0] + b * l[1] + h * l[2];
    }

    private static void forwardHead(Dims n, int b, int h, double[] q, int[] ql, double[] k, int[] kl, double[] v, int[] vl,
                                    double[] o, int[] ol, double scale, double[] mask, int mo, boolean causal, double[] saved) {
        Scratch sc = SCRATCH.get();
        int tk = n.tk, d = n.d, dv = n.dv;
        int qb = base(ql, b, h), vb = base(vl, b, h), ob = base(ol, b, h);
        sc.kt = Scratch.fit(sc.kt, d * tk);
        transpose(k, base(kl, b, h), kl[3], tk, d, sc.kt);
        int block = causal ? CAUSAL_BLOCK : BLOCK;
        for (int r0 = 0; r0 < n.tq; r0 += block) {
            int rows = Math.min(block, n.tq - r0), keys = visibleKeys(r0, rows, tk, causal);
            sc.qs = Scratch.fit(sc.qs, rows * d);
            sc.p = Scratch.fit(sc.p, rows * tk);
            probabilities(q, qb, ql[3], r0, rows, tk, d, scale, sc.kt, mask, mo, causal, sc.qs, sc.p);
            if (saved != null) System.arraycopy(sc.p, 0, saved, savedAt(n, b, h, r0), rows * tk);
            combineRows(rows, sc.p, 0, tk, 1, keys, v, vb, vl[3], o, ob + r0 * ol[3], ol[3], dv, false);   // o = p·v
        }
    }

    private static void backwardHead(Dims n, int b, int h, double[] q, int[] ql, double[] k, int[] kl, double[] v, int[] vl,
                                     double[] g, int[] gl, double[] dq, int[] dql, double[] dk, int[] dkl, double[] dvv, int[] dvl,
                                     double scale, double[] mask, int mo, boolean causal, double[] saved) {
        Scratch sc = SCRATCH.get();
        int tk = n.tk, d = n.d, dv = n.dv;
        int qb = base(ql, b, h), kb = base(kl, b, h), gb = base(gl, b, h);
        int dqb = base(dql, b, h), dkb = base(dkl, b, h), dvb = base(dvl, b, h);
        sc.kt = Scratch.fit(sc.kt, d * tk);
        sc.vt = Scratch.fit(sc.vt, dv * tk);
        if (saved == null) transpose(k, kb, kl[3], tk, d, sc.kt);
        transpose(v, base(vl, b, h), vl[3], tk, dv, sc.vt);
        int block = causal ? CAUSAL_BLOCK : BLOCK;
        for (int r0 = 0; r0 < n.tq; r0 += block) {
            int rows = Math.min(block, n.tq - r0), keys = visibleKeys(r0, rows, tk, causal);
            sc.qs = Scratch.fit(sc.qs, rows * d);
            sc.ga = Scratch.fit(sc.ga, rows * dv);
            sc.p = Scratch.fit(sc.p, rows * tk);
            sc.dp = Scratch.fit(sc.dp, rows * tk);
            double[] p = sc.p, dp = sc.dp, qs = sc.qs, ga = sc.ga;
            if (saved == null) {
                probabilities(q, qb, ql[3], r0, rows, tk, d, scale, sc.kt, mask, mo, causal, qs, p);
            } else {
                scaledQueries(q, qb, ql[3], r0, rows, d, scale, qs);
                System.arraycopy(saved, savedAt(n, b, h, r0), p, 0, rows * tk);
            }
            for (int r = 0; r < rows; r++) System.arraycopy(g, gb + (r0 + r) * gl[3], ga, r * dv, dv);
            timesTransposed(ga, rows, dv, sc.vt, tk, keys, dp);                  // dp = g·vᵀ (0 where p is)
            for (int r = 0; r < rows; r++) {                                     // ds = p·(dp − Σ dp·p), in dp
                int a = r * tk;
                java.util.Arrays.fill(dp, a + keys, a + tk, 0);
                double dot = dot(dp, p, a, tk);
                for (int j = 0; j < keys; j++) dp[a + j] = p[a + j] * (dp[a + j] - dot);
            }
            combineRows(keys, p, 0, 1, tk, rows, ga, 0, dv, dvv, dvb, dvl[3], dv, true);      // dv += pᵀ·g
            combineRows(keys, dp, 0, 1, tk, rows, qs, 0, d, dk, dkb, dkl[3], d, true);        // dk += dsᵀ·qs
            combineRows(rows, dp, 0, tk, 1, keys, k, kb, kl[3], dq, dqb + r0 * dql[3], dql[3], d, false);   // dq = (ds·k)·scale
            for (int r = 0; r < rows; r++) {
                int at = dqb + (r0 + r) * dql[3];
                for (int i = 0; i < d; i++) dq[at + i] = dq[at + i] * scale;
            }
        }
    }

    /** Keys any row of the block {@code [r0, r0+rows)} may see: all, or with a causal mask those {@code j < r0 + rows}. */
    private static int visibleKeys(int r0, int rows, int tk, boolean causal) {
        return causal ? Math.min(tk, r0 + rows) : tk;
    }

    /** Where row {@code r0} of head {@code (b, h)} starts in the saved probabilities. */
    private static int savedAt(Dims n, int b, int h, int r0) {
        return ((b * n.heads + h) * n.tq + r0) * n.tk;
    }

    /** {@code qs[r·d + i] = q[row r0 + r, i]·scale}, rounded as the composed {@code q.mul(scale)}. */
    private static void scaledQueries(double[] q, int qb, int qst, int r0, int rows, int d, double scale, double[] qs) {
        for (int r = 0; r < rows; r++) {
            int a = qb + (r0 + r) * qst;
            for (int i = 0; i < d; i++) qs[r * d + i] = q[a + i] * scale;
        }
    }

    /** {@code t[i·rows + j] = x[xo + j·rs + i]}: the {@code rows × w} rows of one head as {@code w × rows}. */
    private static void transpose(double[] x, int xo, int rs, int rows, int w, double[] t) {
        for (int i = 0; i < w; i++) {   // contiguous writes; the strided reads stay within rows·⌈w/16⌉ cache lines
            int ti = i * rows, a = xo + i;
            for (int j = 0; j < rows; j++) t[ti + j] = x[a + j * rs];
        }
    }

    /**
     * Rows {@code r0 .. r0+rows} of the probabilities into {@code p} ({@code rows × tk}), and the
     * scaled queries into {@code qs}.
     */
    private static void probabilities(double[] q, int qb, int qst, int r0, int rows, int tk, int d, double scale, double[] kt,
                                      double[] mask, int mo, boolean causal, double[] qs, double[] p) {
        scaledQueries(q, qb, qst, r0, rows, d, scale, qs);
        int keys = visibleKeys(r0, rows, tk, causal);
        timesTransposed(qs, rows, d, kt, tk, keys, p);
        for (int r = 0; r < rows; r++) {
            int a = r * tk, row = r0 + r;
            if (mask != null) {
                int m = mo + row * tk;
                for (int j = 0; j < keys; j++) p[a + j] = p[a + j] + mask[m + j];
            }
            if (causal) {
                for (int j = row + 1; j < keys; j++) p[a + j] = p[a + j] + Double.NEGATIVE_INFINITY;
                java.util.Arrays.fill(p, a + keys, a + tk, Double.NEGATIVE_INFINITY);   // the skipped scores
            }
        }
        SoftmaxF64.softmax(p, 0, p, 0, rows, tk, false);
    }

    /**
     * {@code out[r·n + j] = Σ_i a[r·w + i]·bt[i·n + j]} (FMAs in ascending i) for {@code r < rows},
     * {@code j < cols ≤ n}. Pairs of rows share each load of {@code bt} (eight FMA chains); every
     * element sums in the same order on every path.
     */
    static void timesTransposed(double[] a, int rows, int w, double[] bt, int n, int cols, double[] out) {
        int l = S.length(), r = 0;
        if (Simd.ENABLED) {
            for (; r + 2 <= rows; r += 2) {
                int ar = r * w, or = r * n, j = 0;
                for (; j + 4 * l <= cols; j += 4 * l) {
                    DoubleVector c0 = DoubleVector.zero(S), c1 = c0, c2 = c0, c3 = c0, d0 = c0, d1 = c0, d2 = c0, d3 = c0;
                    for (int i = 0; i < w; i++) {
                        int bi = i * n + j;
                        DoubleVector b0 = DoubleVector.fromArray(S, bt, bi), b1 = DoubleVector.fromArray(S, bt, bi + l);
                        DoubleVector b2 = DoubleVector.fromArray(S, bt, bi + 2 * l), b3 = DoubleVector.fromArray(S, bt, bi + 3 * l);
                        DoubleVector x = DoubleVector.broadcast(S, a[ar + i]), y = DoubleVector.broadcast(S, a[ar + w + i]);
                        c0 = b0.fma(x, c0);
                        c1 = b1.fma(x, c1);
                        c2 = b2.fma(x, c2);
                        c3 = b3.fma(x, c3);
                        d0 = b0.fma(y, d0);
                        d1 = b1.fma(y, d1);
                        d2 = b2.fma(y, d2);
                        d3 = b3.fma(y, d3);
                    }
                    c0.intoArray(out, or + j);
                    c1.intoArray(out, or + j + l);
                    c2.intoArray(out, or + j + 2 * l);
                    c3.intoArray(out, or + j + 3 * l);
                    d0.intoArray(out, or + n + j);
                    d1.intoArray(out, or + n + j + l);
                    d2.intoArray(out, or + n + j + 2 * l);
                    d3.intoArray(out, or + n + j + 3 * l);
                }
                rowTimesTransposed(a, ar, w, bt, n, cols, out, or, j);
                rowTimesTransposed(a, ar + w, w, bt, n, cols, out, or + n, j);
            }
        }
        for (; r < rows; r++) rowTimesTransposed(a, r * w, w, bt, n, cols, out, r * n, 0);
    }

    /** Columns {@code [from, cols)} of one row of {@link #timesTransposed}: one vector at a time, then scalar. */
    private static void rowTimesTransposed(double[] a, int ar, int w, double[] bt, int n, int cols, double[] out, int or, int from) {
        int l = S.length(), j = from;
        for (; Simd.ENABLED && j + l <= cols; j += l) {
            DoubleVector c0 = DoubleVector.zero(S);
            for (int i = 0; i < w; i++) c0 = DoubleVector.fromArray(S, bt, i * n + j).fma(DoubleVector.broadcast(S, a[ar + i]), c0);
            c0.intoArray(out, or + j);
        }
        for (; j < cols; j++) {
            double s = 0;
            for (int i = 0; i < w; i++) s = Math.fma(bt[i * n + j], a[ar + i], s);
            out[or + j] = s;
        }
    }

    /**
     * {@link #combine} for {@code n} output rows: row {@code i} takes its coefficients from
     * {@code coef[co + i·rowStep + j·cs]} and goes to {@code out[oo + i·os ..]}. Four rows share
     * each load of {@code x} (eight independent FMA chains hide the FMA latency); every element
     * still sums its terms in ascending {@code j}, so the bits are {@link #combine}'s.
     */
    static void combineRows(int n, double[] coef, int co, int rowStep, int cs, int count, double[] x, int xo, int xs,
                            double[] out, int oo, int os, int w, boolean accumulate) {
        int l = S.length(), i = 0;
        if (Simd.ENABLED && w >= 2 * l) {
            int wb = w - w % (2 * l);
            for (; i + 4 <= n; i += 4) {
                int c0 = co + i * rowStep, o0 = oo + i * os;
                for (int c = 0; c < wb; c += 2 * l) {
                    DoubleVector a0, a1, b0, b1, e0, e1, f0, f1;
                    if (accumulate) {
                        a0 = DoubleVector.fromArray(S, out, o0 + c);
                        a1 = DoubleVector.fromArray(S, out, o0 + c + l);
                        b0 = DoubleVector.fromArray(S, out, o0 + os + c);
                        b1 = DoubleVector.fromArray(S, out, o0 + os + c + l);
                        e0 = DoubleVector.fromArray(S, out, o0 + 2 * os + c);
                        e1 = DoubleVector.fromArray(S, out, o0 + 2 * os + c + l);
                        f0 = DoubleVector.fromArray(S, out, o0 + 3 * os + c);
                        f1 = DoubleVector.fromArray(S, out, o0 + 3 * os + c + l);
                    } else {
                        a0 = DoubleVector.zero(S);
                        a1 = a0;
                        b0 = a0;
                        b1 = a0;
                        e0 = a0;
                        e1 = a0;
                        f0 = a0;
                        f1 = a0;
                    }
                    for (int j = 0; j < count; j++) {
                        int xa = xo + j * xs + c, cj = c0 + j * cs;
                        DoubleVector x0 = DoubleVector.fromArray(S, x, xa), x1 = DoubleVector.fromArray(S, x, xa + l);
                        DoubleVector g = DoubleVector.broadcast(S, coef[cj]);
                        a0 = x0.fma(g, a0);
                        a1 = x1.fma(g, a1);
                        g = DoubleVector.broadcast(S, coef[cj + rowStep]);
                        b0 = x0.fma(g, b0);
                        b1 = x1.fma(g, b1);
                        g = DoubleVector.broadcast(S, coef[cj + 2 * rowStep]);
                        e0 = x0.fma(g, e0);
                        e1 = x1.fma(g, e1);
                        g = DoubleVector.broadcast(S, coef[cj + 3 * rowStep]);
                        f0 = x0.fma(g, f0);
                        f1 = x1.fma(g, f1);
                    }
                    a0.intoArray(out, o0 + c);
                    a1.intoArray(out, o0 + c + l);
                    b0.intoArray(out, o0 + os + c);
                    b1.intoArray(out, o0 + os + c + l);
                    e0.intoArray(out, o0 + 2 * os + c);
                    e1.intoArray(out, o0 + 2 * os + c + l);
                    f0.intoArray(out, o0 + 3 * os + c);
                    f1.intoArray(out, o0 + 3 * os + c + l);
                }
                if (wb < w) {
                    for (int u = 0; u < 4; u++) combineTail(coef, c0 + u * rowStep, cs, count, x, xo, xs, out, o0 + u * os, wb, w, accumulate);
                }
            }
        }
        for (; i < n; i++) combine(coef, co + i * rowStep, cs, count, x, xo, xs, out, oo + i * os, w, accumulate);
    }

    /** Columns {@code [from, w)} of {@link #combine}: one vector at a time, then scalar. */
    private static void combineTail(double[] coef, int co, int cs, int count, double[] x, int xo, int xs, double[] out, int oo, int from, int w, boolean accumulate) {
        int l = S.length(), c = from;
        for (; Simd.ENABLED && c + l <= w; c += l) {
            DoubleVector a0 = accumulate ? DoubleVector.fromArray(S, out, oo + c) : DoubleVector.zero(S);
            for (int j = 0; j < count; j++) a0 = DoubleVector.fromArray(S, x, xo + j * xs + c).fma(DoubleVector.broadcast(S, coef[co + j * cs]), a0);
            a0.intoArray(out, oo + c);
        }
        for (; c < w; c++) {
            double s = accumulate ? out[oo + c] : 0;
            for (int j = 0; j < count; j++) s = Math.fma(x[xo + j * xs + c], coef[co + j * cs], s);
            out[oo + c] = s;
        }
    }

    /**
     * {@code out[oo + c] (+)= Σ_j coef[co + j·cs]·x[xo + j·xs + c]} for {@code c < w}, FMAs in
     * ascending {@code j}; with {@code accumulate} the sum starts from {@code out}'s value.
     */
    static void combine(double[] coef, int co, int cs, int count, double[] x, int xo, int xs, double[] out, int oo, int w, boolean accumulate) {
        combineTail(coef, co, cs, count, x, xo, xs, out, oo, 0, w, accumulate);
    }

    /** {@code Σ a[o+j]·b[o+j]} for {@code j < n}: lane-wise FMA partial sums on the vector path, in fixed lane order. */
    static double dot(double[] a, double[] b, int o, int n) {
        int j = 0;
        double s = 0;
        if (Simd.ENABLED && n >= S.length()) {
            DoubleVector acc = DoubleVector.zero(S);
            int bound = S.loopBound(n);
            for (; j < bound; j += S.length()) acc = DoubleVector.fromArray(S, a, o + j).fma(DoubleVector.fromArray(S, b, o + j), acc);
            s = LanesF64.sum(acc);
        }
        for (; j < n; j++) s = Math.fma(a[o + j], b[o + j], s);
        return s;
    }
}
