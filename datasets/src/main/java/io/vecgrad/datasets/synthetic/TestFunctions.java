package io.vecgrad.datasets.synthetic;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.Arrays;

/**
 * Classic optimization test functions with known minima: a quadratic with a chosen spectrum
 * (condition number control, as in the conditioning studies of paper P40 and the first-order
 * papers), Rosenbrock, Beale and Rastrigin.
 *
 * <pre>{@code
 * TestFunction q = TestFunctions.quadratic(new double[] {1, 10, 100}, 5);   // κ = 100
 * TestFunction r = TestFunctions.rastrigin(4);
 * }</pre>
 */
public final class TestFunctions {
    private TestFunctions() {}

    private static Tensor check(String name, Tensor x, int d) {
        if (x.dim() != 1 || x.size(0) != d) {
            throw new IllegalArgumentException(name + ": expected a vector of length " + d + ", got shape " + Arrays.toString(x.shape()));
        }
        return x.to(DType.FLOAT64);
    }

    /**
     * {@code f(x) = ½ (x − x*)ᵀ Q diag(λ) Qᵀ (x − x*)} with a random rotation {@code Q} and a
     * random {@code x* ~ N(0, I)} from {@code seed}; minimum 0. The Hessian's eigenvalues are
     * exactly {@code spectrum}, so its condition number is {@code max λ / min λ}.
     */
    public static TestFunction quadratic(double[] spectrum, long seed) {
        int d = spectrum.length;
        Rng rng = new Rng(seed).split("quadratic");
        double[] q = Gaussian.orthonormalColumns(rng.split("Q"), d, d);
        double[] ql = q.clone();
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) ql[i * d + j] *= spectrum[j];
        Tensor h = Tensor.wrap(Gaussian.matmul(ql, Gaussian.transpose(q, d, d), d, d, d), d, d);
        Tensor xStar = Tensor.wrap(Gaussian.normal(rng.split("xstar"), d, 1), d);
        return new TestFunction() {
            public int dimension() { return d; }

            public double value(Tensor x) {
                Tensor e = check(name(), x, d).sub(xStar);
                return 0.5 * e.matmul(h.matmul(e)).item();
            }

            public Tensor gradient(Tensor x) { return h.matmul(check(name(), x, d).sub(xStar)); }

            public Tensor minimizer() { return xStar.copy(); }

            public double minimum() { return 0; }

            public String name() { return "quadratic-" + d; }
        };
    }

    /** Spectrum {@code λⱼ} geometric from 1 to {@code kappa} (condition number κ). */
    public static double[] geometricSpectrum(int d, double kappa) {
        double[] s = new double[d];
        for (int j = 0; j < d; j++) s[j] = d == 1 ? 1 : Math.pow(kappa, (double) j / (d - 1));
        return s;
    }

    /** {@code Σ 100 (x_{i+1} − xᵢ²)² + (1 − xᵢ)²}; minimum 0 at (1, …, 1). */
    public static TestFunction rosenbrock(int d) {
        if (d < 2) throw new IllegalArgumentException("rosenbrock: need d >= 2, got " + d);
        return new TestFunction() {
            public int dimension() { return d; }

            public double value(Tensor x) {
                Tensor v = check(name(), x, d);
                Tensor head = v.slice(0, 0, d - 1);
                Tensor tail = v.slice(0, 1, d);
                return tail.sub(head.square()).square().mul(100).add(head.rsub(1).square()).sum().item();
            }

            public Tensor gradient(Tensor x) {
                Tensor v = check(name(), x, d);
                Tensor head = v.slice(0, 0, d - 1);
                Tensor r = v.slice(0, 1, d).sub(head.square());                  // x_{i+1} − xᵢ²
                Tensor dHead = head.mul(r).mul(-400).sub(head.rsub(1).mul(2));   // ∂/∂xᵢ of term i
                Tensor dTail = r.mul(200);                                         // ∂/∂x_{i+1} of term i
                Tensor zero = Tensor.zeros(DType.FLOAT64, 1);
                return Tensor.concat(0, dHead, zero).add(Tensor.concat(0, zero, dTail));
            }

            public Tensor minimizer() { return Tensor.ones(DType.FLOAT64, d); }

            public double minimum() { return 0; }

            public String name() { return "rosenbrock-" + d; }
        };
    }

    /** Beale's function on R²; minimum 0 at (3, 0.5). */
    public static TestFunction beale() {
        double[] c = {1.5, 2.25, 2.625};
        return new TestFunction() {
            public int dimension() { return 2; }

            public double value(Tensor x) {
                double[] v = check(name(), x, 2).toDoubleArray();
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    double t = c[k] - v[0] + v[0] * Math.pow(v[1], k + 1);
                    s += t * t;
                }
                return s;
            }

            public Tensor gradient(Tensor x) {
                double[] v = check(name(), x, 2).toDoubleArray();
                double gx = 0;
                double gy = 0;
                for (int k = 0; k < 3; k++) {
                    double yk = Math.pow(v[1], k + 1);
                    double t = c[k] - v[0] + v[0] * yk;
                    gx += 2 * t * (yk - 1);
                    gy += 2 * t * v[0] * (k + 1) * Math.pow(v[1], k);
                }
                return Tensor.of(new double[] {gx, gy});
            }

            public Tensor minimizer() { return Tensor.of(new double[] {3, 0.5}); }

            public double minimum() { return 0; }

            public String name() { return "beale"; }
        };
    }

    /** {@code 10 d + Σ (xᵢ² − 10 cos 2πxᵢ)}; highly multimodal, minimum 0 at the origin. */
    public static TestFunction rastrigin(int d) {
        double a = 10;
        return new TestFunction() {
            public int dimension() { return d; }

            public double value(Tensor x) {
                Tensor v = check(name(), x, d);
                return v.square().sub(v.mul(2 * Math.PI).cos().mul(a)).sum().item() + a * d;
            }

            public Tensor gradient(Tensor x) {
                Tensor v = check(name(), x, d);
                return v.mul(2).add(v.mul(2 * Math.PI).sin().mul(2 * Math.PI * a));
            }

            public Tensor minimizer() { return Tensor.zeros(DType.FLOAT64, d); }

            public double minimum() { return 0; }

            public String name() { return "rastrigin-" + d; }
        };
    }
}
