package io.vecgrad.train.boosting;

/**
 * The losses GBNN boosts, on raw predictions {@code F} and targets {@code Y} stored row-major
 * as {@code [N, K]} double arrays: each gives the initial constant model, the pseudo-residuals
 * {@code r = −∂ℓ/∂F} and the Newton step length for a new learner's predictions {@code h}.
 * Follows {@code gbnn/GBNN.py} of GAA-UAM/GBNN ({@code squared_loss}, {@code multi_class_loss}).
 */
public enum BoostingLoss {
    /**
     * {@code ℓ = ½ Σ_k (y − F)²} (K regression targets): F₀ = the column means, r = y − F, step 1
     * (or the exact line search {@code Σ r h / Σ h²} when asked).
     */
    SQUARED {
        @Override
        double[] initial(double[] y, int n, int k) {
            return columnMeans(y, n, k);
        }

        @Override
        double[] residuals(double[] y, double[] f, int n, int k) {
            double[] r = new double[y.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = y[i] - f[i];
            }
            return r;
        }

        @Override
        double step(double[] y, double[] r, double[] h, boolean lineSearch) {
            return lineSearch ? dot(r, h) / dot(h, h) : 1;
        }

        @Override
        double value(double[] y, double[] f, int n, int k) {
            double s = 0;
            for (int i = 0; i < y.length; i++) {
                s += 0.5 * (y[i] - f[i]) * (y[i] - f[i]);
            }
            return s / n;
        }
    },
    /**
     * Binary log-exponential loss {@code ℓ = log(1 + exp(−2yF))}, y ∈ {−1, 1} (labels 0 ↦ −1,
     * 1 ↦ 1; one output): F₀ = {@code ½ log((1 + ȳ)/(1 − ȳ))}, {@code r = 2y / (1 + exp(2yF))},
     * step {@code Σ r h / Σ r h² (2y − r)} (the code's {@code log_exponential_loss}).
     */
    BINARY_LOGISTIC {
        @Override
        double[] initial(double[] y, int n, int k) {
            double mean = columnMeans(y, n, k)[0];
            return new double[] {0.5 * Math.log((1 + mean) / (1 - mean))};
        }

        @Override
        double[] residuals(double[] y, double[] f, int n, int k) {
            double[] r = new double[y.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = 2 * y[i] / (1 + Math.exp(2 * y[i] * f[i]));
            }
            return r;
        }

        @Override
        double step(double[] y, double[] r, double[] h, boolean lineSearch) {
            double num = 0;
            double den = 0;
            for (int i = 0; i < y.length; i++) {
                num += r[i] * h[i];
                den += r[i] * h[i] * h[i] * (2 * y[i] - r[i]);
            }
            return num / den;
        }

        @Override
        double value(double[] y, double[] f, int n, int k) {
            double s = 0;
            for (int i = 0; i < y.length; i++) {
                double m = -2 * y[i] * f[i];
                s += m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
            }
            return s / n;
        }
    },
    /**
     * Softmax cross-entropy over K classes with one-hot Y: F₀ = 0, {@code r = Y − softmax(F)},
     * step {@code −Σ h (Y − p) / Σ h² p (p − 1)} with {@code p = Y − r} (one Newton step on the
     * diagonal of the Hessian, as the authors' code takes it).
     */
    SOFTMAX {
        @Override
        double[] initial(double[] y, int n, int k) {
            return new double[k];
        }

        @Override
        double[] residuals(double[] y, double[] f, int n, int k) {
            double[] r = new double[y.length];
            for (int i = 0; i < n; i++) {
                double lse = logSumExp(f, i * k, k);
                for (int j = i * k; j < (i + 1) * k; j++) {
                    r[j] = y[j] - Math.exp(f[j] - lse);
                }
            }
            return r;
        }

        @Override
        double step(double[] y, double[] r, double[] h, boolean lineSearch) {
            double num = 0;
            double den = 0;
            for (int i = 0; i < y.length; i++) {
                double p = y[i] - r[i];
                num += h[i] * (y[i] - p);
                den += h[i] * h[i] * p * (p - 1);
            }
            return -num / den;
        }

        @Override
        double value(double[] y, double[] f, int n, int k) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                double lse = logSumExp(f, i * k, k);
                for (int j = i * k; j < (i + 1) * k; j++) {
                    s -= y[j] * (f[j] - lse);
                }
            }
            return s / n;
        }
    };

    /** The constant model F₀, one value per output. */
    abstract double[] initial(double[] y, int n, int k);

    /** Pseudo-residuals {@code −∂ℓ/∂F} at F. */
    abstract double[] residuals(double[] y, double[] f, int n, int k);

    /** The step length ρ (before shrinkage) for the new learner's predictions h. */
    abstract double step(double[] y, double[] r, double[] h, boolean lineSearch);

    /** The mean loss over the N examples. */
    abstract double value(double[] y, double[] f, int n, int k);

    static double[] columnMeans(double[] y, int n, int k) {
        double[] m = new double[k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                m[j] += y[i * k + j];
            }
        }
        for (int j = 0; j < k; j++) {
            m[j] /= n;
        }
        return m;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double logSumExp(double[] f, int o, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = o; j < o + k; j++) {
            max = Math.max(max, f[j]);
        }
        double s = 0;
        for (int j = o; j < o + k; j++) {
            s += Math.exp(f[j] - max);
        }
        return max + Math.log(s);
    }
}
