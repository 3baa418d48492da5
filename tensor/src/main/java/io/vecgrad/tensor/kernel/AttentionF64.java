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
 *
 * <p>All six products of a head ({@code qs·kᵀ}, {@code p·v}, {@code g·vᵀ}, {@code pᵀ·g},
 * {@code dsᵀ·qs}, {@code ds·k}) go through one kernel, {@link #product}: the operand that is
 * read as vectors is first copied into a panel layout ({@link #panelIndex}: panels of two vectors'
 * width, each panel's rows adjacent), then register tiles of four output rows by two vectors
 * (eight FMA chains) run one FMA chain per element over it. Issue 19 (branch attn-avx2, AVX2 Zen 3, hsdis of
 * the old loops) found why the old per-product loops ran at 23–55 GFLOP/s against ~100 for the
 * FMA units: every strided index ({@code j·xs}, {@code j·cs}, {@code i·n}) kept a range check per
 * load in the inner loop, the strides were reloaded from the stack and multiplied each step, and
 * rows of the packed {@code [B, T, 3E]} projection, 1536 bytes apart, map to a few L1 sets, so a
 * head's 64 value rows evicted each other. In the panels every index is {@code j·2L + const}, so
 * C2 drops the checks, and the rows are adjacent. The transposes of k and v copy rows with vector
 * loads first (many misses in flight when the projection is not in cache) and shuffle from L1.
 * The short elementwise loops (scaled queries, the softmax VJP, the scale of {@code dq}, now
 * applied as the tiles store) are vector loops: with 32 or 64 elements C2's own vectorized main
 * loop rarely ran. Every element still sums the same terms in the same order, so results are
 * bit for bit those of the loops this replaced ({@code AttentionPanelTest}).
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
        double[] qs = new double[0], t = new double[0], qp = new double[0], gp = new double[0], kp = new double[0], kq = new double[0], vp = new double[0],
                p = new double[0], dp = new double[0];

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
        int qb = base(ql, b, h), ob = base(ol, b, h);
        sc.kp = Scratch.fit(sc.kp, d * tk);
        sc.vp = Scratch.fit(sc.vp, tk * dv);
        sc.t = Scratch.fit(sc.t, tk * Math.max(d, dv));
        packTransposed(k, base(kl, b, h), kl[3], tk, d, sc.t, sc.kp);   // kᵀ, d × tk
        pack(v, base(vl, b, h), vl[3], tk, dv, 1, sc.vp);           // v, tk × dv
        int block = causal ? CAUSAL_BLOCK : BLOCK;
        for (int r0 = 0; r0 < n.tq; r0 += block) {
            int rows = Math.min(block, n.tq - r0), keys = visibleKeys(r0, rows, tk, causal);
            sc.qs = Scratch.fit(sc.qs, rows * d);
            sc.p = Scratch.fit(sc.p, rows * tk);
            probabilities(q, qb, ql[3], r0, rows, tk, d, scale, sc.kp, mask, mo, causal, sc.qs, sc.p);
            if (saved != null) System.arraycopy(sc.p, 0, saved, savedAt(n, b, h, r0), rows * tk);
            product(rows, sc.p, 0, tk, 1, keys, sc.vp, tk, dv, dv, o, ob + r0 * ol[3], ol[3], false, 1);   // o = p·v
        }
    }

    private static void backwardHead(Dims n, int b, int h, double[] q, int[] ql, double[] k, int[] kl, double[] v, int[] vl,
                                     double[] g, int[] gl, double[] dq, int[] dql, double[] dk, int[] dkl, double[] dvv, int[] dvl,
                                     double scale, double[] mask, int mo, boolean causal, double[] saved) {
        Scratch sc = SCRATCH.get();
        int tk = n.tk, d = n.d, dv = n.dv;
        int qb = base(ql, b, h), kb = base(kl, b, h), gb = base(gl, b, h);
        int dqb = base(dql, b, h), dkb = base(dkl, b, h), dvb = base(dvl, b, h);
        sc.kp = Scratch.fit(sc.kp, d * tk);
        sc.kq = Scratch.fit(sc.kq, tk * d);
        sc.vp = Scratch.fit(sc.vp, dv * tk);
        sc.t = Scratch.fit(sc.t, tk * Math.max(d, dv));
        if (saved == null) packTransposed(k, kb, kl[3], tk, d, sc.t, sc.kp);   // kᵀ, d × tk, for the scores
        pack(k, kb, kl[3], tk, d, 1, sc.kq);                            // k, tk × d, for dq
        packTransposed(v, base(vl, b, h), vl[3], tk, dv, sc.t, sc.vp);        // vᵀ, dv × tk, for dp
        int block = causal ? CAUSAL_BLOCK : BLOCK;
        for (int r0 = 0; r0 < n.tq; r0 += block) {
            int rows = Math.min(block, n.tq - r0), keys = visibleKeys(r0, rows, tk, causal);
            sc.qs = Scratch.fit(sc.qs, rows * d);
            sc.qp = Scratch.fit(sc.qp, rows * d);
            sc.gp = Scratch.fit(sc.gp, rows * dv);
            sc.p = Scratch.fit(sc.p, rows * tk);
            sc.dp = Scratch.fit(sc.dp, rows * tk);
            double[] p = saved == null ? sc.p : saved, dp = sc.dp;   // the saved probabilities are read in place
            int po = saved == null ? 0 : savedAt(n, b, h, r0);
            if (saved == null) probabilities(q, qb, ql[3], r0, rows, tk, d, scale, sc.kp, mask, mo, causal, sc.qs, p);
            pack(q, qb + r0 * ql[3], ql[3], rows, d, scale, sc.qp);    // qs = q·scale, rows × d
            pack(g, gb + r0 * gl[3], gl[3], rows, dv, 1, sc.gp);        // g, rows × dv
            product(rows, g, gb + r0 * gl[3], gl[3], 1, dv, sc.vp, dv, tk, keys, dp, 0, tk, false, 1);   // dp = g·vᵀ (0 where p is)
            softmaxBackward(p, po, dp, rows, tk, keys);                                                   // ds, in dp
            product(keys, p, po, 1, tk, rows, sc.gp, rows, dv, dv, dvv, dvb, dvl[3], true, 1);             // dv += pᵀ·g
            product(keys, dp, 0, 1, tk, rows, sc.qp, rows, d, d, dk, dkb, dkl[3], true, 1);               // dk += dsᵀ·qs
            product(rows, dp, 0, tk, 1, keys, sc.kq, tk, d, d, dq, dqb + r0 * dql[3], dql[3], false, scale);   // dq = (ds·k)·scale
        }
    }

    /** {@code ds = p·(dp − Σ dp·p)} row by row, in {@code dp}; the columns from {@code keys} on are set to 0 first. */
    private static void softmaxBackward(double[] p, int po, double[] dp, int rows, int tk, int keys) {
        int l = S.length();
        for (int r = 0; r < rows; r++) {
            int a = r * tk, pa = po + a, j = 0;
            java.util.Arrays.fill(dp, a + keys, a + tk, 0);
            double dot = dot(dp, a, p, pa, tk);
            if (Simd.ENABLED) {
                DoubleVector dotv = DoubleVector.broadcast(S, dot);
                for (; j + l <= keys; j += l) {
                    DoubleVector.fromArray(S, p, pa + j).mul(DoubleVector.fromArray(S, dp, a + j).sub(dotv)).intoArray(dp, a + j);
                }
            }
            for (; j < keys; j++) dp[a + j] = p[pa + j] * (dp[a + j] - dot);
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
        int l = S.length();
        for (int r = 0; r < rows; r++) {
            int a = qb + (r0 + r) * qst, o = r * d, i = 0;
            if (Simd.ENABLED) {
                for (; i + l <= d; i += l) DoubleVector.fromArray(S, q, a + i).mul(scale).intoArray(qs, o + i);
            }
            for (; i < d; i++) qs[o + i] = q[a + i] * scale;
        }
    }

    /**
     * Rows {@code r0 .. r0+rows} of the probabilities into {@code p} ({@code rows × tk}), and the
     * scaled queries into {@code qs}; {@code kp} is {@code kᵀ} as {@link #packTransposed} lays it out.
     */
    private static void probabilities(double[] q, int qb, int qst, int r0, int rows, int tk, int d, double scale, double[] kp,
                                      double[] mask, int mo, boolean causal, double[] qs, double[] p) {
        scaledQueries(q, qb, qst, r0, rows, d, scale, qs);
        int keys = visibleKeys(r0, rows, tk, causal);
        product(rows, qs, 0, d, 1, d, kp, d, tk, keys, p, 0, tk, false, 1);   // scores = qs·kᵀ
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
     * Columns of an operand {@link #product} reads in panels: the first {@code panelColumns(w)}
     * columns, in panels of two vectors. 0 on the scalar path, where the whole operand is the
     * row-major tail panel.
     */
    static int panelColumns(int w) {
        return Simd.ENABLED ? w - w % (2 * S.length()) : 0;
    }

    /**
     * Where element {@code (j, c)} of an {@code pr × pw} operand lies in its panel layout: the
     * columns {@code c < wb = panelColumns(pw)} in panels of {@code 2L} columns ({@code L} the lane
     * count), each panel {@code pr} rows of {@code 2L} contiguous values, then the remaining
     * {@code pw − wb} columns row-major. A {@link #product} over it reads every panel row with
     * constant strides, so C2 drops the range checks of the loop, and its rows are adjacent
     * whatever the stride of the source (rows of a packed {@code [B, T, 3E]} projection are
     * 4 KiB-periodic and fight over a few L1 sets).
     */
    static int panelIndex(int pr, int pw, int j, int c) {
        int wb = panelColumns(pw), l2 = 2 * S.length();
        if (c < wb) return (c - c % l2) * pr + j * l2 + c % l2;
        return wb * pr + j * (pw - wb) + (c - wb);
    }

    /** The {@code rows × w} matrix {@code x[xo + j·rs + c]·scale} in the panel layout of {@link #panelIndex}. */
    static void pack(double[] x, int xo, int rs, int rows, int w, double scale, double[] xp) {
        int l = S.length(), wb = panelColumns(w), tw = w - wb;
        for (int j = 0; j < rows; j++) {
            int a = xo + j * rs;
            for (int c = 0; c < wb; c += 2 * l) {
                int t = c * rows + j * 2 * l;
                DoubleVector.fromArray(S, x, a + c).mul(scale).intoArray(xp, t);
                DoubleVector.fromArray(S, x, a + c + l).mul(scale).intoArray(xp, t + l);
            }
            int t = wb * rows + j * tw - wb, c = wb;
            for (; Simd.ENABLED && c + l <= w; c += l) DoubleVector.fromArray(S, x, a + c).mul(scale).intoArray(xp, t + c);
            for (; c < w; c++) xp[t + c] = x[a + c] * scale;
        }
    }

    /**
     * The transpose of the {@code rows × w} matrix {@code x[xo + j·rs + i]} ({@code w × rows}) in
     * the panel layout of {@link #panelIndex}. The rows are first copied side by side into
     * {@code tmp} with vector loads, which keep many cache misses in flight when {@code x} is
     * not in cache (a scalar transposing loop waits for about two rows at a time); the transpose
     * then reads {@code tmp} from L1.
     */
    static void packTransposed(double[] x, int xo, int rs, int rows, int w, double[] tmp, double[] xp) {
        int l = S.length(), l2 = 2 * l, wb = panelColumns(rows), tw = rows - wb;
        for (int j = 0; j < rows; j++) {
            int a = xo + j * rs, t = j * w, i = 0;
            for (; Simd.ENABLED && i + l <= w; i += l) DoubleVector.fromArray(S, x, a + i).intoArray(tmp, t + i);
            for (; i < w; i++) tmp[t + i] = x[a + i];
        }
        for (int j = 0; j < rows; j++) {   // contiguous reads of one row, writes 2L (or tw) apart
            int a = j * w, t = j < wb ? (j - j % l2) * w + j % l2 : wb * w + (j - wb), step = j < wb ? l2 : tw;
            for (int i = 0; i < w; i++) xp[t + i * step] = tmp[a + i];
        }
    }

    /**
     * {@code out[oo + r·os + c] (+)= Σ_{j<count} coef[co + r·rs + j·cs]·x(j, c)}, then times
     * {@code scale}, for {@code r < n}, {@code c < cols}: each element one FMA chain in ascending
     * {@code j}, starting from 0 or (with {@code accumulate}) from {@code out}'s value, the bits of
     * {@link #combine}. {@code x} is a {@code pr × pw} operand ({@code count ≤ pr}, {@code cols ≤ pw})
     * in the panel layout of {@link #panelIndex}. Either {@code cs} or {@code rs} must be 1:
     * register tiles of four rows by two vectors (eight independent FMA chains) share each panel
     * row and, with unit steps, each run of coefficients; the rest goes through {@link #combineTail}.
     * {@code scale} 1 leaves the sums as they are.
     */
    static void product(int n, double[] coef, int co, int rs, int cs, int count, double[] xp, int pr, int pw, int cols,
                        double[] out, int oo, int os, boolean accumulate, double scale) {
        int l2 = 2 * S.length(), wb = Math.min(panelColumns(pw), cols - cols % l2), i = 0;
        if (wb > 0 && (cs == 1 || rs == 1)) {
            for (; i + 4 <= n; i += 4) {
                int c0 = co + i * rs, o0 = oo + i * os;
                for (int c = 0; c < wb; c += l2) {
                    if (cs == 1) tileRows(coef, c0, rs, count, xp, c * pr, out, o0 + c, os, accumulate, scale);
                    else tileColumns(coef, c0, cs, count, xp, c * pr, out, o0 + c, os, accumulate, scale);
                }
                if (wb < cols) productTail(i, i + 4, coef, co, rs, cs, count, xp, pr, pw, wb, cols, out, oo, os, accumulate, scale);
            }
        }
        if (i < n) productTail(i, n, coef, co, rs, cs, count, xp, pr, pw, 0, cols, out, oo, os, accumulate, scale);
    }

    /** Rows {@code [r0, r1)}, columns {@code [from, cols)} of {@link #product}: {@link #combineTail} per panel. */
    private static void productTail(int r0, int r1, double[] coef, int co, int rs, int cs, int count, double[] xp, int pr, int pw,
                                    int from, int cols, double[] out, int oo, int os, boolean accumulate, double scale) {
        int l2 = 2 * S.length(), wb = panelColumns(pw);
        for (int r = r0; r < r1; r++) {
            int or = oo + r * os;
            for (int c = from; c < cols; ) {
                int cb = c < wb ? c - c % l2 : wb, end = c < wb ? Math.min(cols, cb + l2) : cols, xs = c < wb ? l2 : pw - wb;
                combineTail(coef, co + r * rs, cs, count, xp, cb * pr - cb, xs, out, or, c, end, accumulate);
                if (scale != 1) for (int u = c; u < end; u++) out[or + u] = out[or + u] * scale;
                c = end;
            }
        }
    }

    /** A tile of {@link #product}: rows {@code c0 + u·rs} of coefficients with unit step in {@code j}, one panel from {@code pb}. */
    private static void tileRows(double[] coef, int c0, int rs, int count, double[] xp, int pb, double[] out, int o0, int os,
                                 boolean accumulate, double scale) {
        int l = S.length(), c1 = c0 + rs, c2 = c1 + rs, c3 = c2 + rs;
        DoubleVector a0, a1, b0, b1, e0, e1, f0, f1;
        if (accumulate) {
            a0 = DoubleVector.fromArray(S, out, o0);
            a1 = DoubleVector.fromArray(S, out, o0 + l);
            b0 = DoubleVector.fromArray(S, out, o0 + os);
            b1 = DoubleVector.fromArray(S, out, o0 + os + l);
            e0 = DoubleVector.fromArray(S, out, o0 + 2 * os);
            e1 = DoubleVector.fromArray(S, out, o0 + 2 * os + l);
            f0 = DoubleVector.fromArray(S, out, o0 + 3 * os);
            f1 = DoubleVector.fromArray(S, out, o0 + 3 * os + l);
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
            int xa = pb + j * 2 * l;
            DoubleVector x0 = DoubleVector.fromArray(S, xp, xa), x1 = DoubleVector.fromArray(S, xp, xa + l);
            DoubleVector g = DoubleVector.broadcast(S, coef[c0 + j]);
            a0 = x0.fma(g, a0);
            a1 = x1.fma(g, a1);
            g = DoubleVector.broadcast(S, coef[c1 + j]);
            b0 = x0.fma(g, b0);
            b1 = x1.fma(g, b1);
            g = DoubleVector.broadcast(S, coef[c2 + j]);
            e0 = x0.fma(g, e0);
            e1 = x1.fma(g, e1);
            g = DoubleVector.broadcast(S, coef[c3 + j]);
            f0 = x0.fma(g, f0);
            f1 = x1.fma(g, f1);
        }
        store(a0, a1, b0, b1, e0, e1, f0, f1, out, o0, os, scale);
    }

    /** A tile of {@link #product}: coefficients {@code coef[c0 + j·cs + u]}, four adjacent ones per {@code j}, one panel from {@code pb}. */
    private static void tileColumns(double[] coef, int c0, int cs, int count, double[] xp, int pb, double[] out, int o0, int os,
                                    boolean accumulate, double scale) {
        int l = S.length();
        DoubleVector a0, a1, b0, b1, e0, e1, f0, f1;
        if (accumulate) {
            a0 = DoubleVector.fromArray(S, out, o0);
            a1 = DoubleVector.fromArray(S, out, o0 + l);
            b0 = DoubleVector.fromArray(S, out, o0 + os);
            b1 = DoubleVector.fromArray(S, out, o0 + os + l);
            e0 = DoubleVector.fromArray(S, out, o0 + 2 * os);
            e1 = DoubleVector.fromArray(S, out, o0 + 2 * os + l);
            f0 = DoubleVector.fromArray(S, out, o0 + 3 * os);
            f1 = DoubleVector.fromArray(S, out, o0 + 3 * os + l);
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
        for (int j = 0; j < count; j++) {   // cj from j, not carried: C2 then keeps the loop counted and its values in registers
            int xa = pb + j * 2 * l, cj = c0 + j * cs;
            DoubleVector x0 = DoubleVector.fromArray(S, xp, xa), x1 = DoubleVector.fromArray(S, xp, xa + l);
            DoubleVector g = DoubleVector.broadcast(S, coef[cj]);
            a0 = x0.fma(g, a0);
            a1 = x1.fma(g, a1);
            g = DoubleVector.broadcast(S, coef[cj + 1]);
            b0 = x0.fma(g, b0);
            b1 = x1.fma(g, b1);
            g = DoubleVector.broadcast(S, coef[cj + 2]);
            e0 = x0.fma(g, e0);
            e1 = x1.fma(g, e1);
            g = DoubleVector.broadcast(S, coef[cj + 3]);
            f0 = x0.fma(g, f0);
            f1 = x1.fma(g, f1);
        }
        store(a0, a1, b0, b1, e0, e1, f0, f1, out, o0, os, scale);
    }

    /** The eight sums of a tile, times {@code scale} unless it is 1, into four rows {@code os} apart. */
    private static void store(DoubleVector a0, DoubleVector a1, DoubleVector b0, DoubleVector b1, DoubleVector e0, DoubleVector e1,
                              DoubleVector f0, DoubleVector f1, double[] out, int o0, int os, double scale) {
        int l = S.length();
        if (scale != 1) {
            a0 = a0.mul(scale);
            a1 = a1.mul(scale);
            b0 = b0.mul(scale);
            b1 = b1.mul(scale);
            e0 = e0.mul(scale);
            e1 = e1.mul(scale);
            f0 = f0.mul(scale);
            f1 = f1.mul(scale);
        }
        a0.intoArray(out, o0);
        a1.intoArray(out, o0 + l);
        b0.intoArray(out, o0 + os);
        b1.intoArray(out, o0 + os + l);
        e0.intoArray(out, o0 + 2 * os);
        e1.intoArray(out, o0 + 2 * os + l);
        f0.intoArray(out, o0 + 3 * os);
        f1.intoArray(out, o0 + 3 * os + l);
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
     * ascending {@code j}; with {@code accumulate} the sum starts from {@code out}'s value. One
     * row of {@link #product} on a row-major operand: its bit-for-bit oracle in the tests.
     */
    static void combine(double[] coef, int co, int cs, int count, double[] x, int xo, int xs, double[] out, int oo, int w, boolean accumulate) {
        combineTail(coef, co, cs, count, x, xo, xs, out, oo, 0, w, accumulate);
    }

    /** {@code Σ a[o+j]·b[o+j]} for {@code j < n}: lane-wise FMA partial sums on the vector path, in fixed lane order. */
    static double dot(double[] a, double[] b, int o, int n) {
        return dot(a, o, b, o, n);
    }

    /** {@code Σ a[ao+j]·b[bo+j]} for {@code j < n}, as {@link #dot(double[], double[], int, int)}: the bits do not depend on the offsets. */
    static double dot(double[] a, int ao, double[] b, int bo, int n) {
        int j = 0;
        double s = 0;
        if (Simd.ENABLED && n >= S.length()) {
            DoubleVector acc = DoubleVector.zero(S);
            int bound = S.loopBound(n);
            for (; j < bound; j += S.length()) acc = DoubleVector.fromArray(S, a, ao + j).fma(DoubleVector.fromArray(S, b, bo + j), acc);
            s = LanesF64.sum(acc);
        }
        for (; j < n; j++) s = Math.fma(a[ao + j], b[bo + j], s);
        return s;
    }
}
