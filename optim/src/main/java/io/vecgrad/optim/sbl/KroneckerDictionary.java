package io.vecgrad.optim.sbl;

import io.vecgrad.tensor.random.Rng;
import java.util.Arrays;

/**
 * A Kronecker-structured dictionary {@code Φ = H_1 ⊗ H_2 ⊗ … ⊗ H_I} (m × N with {@code m = Π m_i},
 * {@code N = Π N_i}), kept as its small factors. Vectors are indexed in Kronecker (row-major) order:
 * entry {@code (k_1, …, k_I)} of {@code x} sits at {@code ((k_1·N_2 + k_2)·N_3 + k_3)…}, the order of
 * {@code kron}. {@link #apply} uses the identity {@code (A ⊗ B) vec(X) = vec(B X Aᵀ)}, generalized to one
 * mode product per factor, so {@code Φx} costs {@code Σ_i m_i·N} instead of {@code m·N}; {@link #dense()}
 * builds the explicit matrix for the E-step and for tests.
 *
 * <pre>{@code
 * KroneckerDictionary phi = KroneckerDictionary.gaussian(new Rng(1), new int[] {6, 6}, new int[] {16, 16});
 * double[] y = phi.apply(x);               // 36 measurements of a 256-vector
 * }</pre>
 */
public final class KroneckerDictionary {
    private final double[][] factors;
    private final int[] rows;
    private final int[] cols;

    /**
     * Factors {@code H_i} given row-major with their sizes; the arrays are copied.
     *
     * @throws IllegalArgumentException when a factor's length is not {@code rows[i]·cols[i]}
     */
    public KroneckerDictionary(double[][] factors, int[] rows, int[] cols) {
        if (factors.length == 0 || factors.length != rows.length || rows.length != cols.length) {
            throw new IllegalArgumentException("KroneckerDictionary: " + factors.length + " factors, " + rows.length + " row counts, "
                    + cols.length + " column counts (need the same number, at least one)");
        }
        this.factors = new double[factors.length][];
        for (int i = 0; i < factors.length; i++) {
            if (rows[i] <= 0 || cols[i] <= 0 || factors[i].length != rows[i] * cols[i]) {
                throw new IllegalArgumentException("KroneckerDictionary: factor " + i + " has " + factors[i].length + " entries, expected "
                        + rows[i] + "x" + cols[i]);
            }
            this.factors[i] = factors[i].clone();
        }
        this.rows = rows.clone();
        this.cols = cols.clone();
    }

    /** Factors with i.i.d. {@code N(0, 1/m_i)} entries drawn from {@code rng.split("factor/i")}. */
    public static KroneckerDictionary gaussian(Rng rng, int[] rows, int[] cols) {
        double[][] f = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            Rng r = rng.split("factor/" + i);
            f[i] = new double[rows[i] * cols[i]];
            double scale = 1 / Math.sqrt(rows[i]);
            for (int k = 0; k < f[i].length; k++) f[i][k] = scale * r.nextGaussian();
        }
        return new KroneckerDictionary(f, rows, cols);
    }

    /** Number of factors I. */
    public int order() {
        return factors.length;
    }

    /** {@code m = Π m_i}. */
    public int rows() {
        return product(rows);
    }

    /** {@code N = Π N_i}. */
    public int cols() {
        return product(cols);
    }

    /** The column counts {@code N_i} (a copy). */
    public int[] factorCols() {
        return cols.clone();
    }

    /** {@code Φx} through one mode product per factor. */
    public double[] apply(double[] x) {
        check("apply", x.length, cols());
        double[] t = x.clone();
        int[] shape = cols.clone();
        for (int i = 0; i < factors.length; i++) {
            t = modeProduct(t, shape, i, factors[i], rows[i], false);
            shape[i] = rows[i];
        }
        return t;
    }

    /** {@code Φᵀy} through one mode product per factor with {@code H_iᵀ}. */
    public double[] applyTranspose(double[] y) {
        check("applyTranspose", y.length, rows());
        double[] t = y.clone();
        int[] shape = rows.clone();
        for (int i = 0; i < factors.length; i++) {
            t = modeProduct(t, shape, i, factors[i], cols[i], true);
            shape[i] = cols[i];
        }
        return t;
    }

    /** The explicit m × N matrix {@code H_1 ⊗ … ⊗ H_I}, row-major. */
    public double[] dense() {
        double[] d = {1};
        int dr = 1, dc = 1;
        for (int i = 0; i < factors.length; i++) {
            d = kron(d, dr, dc, factors[i], rows[i], cols[i]);
            dr *= rows[i];
            dc *= cols[i];
        }
        return d;
    }

    /** {@code A ⊗ B} of row-major {@code a} (ar × ac) and {@code b} (br × bc). */
    static double[] kron(double[] a, int ar, int ac, double[] b, int br, int bc) {
        int cols = ac * bc;
        double[] out = new double[ar * br * cols];
        for (int i = 0; i < ar; i++) {
            for (int j = 0; j < ac; j++) {
                double aij = a[i * ac + j];
                for (int p = 0; p < br; p++) {
                    int row = (i * br + p) * cols + j * bc;
                    for (int q = 0; q < bc; q++) out[row + q] = aij * b[p * bc + q];
                }
            }
        }
        return out;
    }

    /**
     * Multiplies mode {@code mode} of the row-major tensor {@code t} (sizes {@code shape}) by the
     * {@code outSize}-row matrix {@code h} (or by {@code hᵀ} when {@code transpose}).
     */
    private static double[] modeProduct(double[] t, int[] shape, int mode, double[] h, int outSize, boolean transpose) {
        int before = 1, after = 1;
        for (int i = 0; i < mode; i++) before *= shape[i];
        for (int i = mode + 1; i < shape.length; i++) after *= shape[i];
        int in = shape[mode];
        double[] out = new double[before * outSize * after];
        for (int b = 0; b < before; b++) {
            for (int o = 0; o < outSize; o++) {
                int dst = (b * outSize + o) * after;
                for (int k = 0; k < in; k++) {
                    double w = transpose ? h[k * outSize + o] : h[o * in + k];
                    if (w == 0) continue;
                    int src = (b * in + k) * after;
                    for (int a = 0; a < after; a++) out[dst + a] += w * t[src + a];
                }
            }
        }
        return out;
    }

    private static int product(int[] sizes) {
        int p = 1;
        for (int s : sizes) p = Math.multiplyExact(p, s);
        return p;
    }

    private static void check(String op, int got, int expected) {
        if (got != expected) {
            throw new IllegalArgumentException("KroneckerDictionary." + op + ": vector of length " + got + ", expected " + expected);
        }
    }

    @Override
    public String toString() {
        return "KroneckerDictionary" + Arrays.toString(rows) + "x" + Arrays.toString(cols);
    }
}
