package io.vecgrad.optim.particles;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;

/**
 * The posterior of a one-hidden-layer Bayesian neural net as a particle-sampler target, the model
 * of the SVGD paper's BNN experiment (Liu and Wang, NeurIPS 2016, section 5; reference code
 * {@code bayesian_nn.py} of DartML/Stein-Variational-Gradient-Descent, itself after
 * Hernández-Lobato and Adams' PBP). A particle is the flat vector
 * {@code [W1 (d×h, row-major), b1 (h), w2 (h), b2, log γ, log λ]} ({@code log γ} only for regression):
 *
 * <pre>
 *   f(x) = relu(x W1 + b1) · w2 + b2
 *   regression:     p(y | x) = N(y | f(x), 1/γ)              classification: p(y = 1 | x) = σ(f(x))
 *   prior:          w ~ N(0, 1/λ) for all K network weights,  γ, λ ~ Gamma(a0 = 1, rate b0 = 0.1)
 *   log p(θ | D) = Σ_i log p(y_i | x_i) − K/2 (log 2π − log λ) − λ/2 ‖w‖²
 *                  + (a0 − 1) log λ − b0 λ + log λ   [+ the same three terms in γ]   (+ log λ, log γ: the Jacobian of the log)
 * </pre>
 *
 * The score comes from vecgrad's autodiff (reverse mode through the same formula). Differences from
 * the reference code: the likelihood uses the whole training set at every step (the reference
 * sub-samples batches of 100 and rescales by N/batch), and there is no development-set re-tuning of
 * γ after sampling. Classification (Bernoulli likelihood, no γ) is our extension for binary data.
 * The metrics follow the reference {@code evaluation}: the ensemble predicts with the mean of its
 * members' predictions (regression) or of their predictive probabilities (classification), and the
 * held-out log-likelihood is {@code mean_i log mean_k p(y_i | x_i, θ_k)}.
 *
 * <pre>{@code
 * BayesianNeuralNet bnn = BayesianNeuralNet.regression(xTrain, yTrain, 50);
 * double[][] init = bnn.initialParticles(20, new Rng(1));
 * double[][] post = new Svgd(bnn, init, Svgd.Config.reference(1e-3, 500)).run();
 * double ll = bnn.predictiveLogLikelihood(post, xTest, yTest);
 * double rmse = bnn.rmse(post, xTest, yTest);
 * }</pre>
 */
public final class BayesianNeuralNet implements Target {
    /** The data model. */
    public enum Likelihood { GAUSSIAN, BERNOULLI }

    /** Shape a0 and rate b0 of the Gamma hyperpriors (the reference code's defaults). */
    public static final double A0 = 1, B0 = 0.1;
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final Likelihood likelihood;
    private final Tensor x;
    private final Tensor y;
    private final int n, d, hidden;

    private BayesianNeuralNet(Likelihood likelihood, double[][] xs, double[] ys, int hidden) {
        if (xs.length == 0 || xs.length != ys.length) throw new IllegalArgumentException("BayesianNeuralNet: " + xs.length + " rows and " + ys.length + " targets");
        if (hidden < 1) throw new IllegalArgumentException("BayesianNeuralNet: hidden units must be >= 1, got " + hidden);
        this.likelihood = likelihood;
        this.n = xs.length;
        this.d = xs[0].length;
        this.hidden = hidden;
        this.x = matrix(xs, d, "training");
        if (likelihood == Likelihood.BERNOULLI) checkLabels(ys);
        this.y = Tensor.of(ys.clone(), n, 1);
    }

    /** Regression with Gaussian noise of precision γ (sampled with the weights); features and targets as given (standardize them first). */
    public static BayesianNeuralNet regression(double[][] x, double[] y, int hidden) {
        return new BayesianNeuralNet(Likelihood.GAUSSIAN, x, y, hidden);
    }

    /** Binary classification (labels 0/1, Bernoulli likelihood of σ(f(x))). */
    public static BayesianNeuralNet classification(double[][] x, int[] y, int hidden) {
        double[] ys = new double[y.length];
        for (int i = 0; i < y.length; i++) ys[i] = y[i];
        return new BayesianNeuralNet(Likelihood.BERNOULLI, x, ys, hidden);
    }

    public Likelihood likelihood() {
        return likelihood;
    }

    /** K, the number of network weights (W1, b1, w2, b2). */
    public int weights() {
        return d * hidden + 2 * hidden + 1;
    }

    @Override
    public int dim() {
        return weights() + (likelihood == Likelihood.GAUSSIAN ? 2 : 1);
    }

