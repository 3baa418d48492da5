package io.vecgrad.tensor.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reductions of one strided double run. The vector path (contiguous runs) keeps four vector
 * accumulators and combines them in a fixed order, so a result depends only on the input and
 * the vector width, never on threads. Sums differ from the sequential scalar twin by rounding
 * only: |error| ≤ n·ε·Σ|xᵢ|. Max and min agree exactly. The float twin is generated.
 */
public final class ReduceF64 {
    private static final VectorSpecies<Double> S = Simd.F64;

    private ReduceF64() {}

    /** Σ a[off + i*stride] for i &lt; n. */
    public static double sum(double[] a, int off, int stride, int n) {
        if (!Simd.ENABLED || stride != 1 || n < 4 * S.length()) return scalarSum(a, off, stride, n);
        int step = S.length();
        int bound4 = n - n % (4 * step);
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (; i < bound4; i += 4 * step) {
            s0 = s0.add(DoubleVector.fromArray(S, a, off + i));
            s1 = s1.add(DoubleVector.fromArray(S, a, off + i + step));
            s2 = s2.add(DoubleVector.fromArray(S, a, off + i + 2 * step));
            s3 = s3.add(DoubleVector.fromArray(S, a, off + i + 3 * step));
        }
        double s = LanesF64.sum(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) s += a[off + i];
        return s;
    }

    /**
     * {@code Σ (a[ao+i] − b[bo+i])²} over two contiguous runs, in exactly the order of
     * {@link #sum} over the squared differences: each difference and each square is rounded as
     * {@code a.sub(b).square()} rounds them and the same lane-wise partial sums add them, so the
     * result is bitwise that of {@code sum} over the materialized squares, without them.
     */
    public static double sumOfSquaredDifferences(double[] a, int ao, double[] b, int bo, int n) {
        int i = 0;
        double s = 0;
        if (Simd.ENABLED && n >= 4 * S.length()) {
            int step = S.length();
            int bound4 = n - n % (4 * step);
            DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (; i < bound4; i += 4 * step) {
                DoubleVector d0 = DoubleVector.fromArray(S, a, ao + i).sub(DoubleVector.fromArray(S, b, bo + i));
                DoubleVector d1 = DoubleVector.fromArray(S, a, ao + i + step).sub(DoubleVector.fromArray(S, b, bo + i + step));
                DoubleVector d2 = DoubleVector.fromArray(S, a, ao + i + 2 * step).sub(DoubleVector.fromArray(S, b, bo + i + 2 * step));
                DoubleVector d3 = DoubleVector.fromArray(S, a, ao + i + 3 * step).sub(DoubleVector.fromArray(S, b, bo + i + 3 * step));
                s0 = s0.add(d0.mul(d0));
                s1 = s1.add(d1.mul(d1));
                s2 = s2.add(d2.mul(d2));
                s3 = s3.add(d3.mul(d3));
            }
            s = LanesF64.sum(s0.add(s1).add(s2.add(s3)));
        }
        for (; i < n; i++) {
            double d = a[ao + i] - b[bo + i];
            s += d * d;
        }
        return s;
    }

    /**
     * Column sums of a row-major block: {@code out[oo + c] = Σ_r a[off + r·ld + c]} for
     * {@code c0 ≤ c < c1}, rows added in index order from +0 — exactly the order (and bits) of
     * zeroing {@code out} and adding the rows one by one, with the accumulators kept in
     * registers instead of in {@code out}. Overwrites {@code out[oo + c0 .. oo + c1)} only. A
     * bias gradient {@code [N, M] → [M]} is this with {@code ld = M}.
     */
    public static void columnSums(double[] a, int off, int ld, int rows, double[] out, int oo, int c0, int c1) {
        int c = c0;
        if (Simd.ENABLED) {
            int step = S.length();
            for (; c <= c1 - 4 * step; c += 4 * step) {
                DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
                for (int r = 0, o = off + c; r < rows; r++, o += ld) {
                    s0 = s0.add(DoubleVector.fromArray(S, a, o));
                    s1 = s1.add(DoubleVector.fromArray(S, a, o + step));
                    s2 = s2.add(DoubleVector.fromArray(S, a, o + 2 * step));
                    s3 = s3.add(DoubleVector.fromArray(S, a, o + 3 * step));
                }
                s0.intoArray(out, oo + c);
                s1.intoArray(out, oo + c + step);
                s2.intoArray(out, oo + c + 2 * step);
                s3.intoArray(out, oo + c + 3 * step);
            }
            for (; c <= c1 - step; c += step) {
                DoubleVector s0 = DoubleVector.zero(S);
                for (int r = 0, o = off + c; r < rows; r++, o += ld) {
                    s0 = s0.add(DoubleVector.fromArray(S, a, o));
                }
                s0.intoArray(out, oo + c);
            }
        }
        for (; c < c1; c++) {
            double s = 0;
            for (int r = 0, o = off + c; r < rows; r++, o += ld) s += a[o];
            out[oo + c] = s;
        }
    }

    /** The sequential scalar twin of {@link #sum}. */
    public static double scalarSum(double[] a, int off, int stride, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += a[off + i * stride];
        return s;
    }

    /** Σ x·y over two runs; the building block of dot products and norms. */
    public static double dot(double[] a, int ao, int as, double[] b, int bo, int bs, int n) {
        int i = 0;
        double s = 0;
        if (Simd.ENABLED && as == 1 && bs == 1 && n >= S.length()) {
            DoubleVector acc = DoubleVector.zero(S);
            int bound = S.loopBound(n);
            for (; i < bound; i += S.length()) {
                acc = DoubleVector.fromArray(S, a, ao + i).fma(DoubleVector.fromArray(S, b, bo + i), acc);
            }
            s = LanesF64.sum(acc);
        }
        for (; i < n; i++) s += a[ao + i * as] * b[bo + i * bs];
        return s;
    }

    /** Largest element (NaN if any element is NaN); −∞ for an empty run. */
    public static double max(double[] a, int off, int stride, int n) {
        return extreme(true, a, off, stride, n);
    }

    /** Smallest element (NaN if any element is NaN); +∞ for an empty run. */
    public static double min(double[] a, int off, int stride, int n) {
        return extreme(false, a, off, stride, n);
    }

    /** Max or min; exact in any order, so the lane reduction may associate freely. */
    private static double extreme(boolean max, double[] a, int off, int stride, int n) {
        int i = 0;
        double m = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        if (Simd.ENABLED && stride == 1 && n >= S.length()) {
            DoubleVector acc = DoubleVector.broadcast(S, m);
            int bound = S.loopBound(n);
            for (; i < bound; i += S.length()) {
                DoubleVector v = DoubleVector.fromArray(S, a, off + i);
                acc = max ? acc.max(v) : acc.min(v);
            }
            // Constant operators on each branch: the intrinsic needs them.
            m = max ? acc.reduceLanes(VectorOperators.MAX) : acc.reduceLanes(VectorOperators.MIN);
        }
        for (; i < n; i++) {
            double x = a[off + i * stride];
            m = max ? Math.max(m, x) : Math.min(m, x);
        }
        return m;
    }
}
