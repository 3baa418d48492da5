package io.vecgrad.optim.particles;

/**
 * The posterior of Bayesian logistic regression as a particle-sampler target:
 * {@code p(w | X, y) ∝ exp(−α‖w‖²/2) Π_i σ(x_iᵀw)^{y_i} (1 − σ(x_iᵀw))^{1 − y_i}}, with the
 * intercept as an appended constant-1 feature. The SVGD paper's benchmark also samples the prior
 * precision α (Gamma prior); here α is fixed [design note]. Also the metric: the predictive
 * log-likelihood of held-out data under the particle posterior,
 * {@code (1/N) Σ_i log((1/m) Σ_k p(y_i | x_i, w_k))}.
 *
 * <pre>{@code
 * BayesianLogisticRegression post = new BayesianLogisticRegression(xTrain, yTrain, 1.0);
 * double[][] w = new Svgd(post, initial, Svgd.Config.reference(0.05, 500)).run();
 * double ll = BayesianLogisticRegression.predictiveLogLikelihood(w, xTest, yTest);
 * }</pre>
 */
public final class BayesianLogisticRegression implements Target {
    private final double[][] x;
    private final int[] y;
    private final double alpha;

    /** Features {@code x[i]} (an intercept is appended), labels 0/1, prior precision α > 0. */
    public BayesianLogisticRegression(double[][] x, int[] y, double alpha) {
        if (x.length == 0 || x.length != y.length) throw new IllegalArgumentException("BayesianLogisticRegression: " + x.length + " rows and " + y.length + " labels");
        if (!(alpha > 0)) throw new IllegalArgumentException("BayesianLogisticRegression: prior precision must be > 0, got " + alpha);
        for (int label : y) if (label != 0 && label != 1) throw new IllegalArgumentException("BayesianLogisticRegression: labels must be 0 or 1, got " + label);
        this.x = withIntercept(x);
        this.y = y.clone();
        this.alpha = alpha;
    }

    static double[][] withIntercept(double[][] x) {
        int d = x[0].length;
        double[][] out = new double[x.length][d + 1];
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != d) throw new IllegalArgumentException("BayesianLogisticRegression: row " + i + " has " + x[i].length + " features, row 0 has " + d);
            System.arraycopy(x[i], 0, out[i], 0, d);
            out[i][d] = 1;
        }
        return out;
    }

    @Override
    public int dim() {
        return x[0].length;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) s += a[j] * b[j];
        return s;
    }

    /** {@code log σ(z)} without overflow. */
    private static double logSigmoid(double z) {
        return z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
    }

    @Override
    public double logDensity(double[] w) {
        double s = -0.5 * alpha * dot(w, w);
        for (int i = 0; i < x.length; i++) {
            double z = dot(x[i], w);
            s += y[i] == 1 ? logSigmoid(z) : logSigmoid(-z);
        }
        return s;
    }

    @Override
    public double[] score(double[] w) {
        if (w.length != dim()) throw new IllegalArgumentException("BayesianLogisticRegression: weights of dimension " + w.length + ", expected " + dim());
        double[] g = new double[w.length];
        for (int j = 0; j < w.length; j++) g[j] = -alpha * w[j];
        for (int i = 0; i < x.length; i++) {
            double r = y[i] - 1 / (1 + Math.exp(-dot(x[i], w)));
            for (int j = 0; j < w.length; j++) g[j] += r * x[i][j];
        }
        return g;
    }

    /** Mean held-out log-likelihood of the particle posterior (features without the intercept column). */
    public static double predictiveLogLikelihood(double[][] particles, double[][] xTest, int[] yTest) {
        double[][] xt = withIntercept(xTest);
        double total = 0;
        for (int i = 0; i < xt.length; i++) {
            double m = Double.NEGATIVE_INFINITY;
            double[] l = new double[particles.length];
            for (int k = 0; k < particles.length; k++) {
                double z = dot(xt[i], particles[k]);
                l[k] = yTest[i] == 1 ? logSigmoid(z) : logSigmoid(-z);
                m = Math.max(m, l[k]);
            }
            double s = 0;
            for (double v : l) s += Math.exp(v - m);
            total += m + Math.log(s / particles.length);
        }
        return total / xt.length;
    }
}
