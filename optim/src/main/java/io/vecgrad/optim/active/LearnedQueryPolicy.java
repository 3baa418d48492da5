package io.vecgrad.optim.active;

import io.vecgrad.tensor.random.Rng;

/**
 * The learned adaptive policy {@code π_ψ}: a history-summary network mapping the query/answer
 * history to a distribution over the next query. Input: for each query x the balance
 * {@code (yes_x − no_x)/T} and the count {@code (yes_x + no_x)/T}, plus the fraction of the budget
 * left (and, optionally, the belief over the hypotheses, see below); one tanh hidden layer; a
 * softmax over the queries.
 *
 * <p>Source: Zhang, Jain and Jamieson (arXiv:2010.15382) use a neural policy that reads the history
 * and outputs the next measurement's distribution, trained by policy gradients. The spec describes it as typically recurrent
 * (reading the history step by step); we feed it the counts, which are sufficient statistics
 * of the history under the Bernoulli response model [reconstructed: architecture]. The final guess
 * is not learned here: every policy uses the maximum-likelihood decoder of
 * {@link IdentificationProblem#loss}, so only the query rule is compared.
 *
 * <p>Parameters live in one flat array ({@link #parameters()}, updated in place by the trainer):
 * {@code W1[hidden][inputs], b1[hidden], W2[Q][hidden], b2[Q]}. The output layer starts at zero, so an
 * untrained policy is uniform.
 *
 * <pre>{@code
 * LearnedQueryPolicy pi = new LearnedQueryPolicy(24, 32, new Rng(1));
 * double[] p = pi.distribution(history);                     // softmax over the 24 queries
 * double[] g = new double[pi.parameterCount()];
 * pi.addLogProbGradient(history, 5, 1.0, g);                 // g += ∇ψ log π(5 | history)
 * }</pre>
 */
public final class LearnedQueryPolicy implements TrainablePolicy {
    private final int queries, hidden, inputs;
    private final IdentificationProblem beliefOf;
    private final double beliefBeta;
    private final double[] psi;
    private final int oB1, oW2, oB2;

    /** A fresh counts-only policy: first layer ~ N(0, 1/inputs), output layer zero. */
    public LearnedQueryPolicy(int queries, int hidden, Rng rng) {
        this(queries, hidden, null, 0, rng);
    }

    /**
     * A fresh policy that also reads the belief over {@code problem}'s hypotheses: the posterior
     * {@code p(h) ∝ exp(−β d_h)} for a nominal gap, {@code β = ln((1+2Δ)/(1−2Δ))}, computed from the
     * same counts (so still a function of the history only) [reconstructed: input design].
     */
    public LearnedQueryPolicy(IdentificationProblem problem, int hidden, double nominalGap, Rng rng) {
        this(problem.queries(), hidden, problem, beta(nominalGap), rng);
    }

    private static double beta(double gap) {
        IdentificationProblem.checkGap(gap, "LearnedQueryPolicy(nominalGap)");
        if (gap == 0.5) throw new IllegalArgumentException("LearnedQueryPolicy: nominal gap must be below 1/2, got 0.5");
        return Math.log((1 + 2 * gap) / (1 - 2 * gap));
    }

    private LearnedQueryPolicy(int queries, int hidden, IdentificationProblem beliefOf, double beliefBeta, Rng rng) {
        if (queries < 1 || hidden < 1) throw new IllegalArgumentException("LearnedQueryPolicy: queries and hidden units must be positive, got " + queries + " and " + hidden);
        this.queries = queries;
        this.hidden = hidden;
        this.beliefOf = beliefOf;
        this.beliefBeta = beliefBeta;
        this.inputs = 2 * queries + 1 + (beliefOf == null ? 0 : beliefOf.hypotheses());
        this.oB1 = hidden * inputs;
        this.oW2 = oB1 + hidden;
        this.oB2 = oW2 + queries * hidden;
        this.psi = new double[oB2 + queries];
        double s = 1 / Math.sqrt(inputs);
        for (int i = 0; i < oB1; i++) psi[i] = s * rng.nextGaussian();
    }

