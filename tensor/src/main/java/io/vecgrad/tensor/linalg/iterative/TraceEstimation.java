package io.vecgrad.tensor.linalg.iterative;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Randomised trace estimates of a square operator from products only.
 *
 * <ul>
 *   <li>{@link #hutchinson}: {@code (1/m) Σ zᵀA·z} over m Rademacher probes z (Hutchinson
 *       1989); unbiased, variance {@code 2(‖A‖²_F − Σ aᵢᵢ²)/m} for symmetric A.</li>
 *   <li>{@link #hutchPlusPlus}: Hutch++ (Meyer, Musco, Musco &amp; Woodruff 2021): a third of the
 *       products sketch A's range (Q = orth(A·S)), whose trace {@code tr(QᵀAQ)} is taken
 *       exactly, and Hutchinson estimates the rest on {@code (I − QQᵀ)A(I − QQᵀ)}; far lower
 *       variance when A has a few dominant eigenvalues.</li>
 * </ul>
 * Probe i is drawn from {@code rng.split(purpose).split(i)}, so results are deterministic per
 * seed.
 *
 * <pre>{@code
 * TraceEstimation.Estimate t = TraceEstimation.hutchinson(hessian, 100, new Rng(0));
 * double tr = t.value(), se = t.standardError();
 * double tr2 = TraceEstimation.hutchPlusPlus(hessian, 99, new Rng(0)).value();
 * }</pre>
 */
public final class TraceEstimation {
    private TraceEstimation() {}

    /**
     * @param value          the trace estimate
     * @param standardError  the sample standard error of the Hutchinson part (NaN with fewer than 2 probes)
     * @param operatorApplies products with A spent
     */
    public record Estimate(double value, double standardError, int operatorApplies) {}

    public static Estimate hutchinson(LinearOperator a, int probes, Rng rng) {
        Krylov.checkSteps("hutchinson", "probes", probes);
        Krylov ops = square("hutchinson", a);
        Rng stream = rng.split("hutchinson");
        double[] samples = new double[probes];
        for (int p = 0; p < probes; p++) {
            double[] z = stream.split(p).rademacher(DType.FLOAT64, a.rows()).toDoubleArray();
            samples[p] = Krylov.dot(z, ops.apply(z));
        }
        return summarize(0, samples, ops.applies());
    }

    /**
     * @param matvecs the total budget of products with A (≥ 3); a third sketch the range, a
     *                third form A·Q, a third are Hutchinson probes of the deflated operator
     */
    public static Estimate hutchPlusPlus(LinearOperator a, int matvecs, Rng rng) {
        if (matvecs < 3) throw new IllegalArgumentException("hutchPlusPlus: need a budget of at least 3 products, got " + matvecs);
        Krylov ops = square("hutchPlusPlus", a);
        int n = a.rows();
        int k = matvecs / 3;
        int probes = matvecs - 2 * k;
        Rng sketch = rng.split("hutchpp/sketch");
        List<double[]> cols = new ArrayList<>();
        for (int i = 0; i < k; i++) cols.add(ops.apply(sketch.split(i).rademacher(DType.FLOAT64, n).toDoubleArray()));
        double[][] q = orthonormalColumns(cols);
        double low = 0;
        for (double[] qi : q) low += Krylov.dot(qi, ops.apply(qi));
        Rng probe = rng.split("hutchpp/probe");
        double[] samples = new double[probes];
        for (int p = 0; p < probes; p++) {
            double[] g = probe.split(p).rademacher(DType.FLOAT64, n).toDoubleArray();
            Lanczos.orthogonalize(g, q, q.length);
            Lanczos.orthogonalize(g, q, q.length);
            samples[p] = Krylov.dot(g, ops.apply(g));
        }
        return summarize(low, samples, ops.applies());
    }

    private static Krylov square(String what, LinearOperator a) {
        return Krylov.setup(what, a, io.vecgrad.tensor.Tensor.zeros(DType.FLOAT64, a.rows()), SolveOptions.defaults());
    }

    private static Estimate summarize(double offset, double[] samples, int applies) {
        double mean = 0;
        for (double s : samples) mean += s;
        mean /= samples.length;
        double var = 0;
        for (double s : samples) var += (s - mean) * (s - mean);
        double se = samples.length < 2 ? Double.NaN : Math.sqrt(var / (samples.length - 1) / samples.length);
        return new Estimate(offset + mean, se, applies);
    }

    /** Modified Gram–Schmidt, twice, dropping columns that are (numerically) dependent on earlier ones. */
    static double[][] orthonormalColumns(List<double[]> cols) {
        List<double[]> q = new ArrayList<>();
        for (double[] c : cols) {
            double[] v = c.clone();
            double before = Krylov.norm(v);
            for (int pass = 0; pass < 2; pass++) {
                for (double[] qi : q) Krylov.axpy(-Krylov.dot(qi, v), qi, v);
            }
            double after = Krylov.norm(v);
            if (after > 1e-10 * before && after > 0) {
                Krylov.scale(1 / after, v);
                q.add(v);
            }
        }
        return q.toArray(new double[0][]);
    }
}
