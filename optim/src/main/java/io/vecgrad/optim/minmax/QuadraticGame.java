package io.vecgrad.optim.minmax;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * A distributed quadratic saddle-point problem, the test problems of P67 (Beznosikov et al.,
 * NeurIPS 2022, arXiv:2110.03313): device m holds
 *
 * <pre>
 * f_m(x, y) = ½ xᵀP_m x + xᵀA_m y − ½ yᵀQ_m y + a_mᵀx + b_mᵀy,      x ∈ ℝⁿ, y ∈ ℝᵖ
 * F_m(x, y) = ( P_m x + A_m y + a_m ,  −A_mᵀx + Q_m y − b_m )
 * </pre>
 *
 * and the problem is {@code min_x max_y (1/M) Σ_m f_m}. With P, Q ⪰ μI the operator is
 * μ-strongly monotone; {@link #bilinear} is the spec's [reconstructed] bilinear problem
 * (P = Q = λI; λ = 0 is the plain monotone bilinear game). The solution solves the linear system
 * {@code F(z*) = 0}. The duality gap {@code max_y' f(x, y') − min_x' f(x', y)} has a closed form
 * when the mean P and Q are positive definite, and is +∞ (reported as NaN) otherwise.
 *
 * <pre>{@code
 * QuadraticGame g = QuadraticGame.bilinear(10, 50, 0.5, 0.3, new Rng(1));
 * List<Operator> devices = g.devices();
 * double gap = g.gap(new double[g.dim()]);
 * }</pre>
 */
public final class QuadraticGame {
    private final int n, p;
    private final List<double[]> pm, am, qm, av, bv;
    private final double[] pMean, aMean, qMean, aVec, bVec;
    private final double[] solution;
    private final double[] pInv, qInv;

    /**
     * A game from per-device row-major matrices P_m (n×n, symmetric), A_m (n×p), Q_m (p×p,
     * symmetric) and vectors a_m (n), b_m (p). The lists must have one entry per device.
     */
    public QuadraticGame(int n, int p, List<double[]> pm, List<double[]> am, List<double[]> qm, List<double[]> av, List<double[]> bv) {
        int m = pm.size();
        if (m == 0 || am.size() != m || qm.size() != m || av.size() != m || bv.size() != m) {
            throw new IllegalArgumentException("QuadraticGame: need the same positive number of P, A, Q, a, b per device, got "
                    + pm.size() + ", " + am.size() + ", " + qm.size() + ", " + av.size() + ", " + bv.size());
        }
        for (int i = 0; i < m; i++) {
            if (pm.get(i).length != n * n || am.get(i).length != n * p || qm.get(i).length != p * p || av.get(i).length != n || bv.get(i).length != p) {
                throw new IllegalArgumentException("QuadraticGame: device " + i + " sizes do not match n = " + n + ", p = " + p);
            }
        }
        this.n = n;
        this.p = p;
        this.pm = List.copyOf(pm);
        this.am = List.copyOf(am);
        this.qm = List.copyOf(qm);
        this.av = List.copyOf(av);
        this.bv = List.copyOf(bv);
        pMean = mean(pm);
        aMean = mean(am);
        qMean = mean(qm);
        aVec = mean(av);
        bVec = mean(bv);
        solution = solve();
        pInv = inverseOrNull(pMean, n);
        qInv = inverseOrNull(qMean, p);
    }

    /**
     * The [reconstructed] bilinear problem of the P67 spec on M devices with n = p:
     * {@code A_m = A + h·G_m} with A and G_m Gaussian with entries N(0, 1/n), {@code a_m, b_m ~ N(0, I)},
     * {@code P_m = Q_m = λI}. λ = 0 is monotone, λ &gt; 0 λ-strongly monotone; h sets how much the
     * devices differ.
     */
    public static QuadraticGame bilinear(int devices, int n, double lambda, double heterogeneity, Rng rng) {
        double[] a = gaussian(rng.split("A"), n * n, 1 / Math.sqrt(n));
        List<double[]> ps = new ArrayList<>(), as = new ArrayList<>(), qs = new ArrayList<>(), avs = new ArrayList<>(), bvs = new ArrayList<>();
        for (int m = 0; m < devices; m++) {
            Rng r = rng.split("device").split(m);
            double[] g = gaussian(r.split("G"), n * n, heterogeneity / Math.sqrt(n));
            for (int i = 0; i < g.length; i++) g[i] += a[i];
            as.add(g);
            ps.add(scaledIdentity(n, lambda));
            qs.add(scaledIdentity(n, lambda));
            avs.add(gaussian(r.split("a"), n, 1));
            bvs.add(gaussian(r.split("b"), n, 1));
        }
        return new QuadraticGame(n, n, ps, as, qs, avs, bvs);
    }

