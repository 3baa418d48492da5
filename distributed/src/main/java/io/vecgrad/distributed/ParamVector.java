package io.vecgrad.distributed;

import io.vecgrad.tensor.kernel.Level1F64;
import java.util.Arrays;
import java.util.List;

/**
 * A model flattened into one {@code double[]}: what workers send and servers combine. Every
 * model is flattened for communication, as the reference implementations of LSGD and MoNNA do.
 * Methods whose names end in {@code InPlace} modify this vector; the others return a new one.
 * Dot products and axpy run on the tensor module's SIMD kernels ({@code Level1F64}).
 *
 * <p>Numerics: {@link #weightedSum} and {@link #mean} add the vectors in list order, so the
 * result is the same bits whatever thread produced the inputs; callers pass the vectors in
 * worker-index order.
 *
 * <pre>{@code
 * ParamVector x = ParamVector.of(1, 2, 3);
 * ParamVector y = x.copy().axpyInPlace(-0.5, ParamVector.of(2, 2, 2));   // y = x − 0.5·(2,2,2)
 * double d2 = x.squaredDistance(y);                                     // 3.0
 * ParamVector avg = ParamVector.mean(List.of(x, y));
 * }</pre>
 */
public final class ParamVector {
    private final double[] data;

    /** Wraps {@code data} without copying: later writes to either are shared. */
    public ParamVector(double[] data) {
        if (data == null) throw new IllegalArgumentException("ParamVector: data is null");
        this.data = data;
    }

    /** A copy of {@code values}. */
    public static ParamVector of(double... values) {
        return new ParamVector(values.clone());
    }

    /** The zero vector of dimension d. */
    public static ParamVector zeros(int d) {
        if (d < 0) throw new IllegalArgumentException("ParamVector.zeros: negative dimension " + d);
        return new ParamVector(new double[d]);
    }

    /** The backing array (shared, not a copy). */
    public double[] data() {
        return data;
    }

    /** Number of entries. */
    public int dim() {
        return data.length;
    }

    /** Entry i. */
    public double get(int i) {
        return data[i];
    }

    /** A deep copy. */
    public ParamVector copy() {
        return new ParamVector(data.clone());
    }

    /** this ← x; returns this. */
    public ParamVector setInPlace(ParamVector x) {
        check("set", x);
        System.arraycopy(x.data, 0, data, 0, data.length);
        return this;
    }

    /** this ← this + alpha·x; returns this. */
    public ParamVector axpyInPlace(double alpha, ParamVector x) {
        check("axpy", x);
        Level1F64.axpy(data.length, alpha, x.data, 0, data, 0);
        return this;
    }

    /** this ← a·this; returns this. */
    public ParamVector scaleInPlace(double a) {
        for (int i = 0; i < data.length; i++) data[i] *= a;
        return this;
    }

    /** this + x, a new vector. */
    public ParamVector plus(ParamVector x) {
        return copy().axpyInPlace(1, x);
    }

    /** this − x, a new vector. */
    public ParamVector minus(ParamVector x) {
        return copy().axpyInPlace(-1, x);
    }

    /** a·this, a new vector. */
    public ParamVector times(double a) {
        return copy().scaleInPlace(a);
    }

    /** Σ this_i·x_i. */
    public double dot(ParamVector x) {
        check("dot", x);
        return Level1F64.dot(data.length, data, 0, x.data, 0);
    }

    /** ‖this‖². */
    public double squaredNorm() {
        return Level1F64.dot(data.length, data, 0, data, 0);
    }

    /** ‖this‖₂. */
    public double norm() {
        return Math.sqrt(squaredNorm());
    }

    /** ‖this − x‖². */
    public double squaredDistance(ParamVector x) {
        check("squaredDistance", x);
        double s = 0;
        for (int i = 0; i < data.length; i++) {
            double d = data[i] - x.data[i];
            s += d * d;
        }
        return s;
    }

    /** Σ_k w_k·x_k, accumulated in list order (fixed order: bitwise reproducible). */
    public static ParamVector weightedSum(double[] weights, List<ParamVector> xs) {
        if (xs.isEmpty()) throw new IllegalArgumentException("ParamVector.weightedSum: no vectors");
        if (weights.length != xs.size()) {
            throw new IllegalArgumentException("ParamVector.weightedSum: " + weights.length + " weights for " + xs.size() + " vectors");
        }
        ParamVector out = zeros(xs.get(0).dim());
        for (int k = 0; k < xs.size(); k++) out.axpyInPlace(weights[k], xs.get(k));
        return out;
    }

    /** The plain average (1/K)Σ x_k, summed in list order then scaled. */
    public static ParamVector mean(List<ParamVector> xs) {
        if (xs.isEmpty()) throw new IllegalArgumentException("ParamVector.mean: no vectors");
        ParamVector out = zeros(xs.get(0).dim());
        for (ParamVector x : xs) out.axpyInPlace(1, x);
        return out.scaleInPlace(1.0 / xs.size());
    }

    /** Consensus distance (1/n)Σ‖x_i − x̄‖², the spread of the workers' models. */
    public static double consensusDistance(List<ParamVector> xs) {
        ParamVector avg = mean(xs);
        double s = 0;
        for (ParamVector x : xs) s += x.squaredDistance(avg);
        return s / xs.size();
    }

    /** Indices of the k entries of largest |x_i| (ties: lower index first), in increasing index order. */
    public int[] topKIndices(int k) {
        if (k < 0 || k > data.length) throw new IllegalArgumentException("ParamVector.topKIndices: k=" + k + " for dimension " + data.length);
        Integer[] idx = new Integer[data.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> {
            int c = Double.compare(Math.abs(data[b]), Math.abs(data[a]));
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] out = new int[k];
        for (int i = 0; i < k; i++) out[i] = idx[i];
        Arrays.sort(out);
        return out;
    }

    /** True when every entry is finite. */
    public boolean isFinite() {
        for (double v : data) if (!Double.isFinite(v)) return false;
        return true;
    }

    /** Bitwise equality of the entries (NaN payloads and signed zeros compared as bits). */
    public boolean bitwiseEquals(ParamVector x) {
        if (x.data.length != data.length) return false;
        for (int i = 0; i < data.length; i++) {
            if (Double.doubleToRawLongBits(data[i]) != Double.doubleToRawLongBits(x.data[i])) return false;
        }
        return true;
    }

    private void check(String op, ParamVector x) {
        if (x.data.length != data.length) {
            throw new IllegalArgumentException("ParamVector." + op + ": dimension " + x.data.length + " does not match " + data.length);
        }
    }

    @Override
    public String toString() {
        return data.length <= 8 ? "ParamVector" + Arrays.toString(data) : "ParamVector[d=" + data.length + "]";
    }
}
