package io.vecgrad.optim.problems.dag;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.autodiff.ops.Decompositions;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;

/**
 * Smooth acyclicity functions {@code h(W)} of a weighted adjacency matrix ({@code W[i][j] ≠ 0}
 * iff edge i → j): each is 0 exactly when W is a DAG and positive when it has a cycle.
 *
 * <ul>
 *   <li>{@link #NOTEARS}: {@code h = tr(exp(W∘W)) − d}, {@code ∇h = exp(W∘W)ᵀ ∘ 2W} (Zheng et al.
 *       2018, {@code notears/linear.py} {@code _h}).
 *   <li>{@link #logDet(double)}: DAGMA's {@code h^s = −log det(sI − W∘W) + d log s},
 *       {@code ∇h^s = 2W ∘ (sI − W∘W)⁻ᵀ}, defined on the M-matrix domain {@code s > ρ(W∘W)}
 *       (Bello et al. 2022; CoLiDE {@code model.py} {@code _h}); outside it the value is +∞.
 *   <li>{@link #POLYNOMIAL}: {@code h = tr((I + W∘W/d)^d) − d}, {@code ∇h = ((I + W∘W/d)^{d−1})ᵀ ∘ 2W}
 *       (Yu et al. 2019, DAG-GNN).
 * </ul>
 *
 * <p>Each comes twice: {@link #value}/{@link #gradient} in closed form on row-major
 * {@code double[d*d]} (what the solvers call in their inner loops) and {@link #apply(Variable)}
 * built from {@code autodiff} ops ({@link Decompositions#expm}, {@link Decompositions#slogdet},
 * matmul), whose reverse-mode gradient is the tests' oracle for the closed forms.
 *
 * <pre>{@code
 * Acyclicity h = Acyclicity.logDet(1.0);
 * double v = h.value(w, d);            // 0 for a DAG
 * double[] g = h.gradient(w, d);
 * Variable hv = h.apply(Variable.parameter(Tensor.wrap(w, d, d)));   // differentiable
 * }</pre>
 */
public abstract class Acyclicity {
    /** NOTEARS trace-exponential. */
    public static final Acyclicity NOTEARS = new Acyclicity("notears") {
        @Override
        public double value(double[] w, int d) {
            return trace(expm(hadamardSquare(w), d), d) - d;
        }

        @Override
        public double[] gradient(double[] w, int d) {
            double[] e = expm(hadamardSquare(w), d);
            return transposeTimes2W(e, w, d);
        }

        @Override
        public double valueAndGradient(double[] w, int d, double[] grad) {
            double[] e = expm(hadamardSquare(w), d);
            System.arraycopy(transposeTimes2W(e, w, d), 0, grad, 0, d * d);
            return trace(e, d) - d;
        }

        @Override
        public Variable apply(Variable w) {
            int d = w.size(0);
            return trace(Decompositions.expm(w.mul(w))).sub(d);
        }
    };

    /** DAG-GNN's polynomial {@code tr((I + W∘W/d)^d) − d}. */
    public static final Acyclicity POLYNOMIAL = new Acyclicity("polynomial") {
        @Override
        public double value(double[] w, int d) {
            double[] b = identityPlus(hadamardSquare(w), 1.0 / d, d);
            return trace(power(b, d, d), d) - d;
        }

        @Override
        public double[] gradient(double[] w, int d) {
            double[] b = identityPlus(hadamardSquare(w), 1.0 / d, d);
            return transposeTimes2W(power(b, d - 1, d), w, d);
        }

        @Override
        public Variable apply(Variable w) {
            int d = w.size(0);
            Variable b = Variable.constant(Tensor.eye(DType.FLOAT64, d)).add(w.mul(w).div(d));
            Variable p = b;
            for (int k = 1; k < d; k++) p = p.matmul(b);
            return trace(p).sub(d);
        }
    };

    private final String name;

    private Acyclicity(String name) {
        this.name = name;
    }

    /** DAGMA's log-det function with scale {@code s > 0}. */
    public static Acyclicity logDet(double s) {
        if (!(s > 0)) throw new IllegalArgumentException("Acyclicity.logDet: s must be > 0, got " + s);
        return new Acyclicity("logdet(s=" + s + ")") {
            @Override
            public double value(double[] w, int d) {
                Linalg.Slogdet sd = Linalg.slogdet(Tensor.wrap(mMatrix(w, s, d), d, d));
                if (sd.sign().item() <= 0) return Double.POSITIVE_INFINITY;
                return -sd.logAbsDet().item() + d * Math.log(s);
            }

            @Override
            public double[] gradient(double[] w, int d) {
                double[] inv = Linalg.inv(Tensor.wrap(mMatrix(w, s, d), d, d)).toDoubleArray();
                return transposeTimes2W(inv, w, d);
            }

            @Override
            public Variable apply(Variable w) {
                int d = w.size(0);
                Variable m = Variable.constant(Tensor.eye(DType.FLOAT64, d).mul(s)).sub(w.mul(w));
                return Decompositions.slogdet(m).neg().add(d * Math.log(s));
            }
        };
    }

    /** {@code h(W)} for row-major W of size d×d. */
    public abstract double value(double[] w, int d);

    /** {@code ∇h(W)}, row-major d×d. */
    public abstract double[] gradient(double[] w, int d);

    /** {@code h(W)}, writing {@code ∇h(W)} into {@code grad} (one matrix function evaluation where the form allows). */
    public double valueAndGradient(double[] w, int d, double[] grad) {
        System.arraycopy(gradient(w, d), 0, grad, 0, d * d);
        return value(w, d);
    }

    /** {@code h(W)} as a differentiable scalar (W a float64 d×d variable). */
    public abstract Variable apply(Variable w);

    /** The listing name, e.g. {@code notears}. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }

    /** {@code sI − W∘W}, row-major. */
    static double[] mMatrix(double[] w, double s, int d) {
        double[] m = new double[d * d];
        for (int i = 0; i < d * d; i++) m[i] = -w[i] * w[i];
        for (int i = 0; i < d; i++) m[i * d + i] += s;
        return m;
    }

    private static double[] hadamardSquare(double[] w) {
        double[] a = new double[w.length];
        for (int i = 0; i < w.length; i++) a[i] = w[i] * w[i];
        return a;
    }

    private static double[] expm(double[] a, int d) {
        return Linalg.expm(Tensor.wrap(a, d, d)).toDoubleArray();
    }

    private static double trace(double[] a, int d) {
        double t = 0;
        for (int i = 0; i < d; i++) t += a[i * d + i];
        return t;
    }

    private static Variable trace(Variable a) {
        int d = a.size(0);
        return a.mul(Variable.constant(Tensor.eye(DType.FLOAT64, d))).sum();
    }

    /** {@code Mᵀ ∘ 2W}. */
    private static double[] transposeTimes2W(double[] m, double[] w, int d) {
        double[] g = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) g[i * d + j] = 2 * w[i * d + j] * m[j * d + i];
        }
        return g;
    }

    private static double[] identityPlus(double[] a, double scale, int d) {
        double[] b = new double[d * d];
        for (int i = 0; i < d * d; i++) b[i] = a[i] * scale;
        for (int i = 0; i < d; i++) b[i * d + i] += 1;
        return b;
    }

    /** {@code B^k} by repeated multiplication (k ≥ 0; the identity for k = 0). */
    private static double[] power(double[] b, int k, int d) {
        double[] p = identityPlus(new double[d * d], 0, d);
        for (int t = 0; t < k; t++) p = DenseOps.matmul(p, b, d, d, d);
        return p;
    }
}
