package io.vecgrad.optim.zeroth;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * The Nelder–Mead downhill simplex, step for step as SciPy's {@code scipy.optimize.minimize(method=
 * 'Nelder-Mead')} ({@code _minimize_neldermead}, SciPy 1.10): the initial simplex perturbs each
 * coordinate of x0 by 5 % (0.00025 when it is zero); reflection ρ = 1, expansion χ = 2,
 * contraction ψ = 0.5, shrink σ = 0.5 (or the dimension-adapted values of Gao and Han with
 * {@code adaptive}); outside contraction when the reflected value beats the worst, inside
 * otherwise; the simplex is re-sorted (stably) after every iteration; it stops when both
 * {@code max|x_i − x_0| ≤ xatol} and {@code max|f_i − f_0| ≤ fatol} (defaults 1e-4), or after
 * {@code maxiter} iterations or {@code maxfev} evaluations (both 200·d by default). A committed golden
 * file made with SciPy checks the iterates.
 *
 * <pre>{@code
 * ZerothOrderResult r = NelderMead.minimize(TestFunctions::rosenbrock, new double[] {-1.2, 1});
 * // r.x() ≈ (1, 1)
 * }</pre>
 */
public final class NelderMead {
    /**
     * Options, SciPy names.
     *
     * @param xatol absolute simplex-size tolerance
     * @param fatol absolute value-spread tolerance
     * @param maxiter iteration cap (≤ 0: 200·d)
     * @param maxfev evaluation cap (≤ 0: 200·d)
     * @param adaptive Gao–Han dimension-adapted coefficients
     */
    public record Options(double xatol, double fatol, int maxiter, int maxfev, boolean adaptive) {
        /** SciPy's defaults. */
        public static Options defaults() {
            return new Options(1e-4, 1e-4, 0, 0, false);
        }

        public Options withMaxiter(int v) {
            return new Options(xatol, fatol, v, maxfev, adaptive);
        }

        public Options withMaxfev(int v) {
            return new Options(xatol, fatol, maxiter, v, adaptive);
        }

        public Options withTolerances(double xtol, double ftol) {
            return new Options(xtol, ftol, maxiter, maxfev, adaptive);
        }

        public Options withAdaptive(boolean v) {
            return new Options(xatol, fatol, maxiter, maxfev, v);
        }
    }

    private NelderMead() {}

    /** Minimizes {@code f} from {@code x0} with SciPy's defaults. */
    public static ZerothOrderResult minimize(ToDoubleFunction<double[]> f, double[] x0) {
        return minimize(f, x0, Options.defaults(), null);
    }

    /** Minimizes {@code f} from {@code x0}; {@code callback} (may be null) receives a copy of the best vertex after each iteration, as SciPy's. */
    public static ZerothOrderResult minimize(ToDoubleFunction<double[]> f, double[] x0, Options o, Consumer<double[]> callback) {
        int n = x0.length;
        if (n == 0) throw new IllegalArgumentException("NelderMead.minimize: x0 is empty");
        double rho = 1, chi = 2, psi = 0.5, sigma = 0.5;
        if (o.adaptive()) {
            chi = 1 + 2.0 / n;
            psi = 0.75 - 1.0 / (2.0 * n);
            sigma = 1 - 1.0 / n;
        }
        int maxiter = o.maxiter() > 0 ? o.maxiter() : 200 * n, maxfev = o.maxfev() > 0 ? o.maxfev() : 200 * n;
        Counted fc = new Counted(f, maxfev);
        double[][] sim = new double[n + 1][];
        sim[0] = x0.clone();
        for (int k = 0; k < n; k++) {
            double[] y = x0.clone();
            y[k] = y[k] != 0 ? (1 + 0.05) * y[k] : 0.00025;
            sim[k + 1] = y;
        }
        double[] fsim = new double[n + 1];
        java.util.Arrays.fill(fsim, Double.POSITIVE_INFINITY);
        for (int k = 0; k <= n && fc.left(); k++) fsim[k] = fc.apply(sim[k]);
        sort(sim, fsim);
        List<Double> history = new ArrayList<>();
        int iterations = 1;
        String reason = "maxiter (" + maxiter + ") reached";
        while (true) {
            if (fc.count >= maxfev) {
                reason = "maxfev (" + maxfev + ") reached";
                break;
            }
            if (iterations >= maxiter) break;
            if (converged(sim, fsim, o)) {
                reason = "xatol and fatol reached";
                if (callback != null) callback.accept(sim[0].clone()); // SciPy's loop calls back once more on this break
                break;
            }
            iterate(fc, sim, fsim, n, rho, chi, psi, sigma);
            iterations++;
            sort(sim, fsim);
            history.add(fsim[0]);
            if (callback != null) callback.accept(sim[0].clone());
        }
        double[] h = new double[history.size()];
        for (int i = 0; i < h.length; i++) h[i] = history.get(i);
        return new ZerothOrderResult(sim[0], fsim[0], fc.count, iterations, reason, h);
    }