    /** The network output f(x) for every row, as an autodiff value of shape [rows, 1]. */
    private Variable forward(Variable theta, Variable in) {
        int w1 = d * hidden;
        Variable h = in.matmul(theta.slice(0, 0, w1).reshape(d, hidden)).add(theta.slice(0, w1, w1 + hidden)).relu();
        Variable w2 = theta.slice(0, w1 + hidden, w1 + 2 * hidden).reshape(hidden, 1);
        return h.matmul(w2).add(theta.slice(0, w1 + 2 * hidden, w1 + 2 * hidden + 1));
    }

    /** log p(θ | D) up to a constant, as an autodiff scalar. */
    private Variable logPosterior(Variable theta) {
        int k = weights(), dim = dim();
        Variable f = forward(theta, Variable.constant(x));
        Variable yc = Variable.constant(y);
        Variable logLik;
        Variable hyper = Variable.scalar(0);
        if (likelihood == Likelihood.GAUSSIAN) {
            Variable logGamma = theta.slice(0, dim - 2, dim - 1).sum();
            logLik = logGamma.sub(LOG_2PI).mul(0.5 * n).sub(logGamma.exp().mul(f.sub(yc).square().sum()).mul(0.5));
            hyper = gammaHyperprior(logGamma);
        } else {
            logLik = yc.mul(f).sub(f.softplus()).sum();
        }
        Variable logLambda = theta.slice(0, dim - 1, dim).sum();
        Variable prior = logLambda.rsub(LOG_2PI).mul(-0.5 * k).sub(logLambda.exp().mul(theta.slice(0, 0, k).square().sum()).mul(0.5));
        return logLik.add(prior).add(gammaHyperprior(logLambda)).add(hyper);
    }

    /** log Gamma(e^u | a0, b0) + u (the density of u = log of the precision). */
    private static Variable gammaHyperprior(Variable u) {
        return u.mul(A0 - 1).sub(u.exp().mul(B0)).add(u);
    }

    private void checkParticle(double[] theta) {
        if (theta.length != dim()) throw new IllegalArgumentException("BayesianNeuralNet: particle of dimension " + theta.length + ", expected " + dim());
    }

    @Override
    public double logDensity(double[] theta) {
        checkParticle(theta);
        return logPosterior(Variable.constant(Tensor.of(theta.clone(), theta.length))).item();
    }

    @Override
    public double[] score(double[] theta) {
        checkParticle(theta);
        return Autodiff.grad(this::logPosterior, Tensor.of(theta.clone(), theta.length)).toDoubleArray();
    }

    /**
     * Particles drawn as the reference code initializes them: {@code W1 ~ N(0, 1/(d+1))}, {@code w2 ~
     * N(0, 1/(h+1))}, zero biases, {@code λ ~ Gamma(a0, scale b0)} (numpy's {@code gamma(a0, b0)}),
     * and for regression {@code log γ = −log mean (f(x) − y)²} over (up to 1,000 of) the training rows.
     * Deterministic per {@code rng}: particle i uses {@code rng.split(i)}.
     */
    public double[][] initialParticles(int m, Rng rng) {
        if (m < 1) throw new IllegalArgumentException("BayesianNeuralNet.initialParticles: need at least 1 particle, got " + m);
        double[][] out = new double[m][];
        int w1 = d * hidden, dim = dim();
        for (int i = 0; i < m; i++) {
            Rng r = rng.split(i);
            double[] t = new double[dim];
            double[] a = r.split("w1").normal(DType.FLOAT64, 0, 1 / Math.sqrt(d + 1), w1).toDoubleArray();
            double[] b = r.split("w2").normal(DType.FLOAT64, 0, 1 / Math.sqrt(hidden + 1), hidden).toDoubleArray();
            System.arraycopy(a, 0, t, 0, w1);
            System.arraycopy(b, 0, t, w1 + hidden, hidden);
            t[dim - 1] = Math.log(gammaShapeOneScale(r.split("lambda"), B0));
            if (likelihood == Likelihood.GAUSSIAN) {
                double[] f = outputs(t, x);
                int rows = Math.min(n, 1000);
                double mse = 0;
                double[] ys = y.toDoubleArray();
                for (int j = 0; j < rows; j++) mse += (f[j] - ys[j]) * (f[j] - ys[j]);
                t[dim - 2] = -Math.log(mse / rows);
            }
            out[i] = t;
        }
        return out;
    }

    /** A Gamma(1, scale) draw (A0 = 1: exponential). */
    private static double gammaShapeOneScale(Rng r, double scale) {
        return -scale * Math.log1p(-r.nextDouble());
    }

