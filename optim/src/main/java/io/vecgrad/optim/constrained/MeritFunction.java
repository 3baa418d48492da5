package io.vecgrad.optim.constrained;

/**
 * The exact augmented Lagrangian merit function of P36 (Hong, Na, Mahoney and Kolar, ICML 2023):
 *
 * <pre>
 * L_η(x, λ) = f(x) + λᵀc(x) + (η1/2)‖c(x)‖² + (η2/2)‖∇_x L(x, λ)‖²
 * ∇_x L_η = ∇_x L + η1·Gᵀc + η2·∇²_xx L·∇_x L,     ∇_λ L_η = c + η2·G·∇_x L
 * </pre>
 *
 * The gradient uses the Hessian of the Lagrangian as in the paper (the reference code's
 * {@code nabAugL_k} uses the objective's Hessian ∇²f in the η2 term; the two differ when the
 * constraints are nonlinear, and only the paper's form is the gradient of L_η).
 *
 * <pre>{@code
 * double v = MeritFunction.value(problem, x, lambda, 1.0, 0.1);
 * }</pre>
 */
public final class MeritFunction {
    private MeritFunction() {}

    /** L_η(x, λ); evaluates f, ∇f, c and G once. */
    public static double value(EqualityProblem p, double[] x, double[] lambda, double eta1, double eta2) {
        double f = p.f(x);
        double[] c = p.constraints(x);
        double[] gl = lagrangianGradient(p.gradient(x), p.jacobian(x), lambda, p.n(), p.m());
        return value(f, c, gl, lambda, eta1, eta2);
    }

    static double value(double f, double[] c, double[] gl, double[] lambda, double eta1, double eta2) {
        return f + dot(c, lambda) + 0.5 * eta1 * dot(c, c) + 0.5 * eta2 * dot(gl, gl);
    }

    /** (∇_x L_η, ∇_λ L_η) stacked, length n + m. */
    public static double[] gradient(EqualityProblem p, double[] x, double[] lambda, double eta1, double eta2) {
        int n = p.n(), m = p.m();
        double[] g = p.jacobian(x);
        double[] c = p.constraints(x);
        double[] gl = lagrangianGradient(p.gradient(x), g, lambda, n, m);
        return gradient(gl, c, g, p.hessianOfLagrangian(x, lambda), n, m, eta1, eta2);
    }

    static double[] gradient(double[] gl, double[] c, double[] g, double[] h, int n, int m, double eta1, double eta2) {
        double[] out = new double[n + m];
        for (int j = 0; j < n; j++) {
            double s = gl[j];
            for (int i = 0; i < m; i++) s += eta1 * g[i * n + j] * c[i];
            double hs = 0;
            for (int k = 0; k < n; k++) hs += h[j * n + k] * gl[k];
            out[j] = s + eta2 * hs;
        }
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) s += g[i * n + j] * gl[j];
            out[n + i] = c[i] + eta2 * s;
        }
        return out;
    }

    /** ∇f + Gᵀλ. */
    static double[] lagrangianGradient(double[] gf, double[] g, double[] lambda, int n, int m) {
        double[] out = gf.clone();
        for (int i = 0; i < m; i++) {
            double li = lambda[i];
            if (li != 0) for (int j = 0; j < n; j++) out[j] += g[i * n + j] * li;
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