    private static boolean converged(double[][] sim, double[] fsim, Options o) {
        double dx = 0, df = 0;
        for (int k = 1; k < sim.length; k++) {
            for (int j = 0; j < sim[0].length; j++) dx = Math.max(dx, Math.abs(sim[k][j] - sim[0][j]));
            df = Math.max(df, Math.abs(fsim[0] - fsim[k]));
        }
        return dx <= o.xatol() && df <= o.fatol();
    }

    private static void iterate(Counted f, double[][] sim, double[] fsim, int n, double rho, double chi, double psi, double sigma) {
        double[] xbar = new double[n];
        for (int k = 0; k < n; k++) for (int j = 0; j < n; j++) xbar[j] += sim[k][j];
        for (int j = 0; j < n; j++) xbar[j] /= n;
        double[] worst = sim[n];
        double[] xr = combine(1 + rho, xbar, -rho, worst);
        double fxr = f.apply(xr);
        if (Double.isNaN(fxr)) fxr = Double.POSITIVE_INFINITY; // guarded: a NaN never wins a comparison, as in numpy
        if (fxr < fsim[0]) {
            double[] xe = combine(1 + rho * chi, xbar, -rho * chi, worst);
            double fxe = f.left() ? f.apply(xe) : Double.POSITIVE_INFINITY;
            if (fxe < fxr) {
                sim[n] = xe;
                fsim[n] = fxe;
            } else {
                sim[n] = xr;
                fsim[n] = fxr;
            }
            return;
        }
        if (fxr < fsim[n - 1]) {
            sim[n] = xr;
            fsim[n] = fxr;
            return;
        }
        boolean shrink;
        if (fxr < fsim[n]) {
            double[] xc = combine(1 + psi * rho, xbar, -psi * rho, worst);
            double fxc = f.left() ? f.apply(xc) : Double.POSITIVE_INFINITY;
            shrink = !(fxc <= fxr);
            if (!shrink) {
                sim[n] = xc;
                fsim[n] = fxc;
            }
        } else {
            double[] xcc = combine(1 - psi, xbar, psi, worst);
            double fxcc = f.left() ? f.apply(xcc) : Double.POSITIVE_INFINITY;
            shrink = !(fxcc < fsim[n]);
            if (!shrink) {
                sim[n] = xcc;
                fsim[n] = fxcc;
            }
        }
        if (shrink) {
            for (int k = 1; k <= n && f.left(); k++) {
                double[] s = new double[n];
                for (int j = 0; j < n; j++) s[j] = sim[0][j] + sigma * (sim[k][j] - sim[0][j]);
                sim[k] = s;
                fsim[k] = f.apply(s);
            }
        }
    }

    private static double[] combine(double a, double[] x, double b, double[] y) {
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) out[j] = a * x[j] + b * y[j];
        return out;
    }

    /** Stable sort of the vertices by value (NaN last). */
    private static void sort(double[][] sim, double[] fsim) {
        Integer[] idx = new Integer[fsim.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        java.util.Arrays.sort(idx, (a, b) -> Double.compare(fsim[a], fsim[b]));
        double[][] s2 = new double[sim.length][];
        double[] f2 = new double[fsim.length];
        for (int i = 0; i < idx.length; i++) {
            s2[i] = sim[idx[i]];
            f2[i] = fsim[idx[i]];
        }
        System.arraycopy(s2, 0, sim, 0, sim.length);
        System.arraycopy(f2, 0, fsim, 0, fsim.length);
    }

    private static final class Counted {
        final ToDoubleFunction<double[]> f;
        final int max;
        int count;

        Counted(ToDoubleFunction<double[]> f, int max) {
            this.f = f;
            this.max = max;
        }

        boolean left() {
            return count < max;
        }

        double apply(double[] x) {
            count++;
            return f.applyAsDouble(x.clone());
        }
    }
}
