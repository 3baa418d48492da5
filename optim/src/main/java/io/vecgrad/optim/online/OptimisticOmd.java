package io.vecgrad.optim.online;

/**
 * P44 optimistic online mirror descent (Chen, Zhang, Tu, Zhao and Zhang, ICML 2023; the standard
 * optimistic OMD of Rakhlin and Sridharan 2013, which the spec marks [reconstructed: standard]).
 * Each round, with hint M_t and step η_t from the {@link StepRule}:
 *
 * <pre>
 * Euclidean:  x_t = Π_X(x̂_t − η_t M_t)          play x_t, observe g_t = ∇f_t(x_t)
 *             x̂_{t+1} = Π_X(x̂_t − η_t g_t)
 * entropic:   x_t ∝ x̂_t ⊙ exp(−η_t M_t),  x̂_{t+1} ∝ x̂_t ⊙ exp(−η_t g_t)      (X the simplex)
 * </pre>
 *
 * The running sum {@code Σ_{s<t} ‖g_s − M_s‖²} (ℓ2 for the Euclidean, ℓ∞ for the entropic variant)
 * feeds {@link StepRule#adaptive}. With {@link Hint#zero()} the Euclidean learner is exactly
 * online gradient descent ({@link OnlineGradientDescent}) and the entropic one Hedge. The
 * entropic learner keeps log-weights, so it stays on the simplex for any step.
 *
 * <pre>{@code
 * OnlineLearner oomd = OptimisticOmd.euclidean(Domain.ball(5, 1), StepRule.adaptive(2, 1e-8), Hint.lastGradient());
 * OnlineLearner hedge = OptimisticOmd.entropic(5, StepRule.adaptive(Math.sqrt(Math.log(5)), 1e-8), Hint.lastGradient());
 * }</pre>
 */
public final class OptimisticOmd implements OnlineLearner {
    private final Domain domain;
    private final boolean entropic;
    private final StepRule step;
    private final Hint hint;
    private final String name;
    private double[] base;          // x̂_t, or the log-weights of x̂_t for the entropic variant
    private double[] previous;      // g_{t−1}
    private double[] played, m;
    private double eta, sumSq;
    private int t = 1;

    private OptimisticOmd(Domain domain, boolean entropic, StepRule step, Hint hint, String name) {
        this.domain = domain;
        this.entropic = entropic;
        this.step = step;
        this.hint = hint;
        this.name = name;
        this.base = entropic ? new double[domain.dim()] : domain.center();
        this.previous = new double[domain.dim()];
    }

    /** Euclidean optimistic OMD on {@code domain}, starting at its centre. */
    public static OptimisticOmd euclidean(Domain domain, StepRule step, Hint hint) {
        return new OptimisticOmd(domain, false, step, hint, "oomd");
    }

    /** Entropic optimistic OMD (optimistic Hedge) on the d-simplex, starting uniform. */
    public static OptimisticOmd entropic(int d, StepRule step, Hint hint) {
        return new OptimisticOmd(Domain.simplex(d), true, step, hint, "oomd-entropic");
    }

    /** The same learner under another name (for tables). */
    public OptimisticOmd named(String newName) {
        return new OptimisticOmd(domain, entropic, step, hint, newName);
    }

    @Override
    public double[] play() {
        if (played == null) {
            m = hint.predict(t, previous);
            eta = step.eta(t, sumSq);
            played = entropic ? softmax(base, -eta, m) : domain.project(axpy(base, -eta, m));
        }
        return played.clone();
    }

    @Override
    public void observe(double[] g) {
        if (g.length != domain.dim()) throw new IllegalArgumentException(name + ": gradient has length " + g.length + ", the domain " + domain.dim());
        play();
        if (entropic) {
            base = axpy(base, -eta, g);
            double max = Double.NEGATIVE_INFINITY;
            for (double v : base) max = Math.max(max, v);
            for (int i = 0; i < base.length; i++) base[i] -= max;   // keep the log-weights bounded
        } else {
            base = domain.project(axpy(base, -eta, g));
        }
        double err = 0;
        for (int i = 0; i < g.length; i++) {
            double e = g[i] - m[i];
            err = entropic ? Math.max(err, e * e) : err + e * e;
        }
        sumSq += err;
        previous = g.clone();
        played = null;
        t++;
    }

    /** x̂_t, the base iterate of the current round (a new array; for the entropic variant the normalized weights). */
    public double[] basePoint() {
        return entropic ? softmax(base, 0, base) : base.clone();
    }

    /** The step of the current round (after {@link #play}). */
    public double currentStep() {
        play();
        return eta;
    }

    @Override
    public String name() {
        return name;
    }

    private static double[] axpy(double[] x, double a, double[] y) {
        double[] out = x.clone();
        for (int i = 0; i < out.length; i++) out[i] += a * y[i];
        return out;
    }

    /** softmax(logw + a·y), computed stably. */
    private static double[] softmax(double[] logw, double a, double[] y) {
        double[] z = axpy(logw, a, y);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) max = Math.max(max, v);
        double s = 0;
        for (int i = 0; i < z.length; i++) {
            z[i] = Math.exp(z[i] - max);
            s += z[i];
        }
        for (int i = 0; i < z.length; i++) z[i] /= s;
        return z;
    }
}