    /**
     * A μ-strongly monotone quadratic game on M devices with n = p: {@code P_m = μI + B_mB_mᵀ/n},
     * {@code Q_m = μI + C_mC_mᵀ/n}, A_m as in {@link #bilinear} with h = 1, Gaussian a_m, b_m.
     */
    public static QuadraticGame stronglyMonotone(int devices, int n, double mu, Rng rng) {
        double[] a = gaussian(rng.split("A"), n * n, 1 / Math.sqrt(n));
        List<double[]> ps = new ArrayList<>(), as = new ArrayList<>(), qs = new ArrayList<>(), avs = new ArrayList<>(), bvs = new ArrayList<>();
        for (int m = 0; m < devices; m++) {
            Rng r = rng.split("device").split(m);
            double[] g = gaussian(r.split("G"), n * n, 1 / Math.sqrt(n));
            for (int i = 0; i < g.length; i++) g[i] += a[i];
            as.add(g);
            ps.add(gram(gaussian(r.split("B"), n * n, 1 / Math.sqrt(n)), n, mu));
            qs.add(gram(gaussian(r.split("C"), n * n, 1 / Math.sqrt(n)), n, mu));
            avs.add(gaussian(r.split("a"), n, 1));
            bvs.add(gaussian(r.split("b"), n, 1));
        }
        return new QuadraticGame(n, n, ps, as, qs, avs, bvs);
    }

    /** n + p. */
    public int dim() {
        return n + p;
    }

    /** The number of devices M. */
    public int deviceCount() {
        return pm.size();
    }

    /** F_m of device m. */
    public Operator device(int m) {
        return z -> apply(pm.get(m), am.get(m), qm.get(m), av.get(m), bv.get(m), z);
    }

    /** F_1 … F_M. */
    public List<Operator> devices() {
        List<Operator> out = new ArrayList<>();
        for (int m = 0; m < deviceCount(); m++) out.add(device(m));
        return out;
    }

    /** The problem's operator F = (1/M) Σ F_m (evaluated from the mean matrices). */
    public Operator operator() {
        return z -> apply(pMean, aMean, qMean, aVec, bVec, z);
    }

    /** The mean objective f(x, y) at z = (x, y). */
    public double value(double[] z) {
        double[] px = Vectors.matVec(pMean, n, n, z, 0), ay = Vectors.matVec(aMean, n, p, z, n), qy = Vectors.matVec(qMean, p, p, z, n);
        double s = 0;
        for (int i = 0; i < n; i++) s += 0.5 * z[i] * px[i] + z[i] * ay[i] + aVec[i] * z[i];
        for (int j = 0; j < p; j++) s += -0.5 * z[n + j] * qy[j] + bVec[j] * z[n + j];
        return s;
    }

    /** The solution z* of F(z*) = 0 (a copy). */
    public double[] solution() {
        return solution.clone();
    }

    /** {@code ‖z − z*‖}. */
    public double distanceToSolution(double[] z) {
        return Vectors.distance(z, solution);
    }

    /**
     * The duality gap {@code max_y' f(x, y') − min_x' f(x', y)} ≥ 0 (0 only at z*); NaN when the mean
     * P or Q is singular (the gap is then +∞ off the solution set).
     */
    public double gap(double[] z) {
        if (pInv == null || qInv == null) return Double.NaN;
        double[] u = Vectors.matTVec(aMean, n, p, z, 0);   // Aᵀx + b
        for (int j = 0; j < p; j++) u[j] += bVec[j];
        double[] v = Vectors.matVec(aMean, n, p, z, n);    // Ay + a
        for (int i = 0; i < n; i++) v[i] += aVec[i];
        double[] px = Vectors.matVec(pMean, n, n, z, 0), qy = Vectors.matVec(qMean, p, p, z, n);
        double maxY = 0.5 * Vectors.dot(Vectors.matVec(qInv, p, p, u, 0), u);
        double minX = -0.5 * Vectors.dot(Vectors.matVec(pInv, n, n, v, 0), v);
        for (int i = 0; i < n; i++) maxY += 0.5 * z[i] * px[i] + aVec[i] * z[i];
        for (int j = 0; j < p; j++) minX += -0.5 * z[n + j] * qy[j] + bVec[j] * z[n + j];
        return maxY - minX;
    }

