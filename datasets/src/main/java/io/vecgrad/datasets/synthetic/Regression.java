package io.vecgrad.datasets.synthetic;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.tensor.sparse.CsrMatrix;

/**
 * Least-squares and logistic-regression instances for block coordinate descent, paper P40
 * (Nutini, Laradji, Schmidt, JMLR 2022, "Let's make block coordinate descent converge
 * faster"), in two flavours:
 *
 * <ul>
 *   <li>{@link #nutiniLeastSquares} / {@link #nutiniLogistic}: the paper's datasets A and B —
 *       entries {@code N(0,1) + 1}, each column scaled by {@code 10·N(0,1)} (so column norms,
 *       hence coordinate Lipschitz constants, vary widely), entries kept with probability
 *       {@code 10 log(n)/n}; {@code w} Gaussian with 10 % nonzeros; {@code b = Aw + N(0,1)} or
 *       {@code b = sign(Aw)} with 10 % of labels flipped.</li>
 *   <li>{@link #conditioned}: {@code A = U diag(σ) Vᵀ} with singular values spaced
 *       geometrically from 1 to {@code 1/κ} (condition number exactly κ), a {@code k}-sparse
 *       {@code w}, and least-squares or logistic targets.</li>
 * </ul>
 *
 * <pre>{@code
 * Regression.Problem p = Regression.nutiniLeastSquares(1000, 10000, 1);
 * CsrMatrix a = p.a();                    // ~ 9 % dense
 * Regression.Problem q = Regression.conditioned(200, 50, 1e3, 5, false, 0.1, 2);
 * }</pre>
 */
public final class Regression {
    private Regression() {}

    /** An instance: design {@code A} (sparse form; {@link CsrMatrix#toDense()} for dense), targets, true weights. */
    public static final class Problem {
        private final CsrMatrix a;
        private final Tensor b;
        private final Tensor wTrue;
        private final double[] singularValues;

        Problem(CsrMatrix a, Tensor b, Tensor wTrue, double[] singularValues) {
            this.a = a;
            this.b = b;
            this.wTrue = wTrue;
            this.singularValues = singularValues;
        }

        public CsrMatrix a() { return a; }

        /** Targets: real values (least squares) or ±1 labels (logistic). */
        public Tensor b() { return b; }

        public Tensor wTrue() { return wTrue; }

        /** The singular values of A when constructed with them ({@link #conditioned}); else null. */
        public double[] singularValues() { return singularValues == null ? null : singularValues.clone(); }
    }

    /** Dataset A of P40: sparse least squares with wildly different column scales. */
    public static Problem nutiniLeastSquares(int m, int n, long seed) {
        Rng rng = new Rng(seed).split("nutini-ls");
        CsrMatrix a = nutiniMatrix(m, n, rng.split("A"));
        Tensor w = sparseWeights(rng.split("w"), n, Math.max(1, n / 10));
        double[] b = a.matvec(w).toDoubleArray();
        double[] noise = Gaussian.normal(rng.split("noise"), m, 1);
        for (int i = 0; i < m; i++) b[i] += noise[i];
        return new Problem(a, Tensor.wrap(b, m), w, null);
    }

    /** Dataset B of P40: the same matrix, labels {@code sign(Aw)} with 10 % flipped. */
    public static Problem nutiniLogistic(int m, int n, long seed) {
        Rng rng = new Rng(seed).split("nutini-logistic");
        CsrMatrix a = nutiniMatrix(m, n, rng.split("A"));
        Tensor w = sparseWeights(rng.split("w"), n, Math.max(1, n / 10));
        return new Problem(a, labels(a.matvec(w).toDoubleArray(), 0.1, rng.split("flip")), w, null);
    }

    private static CsrMatrix nutiniMatrix(int m, int n, Rng rng) {
        if (m <= 0 || n <= 1) throw new IllegalArgumentException("Regression: need m > 0 and n > 1, got " + m + "x" + n);
        double keep = Math.min(1, 10 * Math.log(n) / n);
        double[] scale = Gaussian.normal(rng.split("scale"), n, 10);
        Rng values = rng.split("values");
        Rng mask = rng.split("mask");
        double[] dense = new double[m * n];
        for (int i = 0; i < m * n; i++) {
            double v = (values.nextGaussian() + 1) * scale[i % n];
            if (mask.nextDouble() < keep) dense[i] = v;
        }
        return CsrMatrix.fromDense(Tensor.wrap(dense, m, n));
    }

    /**
     * A dense design with condition number exactly {@code kappa}.
     *
     * @param m        rows (≥ n)
     * @param n        columns
     * @param kappa    condition number ≥ 1
     * @param nonzeros nonzeros of the true weights
     * @param logistic targets {@code sign(Aw)} (with {@code noise} the flip probability) instead of {@code Aw + noise·N(0,1)}
     */
    public static Problem conditioned(int m, int n, double kappa, int nonzeros, boolean logistic, double noise, long seed) {
        if (m < n || n <= 0 || !(kappa >= 1) || nonzeros < 0 || nonzeros > n) {
            throw new IllegalArgumentException("Regression.conditioned: need m >= n > 0, kappa >= 1, 0 <= nonzeros <= n; got m=" + m
                    + ", n=" + n + ", kappa=" + kappa + ", nonzeros=" + nonzeros);
        }
        Rng rng = new Rng(seed).split("conditioned");
        double[] u = Gaussian.orthonormalColumns(rng.split("U"), m, n);
        double[] v = Gaussian.orthonormalColumns(rng.split("V"), n, n);
        double[] s = new double[n];
        for (int j = 0; j < n; j++) s[j] = n == 1 ? 1 : Math.pow(kappa, -(double) j / (n - 1));
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) u[i * n + j] *= s[j];
        double[] a = Gaussian.matmul(u, Gaussian.transpose(v, n, n), m, n, n);
        CsrMatrix csr = CsrMatrix.fromDense(Tensor.wrap(a, m, n));
        Tensor w = sparseWeights(rng.split("w"), n, nonzeros);
        double[] aw = csr.matvec(w).toDoubleArray();
        Tensor b;
        if (logistic) {
            b = labels(aw, noise, rng.split("flip"));
        } else {
            double[] e = Gaussian.normal(rng.split("noise"), m, noise);
            for (int i = 0; i < m; i++) aw[i] += e[i];
            b = Tensor.wrap(aw, m);
        }
        return new Problem(csr, b, w, s);
    }

    /** Gaussian weights on {@code k} random coordinates. */
    static Tensor sparseWeights(Rng rng, int n, int k) {
        long[] perm = rng.split("support").permutation(n).toLongArray();
        double[] w = new double[n];
        Rng values = rng.split("values");
        for (int i = 0; i < k; i++) w[(int) perm[i]] = values.nextGaussian();
        return Tensor.wrap(w, n);
    }

    private static Tensor labels(double[] margins, double flip, Rng rng) {
        double[] y = new double[margins.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = margins[i] >= 0 ? 1 : -1;
            if (rng.nextDouble() < flip) y[i] = -y[i];
        }
        return Tensor.wrap(y, y.length).to(DType.FLOAT64);
    }
}
