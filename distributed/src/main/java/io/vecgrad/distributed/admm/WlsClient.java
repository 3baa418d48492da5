package io.vecgrad.distributed.admm;

import io.vecgrad.distributed.LocalProblem;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.random.Rng;

import java.util.List;

/**
 * One client's weighted least-squares data in sufficient-statistic form:
 * {@code R = XᵀCX} and {@code p = XᵀCy} for {@code f(w) = ½(y − Xw)ᵀC(y − Xw)}, with C a
 * positive diagonal weight. The federated optimum is {@code w* = (Σ R_k)⁻¹ Σ p_k}
 * ({@link #optimum}), the oracle of every ADMM test. As a {@link LocalProblem} (a worker's problem
 * in {@link AdmmMethod}) its gradient is exact and its loss is f up to the constant ½yᵀCy.
 *
 * <pre>{@code
 * WlsClient c = WlsClient.of(new double[][] {{1, 0}, {0, 2}, {1, 1}}, new double[] {1, 2, 3}, new double[] {1, 1, 0.5});
 * double[] wStar = WlsClient.optimum(List.of(c));
 * }</pre>
 */
public final class WlsClient implements LocalProblem {
    private final int d;
    private final double[] r;
    private final double[] p;
    private double cachedRho = Double.NaN;
    private double[] cachedInverse;

    private WlsClient(int d, double[] r, double[] p) {
        this.d = d;
        this.r = r;
        this.p = p;
    }

    /** From rows {@code x} (n × d), targets {@code y} and positive weights {@code c} (both length n). */
    public static WlsClient of(double[][] x, double[] y, double[] c) {
        if (x.length == 0) throw new IllegalArgumentException("WlsClient.of: no rows");
        if (y.length != x.length || c.length != x.length) {
            throw new IllegalArgumentException("WlsClient.of: " + x.length + " rows but " + y.length + " targets and " + c.length + " weights");
        }
        int d = x[0].length;
        double[] r = new double[d * d], p = new double[d];
        for (int n = 0; n < x.length; n++) {
            if (x[n].length != d) throw new IllegalArgumentException("WlsClient.of: row " + n + " has length " + x[n].length + ", row 0 has " + d);
            if (!(c[n] > 0)) throw new IllegalArgumentException("WlsClient.of: weight " + n + " must be positive, got " + c[n]);
            for (int i = 0; i < d; i++) {
                p[i] += x[n][i] * c[n] * y[n];
                for (int j = 0; j < d; j++) r[i * d + j] += x[n][i] * c[n] * x[n][j];
            }
        }
        return new WlsClient(d, r, p);
    }

    /** Dimension d. */
    @Override
    public int dim() {
        return d;
    }

    /** A copy of R = XᵀCX (d × d, row-major). */
    public double[] r() {
        return r.clone();
    }

    /** A copy of p = XᵀCy. */
    public double[] p() {
        return p.clone();
    }

    /** ∇f(w) = Rw − p. */
    public double[] gradient(double[] w) {
        double[] g = new double[d];
        for (int i = 0; i < d; i++) {
            double s = -p[i];
            for (int j = 0; j < d; j++) s += r[i * d + j] * w[j];
            g[i] = s;
        }
        return g;
    }

    /** {@code (R + ρI)⁻¹} as a dense d × d matrix (computed once per client and penalty; read-only). */
    synchronized double[] shiftedInverse(double rho) {
        if (Double.compare(rho, cachedRho) != 0) {
            double[] a = r.clone();
            for (int i = 0; i < d; i++) a[i * d + i] += rho;
            cachedInverse = Linalg.inv(Tensor.of(a, d, d)).toDoubleArray();
            cachedRho = rho;
        }
        return cachedInverse;
    }

    /** The exact gradient Rx − p (the stream is not used). */
    @Override
    public double gradient(ParamVector x, Rng rng, ParamVector out) {
        checkDim("gradient", x);
        System.arraycopy(gradient(x.data()), 0, out.data(), 0, d);
        return loss(x);
    }

    /** ½xᵀRx − pᵀx: f(x) less the constant ½yᵀCy. */
    @Override
    public double loss(ParamVector x) {
        checkDim("loss", x);
        double[] w = x.data();
        double s = 0;
        for (int i = 0; i < d; i++) {
            double ri = 0;
            for (int j = 0; j < d; j++) ri += r[i * d + j] * w[j];
            s += 0.5 * w[i] * ri - p[i] * w[i];
        }
        return s;
    }

    private void checkDim(String op, ParamVector x) {
        if (x.dim() != d) throw new IllegalArgumentException("WlsClient." + op + ": parameters of dimension " + x.dim() + " for a problem of dimension " + d);
    }

    /** {@code w* = (Σ R_k)⁻¹ Σ p_k}. */
    public static double[] optimum(List<WlsClient> clients) {
        if (clients.isEmpty()) throw new IllegalArgumentException("WlsClient.optimum: no clients");
        int d = clients.get(0).d;
        double[] r = new double[d * d], p = new double[d];
        for (WlsClient c : clients) {
            if (c.d != d) throw new IllegalArgumentException("WlsClient.optimum: clients of dimension " + d + " and " + c.d);
            for (int k = 0; k < d * d; k++) r[k] += c.r[k];
            for (int k = 0; k < d; k++) p[k] += c.p[k];
        }
        return Linalg.solve(Tensor.of(r, d, d), Tensor.of(p)).toDoubleArray();
    }
}
