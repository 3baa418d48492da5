package io.vecgrad.optim.linear;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The ChebCB contextual bandit of P51 (mkhodak/learning-to-relax, {@code learners/ChebCB.m}) for a
 * scalar context {@code c ∈ [a, b]}: each arm's normalised cost is regressed on the Chebyshev
 * features {@code T_0(x), …, T_{m−1}(x)} of {@code x = 2(c − a)/(b − a) − 1}; actions are drawn by
 * inverse-gap weighting (SquareCB), {@code p_i = 1/(d + η(ŷ_i − ŷ_min))} for the non-greedy arms and
 * the rest of the mass on the greedy arm. Simplifications against the code (documented, not
 * hidden): the per-arm fit is ridge least squares with a 1e-8 ridge (≈ the code's minimum-norm
 * {@code lsqminnorm}) without its box-constrained fallback, costs are normalised by the running
 * maximum, and {@code η_t = 2t·sqrt(d·t/(R_t + 1))} with R_t the squared prediction error so far
 * (the code's data-dependent formula without its α term).
 *
 * <pre>{@code
 * ChebCb cb = new ChebCb(20, 4, -0.15, 0.45, 7);
 * int arm = cb.select(shift);
 * cb.update(iterations);
 * }</pre>
 */
public final class ChebCb {
    private final int d, m;
    private final double a, width;
    private final SplittableRandom rnd;
    private final double[][] theta;
    private final List<List<double[]>> feats = new ArrayList<>();
    private final List<List<Double>> costs = new ArrayList<>();
    private double eta, errors, maxCost = 1;
    private int t = 1, arm = -1;
    private double[] feature;
    private double predicted;

    public ChebCb(int arms, int m, double lo, double hi, long seed) {
        if (arms < 1 || m < 1 || !(hi > lo)) throw new IllegalArgumentException("ChebCb: needs arms ≥ 1, m ≥ 1 and lo < hi, got " + arms + ", " + m + ", [" + lo + ", " + hi + "]");
        d = arms;
        this.m = m;
        a = lo;
        width = hi - lo;
        rnd = new SplittableRandom(seed);
        theta = new double[arms][m];
        for (int i = 0; i < arms; i++) {
            feats.add(new ArrayList<>());
            costs.add(new ArrayList<>());
        }
    }

    /** T_0(x) … T_{m−1}(x) by the recurrence T_{j+1} = 2x·T_j − T_{j−1}. */
    public static double[] chebyshev(double x, int m) {
        double[] f = new double[m];
        f[0] = 1;
        if (m > 1) f[1] = x;
        for (int j = 1; j + 1 < m; j++) f[j + 1] = 2 * x * f[j] - f[j - 1];
        return f;
    }

    /** Inverse-gap-weighting probabilities for predictions ŷ and learning rate η. */
    public static double[] inverseGapWeights(double[] yhat, double eta) {
        int best = 0;
        for (int i = 1; i < yhat.length; i++) if (yhat[i] < yhat[best]) best = i;
        double[] p = new double[yhat.length];
        double rest = 0;
        for (int i = 0; i < yhat.length; i++) {
            if (i == best) continue;
            p[i] = 1 / (yhat.length + eta * (yhat[i] - yhat[best]));
            rest += p[i];
        }
        p[best] = 1 - rest;
        return p;
    }

    /** Samples an arm for the context c. */
    public int select(double context) {
        double x = Math.max(-1, Math.min(1, 2 * (context - a) / width - 1));
        feature = chebyshev(x, m);
        double[] yhat = new double[d];
        for (int i = 0; i < d; i++) for (int j = 0; j < m; j++) yhat[i] += theta[i][j] * feature[j];
        double[] p = inverseGapWeights(yhat, eta);
        arm = TsallisInf.draw(p, rnd);
        predicted = yhat[arm];
        return arm;
    }

    /** Feeds back the cost of the last selected arm and refits that arm. */
    public void update(double cost) {
        if (arm < 0) throw new IllegalStateException("ChebCb.update: call select() first");
        maxCost = Math.max(maxCost, cost);
        feats.get(arm).add(feature);
        costs.get(arm).add(cost);
        double normalised = cost / maxCost;
        errors += (predicted - normalised) * (predicted - normalised);
        for (int i = 0; i < d; i++) if (!feats.get(i).isEmpty()) fit(i);
        eta = 2.0 * t * Math.sqrt(d * (double) t / (errors + 1));
        t++;
        arm = -1;
    }

    private void fit(int i) {
        List<double[]> f = feats.get(i);
        double[] ata = new double[m * m], atb = new double[m];
        for (int r = 0; r < f.size(); r++) {
            double y = costs.get(i).get(r) / maxCost;
            double[] row = f.get(r);
            for (int p = 0; p < m; p++) {
                atb[p] += row[p] * y;
                for (int q = 0; q < m; q++) ata[p * m + q] += row[p] * row[q];
            }
        }
        for (int p = 0; p < m; p++) ata[p * m + p] += 1e-8;
        theta[i] = Linalg.solve(Tensor.of(ata, m, m), Tensor.of(atb, m)).toDoubleArray();
    }
}
