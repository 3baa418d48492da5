package io.vecgrad.optim.active;

import io.vecgrad.tensor.random.Rng;

/**
 * A query-equivariant learned policy: one small network scores every query from that query's own
 * features, and a softmax over the scores gives the next query's distribution. The features of query
 * x, all functions of the history: the predicted answer {@code P(y=1|x) − 1/2} and its size under the
 * belief {@code p(h) ∝ exp(−β d_h)} for a nominal gap (as in {@link UncertaintySampling}), the
 * predictive variance {@code 4P(1−P)}, the query's count and balance {@code (yes_x ± no_x)/T}, and the
 * fraction of the budget left. Sharing the scorer across queries makes the policy independent of how
 * the queries are numbered and leaves few parameters (121 for 16 hidden units) for REINFORCE to fit.
 *
 * <p>Source: the paper (Zhang, Jain, Jamieson, arXiv:2010.15382) trains a neural policy on the
 * history by policy gradients; this per-query architecture and its features are ours
 * [reconstructed: architecture]. Setting the scorer to {@code −c·|P − 1/2|} with c → ∞ recovers
 * uncertainty sampling, so the class contains that baseline; training decides what else to use
 * (counts, budget left).
 *
 * <pre>{@code
 * SharedScorePolicy pi = new SharedScorePolicy(IdentificationProblem.thresholds(12), 16, 0.25, new Rng(1));
 * double[] p = pi.distribution(new QueryHistory(12, 20));   // uniform-ish before training
 * }</pre>
 */
public final class SharedScorePolicy implements TrainablePolicy {
    static final int FEATURES = 6;
    private final IdentificationProblem problem;
    private final UncertaintySampling belief;
    private final int hidden;
    private final double[] psi; // W1[hidden][FEATURES], b1[hidden], w2[hidden], b2
    private final int oB1, oW2, oB2;

    public SharedScorePolicy(IdentificationProblem problem, int hidden, double nominalGap, Rng rng) {
        if (hidden < 1) throw new IllegalArgumentException("SharedScorePolicy: hidden units must be positive, got " + hidden);
        this.problem = problem;
        this.belief = new UncertaintySampling(problem, nominalGap);
        this.hidden = hidden;
        this.oB1 = hidden * FEATURES;
        this.oW2 = oB1 + hidden;
        this.oB2 = oW2 + hidden;
        this.psi = new double[oB2 + 1];
        double s = 1 / Math.sqrt(FEATURES);
        for (int i = 0; i < oB1; i++) psi[i] = s * rng.nextGaussian();
        for (int j = 0; j < hidden; j++) psi[oW2 + j] = 0.1 * rng.nextGaussian();
    }

    @Override
    public double[] parameters() {
        return psi;
    }

    @Override
    public double[] distribution(QueryHistory history) {
        double[][] f = features(history);
        double[][] h = new double[f.length][hidden];
        return softmax(scores(f, h));
    }

    @Override
    public void addLogProbGradient(QueryHistory history, int action, double scale, double[] grad) {
        int q = problem.queries();
        if (action < 0 || action >= q) throw new IllegalArgumentException("SharedScorePolicy.addLogProbGradient: action " + action + " outside [0, " + q + ")");
        if (grad.length != psi.length) throw new IllegalArgumentException("SharedScorePolicy.addLogProbGradient: gradient has " + grad.length + " entries, the policy " + psi.length);
        double[][] f = features(history);
        double[][] h = new double[q][hidden];
        double[] p = softmax(scores(f, h));
        for (int x = 0; x < q; x++) {
            double dz = scale * ((x == action ? 1 : 0) - p[x]);
            if (dz == 0) continue;
            grad[oB2] += dz;
            for (int j = 0; j < hidden; j++) {
                grad[oW2 + j] += dz * h[x][j];
                double da = dz * psi[oW2 + j] * (1 - h[x][j] * h[x][j]);
                grad[oB1 + j] += da;
                int row = j * FEATURES;
                for (int i = 0; i < FEATURES; i++) grad[row + i] += da * f[x][i];
            }
        }
    }

    private double[][] features(QueryHistory history) {
        double[] py = belief.predictedYes(history);
        double t = history.budget(), left = history.remaining() / t;
        double[][] f = new double[py.length][];
        for (int x = 0; x < py.length; x++) {
            double c = py[x] - 0.5;
            f[x] = new double[] {c, Math.abs(c), 4 * py[x] * (1 - py[x]), (history.yeses(x) + history.noes(x)) / t, (history.yeses(x) - history.noes(x)) / t, left};
        }
        return f;
    }

    private double[] scores(double[][] f, double[][] h) {
        double[] z = new double[f.length];
        for (int x = 0; x < f.length; x++) {
            double s = psi[oB2];
            for (int j = 0; j < hidden; j++) {
                double a = psi[oB1 + j];
                int row = j * FEATURES;
                for (int i = 0; i < FEATURES; i++) a += psi[row + i] * f[x][i];
                h[x][j] = Math.tanh(a);
                s += psi[oW2 + j] * h[x][j];
            }
            z[x] = s;
        }
        return z;
    }

    private static double[] softmax(double[] z) {
        double[] p = z.clone();
        softmaxInPlace(p);
        return p;
    }

    /** {@code z ← exp(z − max z) / Σ exp(z − max z)}. */
    static void softmaxInPlace(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) max = Math.max(max, v);
        double s = 0;
        for (int x = 0; x < z.length; x++) {
            z[x] = Math.exp(z[x] - max);
            s += z[x];
        }
        for (int x = 0; x < z.length; x++) z[x] /= s;
    }
}
