package io.vecgrad.optim.zeroth;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * CMA-ES as in Hansen's reference implementation {@code cma.purecma} (ask/tell, the strategy
 * parameters of {@code CMAESParameters}): population λ = 4 + ⌊3 ln n⌋, μ = ⌊λ/2⌋ parents with
 * weights ∝ ln(λ/2 + ½) − ln i, cumulation constants c_c, c_σ, learning rates c₁, c_μ and damping
 * d_σ = 2μ_eff/λ + 0.3 + c_σ; the evolution paths p_σ and p_c with the h_σ stall test; rank-one plus
 * rank-μ covariance update; step size σ ← σ·exp(min(1, (c_σ/d_σ)(‖p_σ‖²/n − 1)/2)) (purecma's
 * squared-norm form); the eigendecomposition refreshed lazily every
 * {@code 0.5·n·λ/(c₁ + c_μ)/n²} evaluations. Stops as purecma does: evaluation budget
 * ({@code 100λ + 150(n + 3)²√λ}), target value, condition number > 1e14, value spread of a
 * generation &lt; 1e-12 ({@code tolfun}), or σ·√max eig(C) &lt; 1e-11 ({@code tolx}).
 *
 * <p>Candidates are drawn from {@link PerturbationStream} (seed, "cma-es", generation, k): bitwise
 * deterministic per seed. The result is the best candidate ever evaluated.
 *
 * <pre>{@code
 * ZerothOrderResult r = CmaEs.minimize(TestFunctions::rosenbrock, new double[] {0, 0, 0, 0}, 0.5, 1);
 * }</pre>
 */
public final class CmaEs {
    private final int n, lam, mu;
    private final double[] weights;
    private final double mueff, cc, cs, c1, cmu, damps, lazyGapEvals;
    private final PerturbationStream stream;
    private double[] mean;
    private double sigma;
    private final double[] pc, ps;
    private final double[][] cov;
    private double[][] basis;
    private double[] eigenvalues;
    private double[][] invsqrt;
    private double conditionNumber = 1;
    private long countEval, updatedEval;
    private int generation;
    private double[] sortedFit = new double[0];
    private double[] best;
    private double bestValue = Double.POSITIVE_INFINITY;

    /** Starts at {@code x0} with step size {@code sigma0} and the default population. */
    public CmaEs(double[] x0, double sigma0, long seed) {
        this(x0, sigma0, 4 + (int) (3 * Math.log(x0.length)), seed);
    }

    /** Starts at {@code x0} with step size {@code sigma0} and population {@code popsize}. */
    public CmaEs(double[] x0, double sigma0, int popsize, long seed) {
        n = x0.length;
        if (n == 0) throw new IllegalArgumentException("CmaEs: x0 is empty");
        if (!(sigma0 > 0)) throw new IllegalArgumentException("CmaEs: sigma0 must be > 0, got " + sigma0);
        if (popsize < 2) throw new IllegalArgumentException("CmaEs: popsize must be >= 2, got " + popsize);
        lam = popsize;
        mu = lam / 2;
        weights = new double[mu];
        double wsum = 0;
        for (int i = 0; i < mu; i++) {
            weights[i] = Math.log(lam / 2.0 + 0.5) - Math.log(i + 1);
            wsum += weights[i];
        }
        double w2 = 0;
        for (int i = 0; i < mu; i++) {
            weights[i] /= wsum;
            w2 += weights[i] * weights[i];
        }
        mueff = 1 / w2;
        cc = (4 + mueff / n) / (n + 4 + 2 * mueff / n);
        cs = (mueff + 2) / (n + mueff + 5);
        c1 = 2 / ((n + 1.3) * (n + 1.3) + mueff);
        cmu = Math.min(1 - c1, 2 * (mueff - 2 + 1 / mueff) / ((n + 2) * (n + 2) + mueff));
        damps = 2 * mueff / lam + 0.3 + cs;
        lazyGapEvals = 0.5 * n * lam / (c1 + cmu) / ((double) n * n);
        stream = PerturbationStream.of(seed, "cma-es");
        mean = x0.clone();
        sigma = sigma0;
        pc = new double[n];
        ps = new double[n];
        cov = identity(n);
        basis = identity(n);
        invsqrt = identity(n);
        eigenvalues = new double[n];
        Arrays.fill(eigenvalues, 1);
        best = x0.clone();
    }

    /** Minimizes {@code f} from {@code x0} with initial step size {@code sigma0}, purecma's defaults and stopping rules. */
    public static ZerothOrderResult minimize(ToDoubleFunction<double[]> f, double[] x0, double sigma0, long seed) {
        CmaEs es = new CmaEs(x0, sigma0, seed);
        return es.optimize(f, es.defaultMaxEvaluations(), Double.NEGATIVE_INFINITY);
    }

    /** purecma's default budget {@code 100λ + 150(n + 3)²√λ}. */
    public long defaultMaxEvaluations() {
        return (long) (100 * lam + 150 * (n + 3.0) * (n + 3.0) * Math.sqrt(lam));
    }

    /** The ask/tell loop until a stopping rule holds. */
    public ZerothOrderResult optimize(ToDoubleFunction<double[]> f, long maxEvaluations, double target) {
        List<Double> history = new ArrayList<>();
        String reason;
        while ((reason = stop(maxEvaluations, target)) == null) {
            double[][] x = ask();
            double[] fit = new double[x.length];
            for (int k = 0; k < x.length; k++) fit[k] = f.applyAsDouble(x[k].clone());
            tell(x, fit);
            history.add(bestValue);
        }
        double[] h = new double[history.size()];
        for (int i = 0; i < h.length; i++) h[i] = history.get(i);
        return new ZerothOrderResult(best, bestValue, countEval, generation, reason, h);
    }