    /** The Lipschitz constant of F_m: the spectral norm of its Jacobian. */
    public double lipschitz(int m) {
        return spectralNorm(jacobian(pm.get(m), am.get(m), qm.get(m)));
    }

    /** The Lipschitz constant of F. */
    public double lipschitz() {
        return spectralNorm(jacobian(pMean, aMean, qMean));
    }

    /** {@code sqrt((1/M) Σ_m L_m²)}. */
    public double meanSquareLipschitz() {
        double s = 0;
        for (int m = 0; m < deviceCount(); m++) s += Math.pow(lipschitz(m), 2);
        return Math.sqrt(s / deviceCount());
    }

    /** The strong-monotonicity modulus of F: the least eigenvalue of diag(P, Q) (0 for the plain bilinear game). */
    public double monotonicity() {
        double lp = Linalg.eigvalsh(Tensor.of(pMean.clone(), n, n)).toDoubleArray()[0];
        double lq = Linalg.eigvalsh(Tensor.of(qMean.clone(), p, p)).toDoubleArray()[0];
        return Math.min(lp, lq);
    }

    private double[] apply(double[] pMat, double[] aMat, double[] qMat, double[] a, double[] b, double[] z) {
        if (z.length != n + p) throw new IllegalArgumentException("QuadraticGame: z has length " + z.length + ", the game has dimension " + (n + p));
        double[] out = new double[n + p];
        double[] px = Vectors.matVec(pMat, n, n, z, 0), ay = Vectors.matVec(aMat, n, p, z, n);
        double[] atx = Vectors.matTVec(aMat, n, p, z, 0), qy = Vectors.matVec(qMat, p, p, z, n);
        for (int i = 0; i < n; i++) out[i] = px[i] + ay[i] + a[i];
        for (int j = 0; j < p; j++) out[n + j] = -atx[j] + qy[j] - b[j];
        return out;
    }

    private Tensor jacobian(double[] pMat, double[] aMat, double[] qMat) {
        int d = n + p;
        double[] j = new double[d * d];
        for (int r = 0; r < n; r++) {
            System.arraycopy(pMat, r * n, j, r * d, n);
            System.arraycopy(aMat, r * p, j, r * d + n, p);
            for (int c = 0; c < p; c++) j[(n + c) * d + r] = -aMat[r * p + c];
        }
        for (int r = 0; r < p; r++) System.arraycopy(qMat, r * p, j, (n + r) * d + n, p);
        return Tensor.of(j, d, d);
    }

    private double[] solve() {
        double[] rhs = new double[n + p];
        for (int i = 0; i < n; i++) rhs[i] = -aVec[i];
        for (int j = 0; j < p; j++) rhs[n + j] = bVec[j];
        return Linalg.solve(jacobian(pMean, aMean, qMean), Tensor.of(rhs)).toDoubleArray();
    }

    private static double spectralNorm(Tensor m) {
        return Linalg.svdvals(m).toDoubleArray()[0];
    }

    private static double[] inverseOrNull(double[] m, int k) {
        double least = Linalg.eigvalsh(Tensor.of(m.clone(), k, k)).toDoubleArray()[0];
        return least > 1e-12 ? Linalg.inv(Tensor.of(m.clone(), k, k)).toDoubleArray() : null;
    }

    private static double[] mean(List<double[]> xs) {
        double[] out = new double[xs.get(0).length];
        for (double[] x : xs) Vectors.addInPlace(out, 1.0 / xs.size(), x);
        return out;
    }

    private static double[] gaussian(Rng rng, int size, double std) {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) out[i] = std * rng.nextGaussian();
        return out;
    }

    private static double[] scaledIdentity(int n, double s) {
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) out[i * n + i] = s;
        return out;
    }

    /** {@code μI + BBᵀ} for a row-major n×n B. */
    private static double[] gram(double[] b, int n, double mu) {
        double[] out = scaledIdentity(n, mu);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += b[i * n + k] * b[j * n + k];
                out[i * n + j] += s;
            }
        }
        return out;
    }
}