    private LearnedQueryPolicy(LearnedQueryPolicy o) {
        this.queries = o.queries;
        this.hidden = o.hidden;
        this.inputs = o.inputs;
        this.beliefOf = o.beliefOf;
        this.beliefBeta = o.beliefBeta;
        this.oB1 = o.oB1;
        this.oW2 = o.oW2;
        this.oB2 = o.oB2;
        this.psi = o.psi.clone();
    }

    /** An independent copy (same parameters). */
    public LearnedQueryPolicy copy() {
        return new LearnedQueryPolicy(this);
    }

    @Override
    public double[] parameters() {
        return psi;
    }

    public int parameterCount() {
        return psi.length;
    }

    public int queries() {
        return queries;
    }

    @Override
    public double[] distribution(QueryHistory history) {
        double[] in = features(history), h = new double[hidden], p = new double[queries];
        forward(in, h, p);
        return p;
    }

    @Override
    public void addLogProbGradient(QueryHistory history, int action, double scale, double[] grad) {
        if (action < 0 || action >= queries) throw new IllegalArgumentException("LearnedQueryPolicy.addLogProbGradient: action " + action + " outside [0, " + queries + ")");
        if (grad.length != psi.length) throw new IllegalArgumentException("LearnedQueryPolicy.addLogProbGradient: gradient has " + grad.length + " entries, the policy " + psi.length);
        double[] in = features(history), h = new double[hidden], p = new double[queries];
        forward(in, h, p);
        double[] dh = new double[hidden];
        for (int x = 0; x < queries; x++) {
            double dz = scale * ((x == action ? 1 : 0) - p[x]);
            if (dz == 0) continue;
            grad[oB2 + x] += dz;
            int row = oW2 + x * hidden;
            for (int j = 0; j < hidden; j++) {
                grad[row + j] += dz * h[j];
                dh[j] += dz * psi[row + j];
            }
        }
        for (int j = 0; j < hidden; j++) {
            double da = dh[j] * (1 - h[j] * h[j]);
            if (da == 0) continue;
            grad[oB1 + j] += da;
            int row = j * inputs;
            for (int i = 0; i < inputs; i++) grad[row + i] += da * in[i];
        }
    }

    private double[] features(QueryHistory history) {
        if (history.queries() != queries) throw new IllegalArgumentException("LearnedQueryPolicy: history has " + history.queries() + " queries, the policy " + queries);
        double[] in = new double[inputs];
        double t = history.budget();
        for (int x = 0; x < queries; x++) {
            in[2 * x] = (history.yeses(x) - history.noes(x)) / t;
            in[2 * x + 1] = (history.yeses(x) + history.noes(x)) / t;
        }
        in[2 * queries] = history.remaining() / t;
        if (beliefOf != null) {
            int n = beliefOf.hypotheses(), min = Integer.MAX_VALUE;
            int[] d = new int[n];
            for (int h = 0; h < n; h++) {
                d[h] = beliefOf.disagreements(h, history);
                min = Math.min(min, d[h]);
            }
            double z = 0;
            for (int h = 0; h < n; h++) z += Math.exp(-beliefBeta * (d[h] - min));
            for (int h = 0; h < n; h++) in[2 * queries + 1 + h] = Math.exp(-beliefBeta * (d[h] - min)) / z;
        }
        return in;
    }

    private void forward(double[] in, double[] h, double[] p) {
        for (int j = 0; j < hidden; j++) {
            double a = psi[oB1 + j];
            int row = j * inputs;
            for (int i = 0; i < inputs; i++) a += psi[row + i] * in[i];
            h[j] = Math.tanh(a);
        }
        for (int x = 0; x < queries; x++) {
            double z = psi[oB2 + x];
            int row = oW2 + x * hidden;
            for (int j = 0; j < hidden; j++) z += psi[row + j] * h[j];
            p[x] = z;
        }
        SharedScorePolicy.softmaxInPlace(p);
    }
}