    /** λ candidates {@code m + σ B D z}. */
    public double[][] ask() {
        updateEigensystem();
        double[][] out = new double[lam][n];
        double[] z = new double[n];
        for (int k = 0; k < lam; k++) {
            stream.fillGaussian(generation, k, z);
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < n; j++) s += basis[i][j] * sigma * Math.sqrt(eigenvalues[j]) * z[j];
                out[k][i] = mean[i] + s;
            }
        }
        return out;
    }

    /** Updates mean, paths, covariance and step size from the candidates and their values (to minimize). */
    public void tell(double[][] x, double[] fit) {
        if (x.length != lam || fit.length != lam) throw new IllegalArgumentException("CmaEs.tell: expected " + lam + " candidates and values, got " + x.length + " and " + fit.length);
        countEval += fit.length;
        Integer[] order = new Integer[lam];
        for (int k = 0; k < lam; k++) order[k] = k;
        Arrays.sort(order, (a, b) -> Double.compare(fit[a], fit[b]));
        sortedFit = new double[lam];
        for (int k = 0; k < lam; k++) sortedFit[k] = fit[order[k]];
        if (sortedFit[0] < bestValue) {
            bestValue = sortedFit[0];
            best = x[order[0]].clone();
        }
        double[] xold = mean;
        double[] xnew = new double[n];
        for (int k = 0; k < mu; k++) for (int i = 0; i < n; i++) xnew[i] += weights[k] * x[order[k]][i];
        mean = xnew;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = xnew[i] - xold[i];
        double csn = Math.sqrt(cs * (2 - cs) * mueff) / sigma;
        for (int i = 0; i < n; i++) {
            double z = 0;
            for (int j = 0; j < n; j++) z += invsqrt[i][j] * y[j];
            ps[i] = (1 - cs) * ps[i] + csn * z;
        }
        double ps2 = 0;
        for (double v : ps) ps2 += v * v;
        boolean hsig = ps2 / n / (1 - Math.pow(1 - cs, 2.0 * countEval / lam)) < 2 + 4.0 / (n + 1);
        double ccn = Math.sqrt(cc * (2 - cc) * mueff) / sigma;
        for (int i = 0; i < n; i++) pc[i] = (1 - cc) * pc[i] + (hsig ? ccn * y[i] : 0);
        double c1a = c1 * (1 - (hsig ? 0 : 1) * cc * (2 - cc));
        double shrink = 1 - c1a - cmu; // Σ w = 1
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) cov[i][j] = cov[i][j] * shrink + c1 * pc[i] * pc[j];
        }
        for (int k = 0; k < mu; k++) {
            double[] xk = x[order[k]];
            double f = weights[k] * cmu / (sigma * sigma);
            for (int i = 0; i < n; i++) {
                double di = xk[i] - xold[i];
                for (int j = 0; j < n; j++) cov[i][j] += f * di * (xk[j] - xold[j]);
            }
        }
        sigma *= Math.exp(Math.min(1, cs / damps * (ps2 / n - 1) / 2));
        generation++;
    }

    private void updateEigensystem() {
        if (countEval <= updatedEval + lazyGapEvals) return;
        double[] flat = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) flat[i * n + j] = i >= j ? cov[i][j] : cov[j][i];
        }
        Linalg.Eigh e = Linalg.eigh(Tensor.of(flat, n, n));
        double[] w = e.values().toDoubleArray(), v = e.vectors().toDoubleArray();
        for (int i = 0; i < n; i++) w[i] = Math.max(w[i], 0);
        conditionNumber = w[0] > 0 ? w[n - 1] / w[0] : Double.POSITIVE_INFINITY;
        eigenvalues = w;
        basis = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) basis[i][j] = v[i * n + j];
        invsqrt = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) s += basis[i][k] * basis[j][k] / Math.sqrt(w[k]);
                invsqrt[i][j] = s;
            }
        }
        updatedEval = countEval;
    }

    /** The first stopping rule that holds, or null (purecma's {@code stop()}). */
    public String stop(long maxEvaluations, double target) {
        if (countEval <= 0) return null;
        if (countEval >= maxEvaluations) return "max evaluations (" + maxEvaluations + ")";
        if (sortedFit.length > 0 && sortedFit[0] <= target) return "target " + target + " reached";
        if (conditionNumber > 1e14) return "condition number " + conditionNumber + " > 1e14";
        if (sortedFit.length > 1 && sortedFit[sortedFit.length - 1] - sortedFit[0] < 1e-12) return "tolfun: generation spread < 1e-12";
        double maxEig = 0;
        for (double v : eigenvalues) maxEig = Math.max(maxEig, v);
        if (sigma * Math.sqrt(maxEig) < 1e-11) return "tolx: sigma*sqrt(max eig C) < 1e-11";
        return null;
    }

    private static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) m[i][i] = 1;
        return m;
    }

    /** The current distribution mean. */
    public double[] mean() {
        return mean.clone();
    }

    /** The current step size σ. */
    public double sigma() {
        return sigma;
    }

    /** The population size λ. */
    public int populationSize() {
        return lam;
    }
}