    private double[] outputs(double[] theta, Tensor in) {
        return forward(Variable.constant(Tensor.of(theta.clone(), theta.length)), Variable.constant(in)).value().toDoubleArray();
    }

    /** One particle's network outputs f(x) (regression: the mean; classification: the logit). */
    public double[] predict(double[] theta, double[][] xs) {
        checkParticle(theta);
        return outputs(theta, matrix(xs, d, "test"));
    }

    /** The ensemble's regression prediction: the mean of the members' outputs. */
    public double[] predictiveMean(double[][] particles, double[][] xs) {
        double[] mean = new double[xs.length];
        for (double[] p : particles) {
            double[] f = predict(p, xs);
            for (int i = 0; i < f.length; i++) mean[i] += f[i] / particles.length;
        }
        return mean;
    }

    /** The ensemble's {@code p(y = 1 | x)}: the mean of the members' σ(f(x)) (classification only). */
    public double[] predictiveProbabilities(double[][] particles, double[][] xs) {
        requireBernoulli("predictiveProbabilities");
        double[] p = new double[xs.length];
        for (double[] t : particles) {
            double[] f = predict(t, xs);
            for (int i = 0; i < f.length; i++) p[i] += 1 / (1 + Math.exp(-f[i])) / particles.length;
        }
        return p;
    }

    /** {@code (1/N) Σ_i log((1/m) Σ_k p(y_i | x_i, θ_k))} on held-out data, computed stably in log space. */
    public double predictiveLogLikelihood(double[][] particles, double[][] xs, double[] ys) {
        if (xs.length != ys.length || xs.length == 0) throw new IllegalArgumentException("BayesianNeuralNet.predictiveLogLikelihood: " + xs.length + " rows and " + ys.length + " targets");
        if (likelihood == Likelihood.BERNOULLI) checkLabels(ys);
        double[][] logp = new double[particles.length][];
        for (int k = 0; k < particles.length; k++) {
            double[] f = predict(particles[k], xs);
            double logGamma = likelihood == Likelihood.GAUSSIAN ? particles[k][dim() - 2] : 0;
            logp[k] = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                logp[k][i] = likelihood == Likelihood.GAUSSIAN
                        ? 0.5 * (logGamma - LOG_2PI) - 0.5 * Math.exp(logGamma) * (f[i] - ys[i]) * (f[i] - ys[i])
                        : logSigmoid(ys[i] == 1 ? f[i] : -f[i]);
            }
        }
        double total = 0;
        for (int i = 0; i < xs.length; i++) {
            double m = Double.NEGATIVE_INFINITY;
            for (double[] l : logp) m = Math.max(m, l[i]);
            double s = 0;
            for (double[] l : logp) s += Math.exp(l[i] - m);
            total += m + Math.log(s / particles.length);
        }
        return total / xs.length;
    }

    /** Root mean squared error of {@link #predictiveMean} (regression). */
    public double rmse(double[][] particles, double[][] xs, double[] ys) {
        double[] m = predictiveMean(particles, xs);
        double s = 0;
        for (int i = 0; i < m.length; i++) s += (m[i] - ys[i]) * (m[i] - ys[i]);
        return Math.sqrt(s / m.length);
    }

    /** Share of held-out labels matched by {@code predictiveProbabilities ≥ 0.5} (classification). */
    public double accuracy(double[][] particles, double[][] xs, double[] ys) {
        double[] p = predictiveProbabilities(particles, xs);
        int right = 0;
        for (int i = 0; i < p.length; i++) if ((p[i] >= 0.5 ? 1 : 0) == ys[i]) right++;
        return (double) right / p.length;
    }

    private static double logSigmoid(double z) {
        return z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
    }

    private void requireBernoulli(String op) {
        if (likelihood != Likelihood.BERNOULLI) throw new IllegalStateException("BayesianNeuralNet." + op + ": only for classification, this net is " + likelihood);
    }

    private static void checkLabels(double[] ys) {
        for (int i = 0; i < ys.length; i++) {
            if (ys[i] != 0 && ys[i] != 1) throw new IllegalArgumentException("BayesianNeuralNet: labels must be 0 or 1, got " + ys[i] + " at row " + i);
        }
    }

    private static Tensor matrix(double[][] rows, int d, String what) {
        double[] flat = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) throw new IllegalArgumentException("BayesianNeuralNet: " + what + " row " + i + " has " + rows[i].length + " features, expected " + d);
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return Tensor.of(flat, rows.length, d);
    }
}
