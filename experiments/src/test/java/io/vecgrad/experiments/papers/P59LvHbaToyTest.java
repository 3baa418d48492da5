package io.vecgrad.experiments.papers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The experiment runs the library's {@code LvHba} with {@code Config.toyCode()}; this test checks
 * it against an independent line-by-line transcription of the authors' script
 * ({@code Toy-example/LLC/LV-HBA.py}) on double arrays, so the library and the script take the
 * same steps.
 */
class P59LvHbaToyTest {

    /** The script's hyper-parameters. */
    record Config(double alpha, double beta, double eta, double gamma1, double gamma2, double u, double c0, double power,
                  double lambda0, double z0) {
        static Config code() {
            return new Config(0.008, 0.02, 0.01, 10, 10, 1000, 0.025, 0.3, 1, -1);
        }
    }

    @Test
    void libraryLvHbaTakesTheScriptsSteps() {
        for (int n : new int[] {1, 5, 10}) {
            int iterations = 300;
            double[] expected = script(n, iterations, Config.code());
            P59LvHbaToy.Run run = P59LvHbaToy.run(n, iterations);
            for (int k = 0; k < iterations; k++) {
                assertEquals(expected[k], run.curve()[k], 1e-9 * Math.max(1, Math.abs(expected[k])), "n = " + n + ", step " + (k + 1));
            }
            assertTrue(run.violation() < 1e-9, "feasible after the projection: " + run.violation());
        }
    }

    @Test
    void theNegativeMultiplierNeedsTheCodesFloor() {
        // the toy's multiplier is −1: with λ clipped at −u it goes negative, as in the script
        P59LvHbaToy.Run run = P59LvHbaToy.run(1, 1500);
        assertTrue(run.lambda() < 0, "lambda = " + run.lambda());
    }

    /** The script's {@code fun(iterations)}, line by line on double arrays; returns the x error curve. */
    static double[] script(int n, int iterations, Config c) {
        double[] x = new double[n], y = new double[2 * n], th = new double[2 * n];
        Arrays.fill(x, 10);
        Arrays.fill(y, 10);
        Arrays.fill(th, 1);
        double sx = sum(x), sy = sum(y);
        for (int i = 0; i < n; i++) x[i] -= (sx + sy) / n;            // proj1(x, sum(y))
        sx = sum(x);
        double shiftY = (sum(y) + sx) / (2 * n);
        for (int i = 0; i < 2 * n; i++) y[i] -= shiftY;                // proj1(y, sum(x))
        double shiftT = (sum(th) + sx) / (2 * n);
        for (int i = 0; i < 2 * n; i++) th[i] -= shiftT;               // proj1(theta, sum(x))
        double lambda = c.lambda0(), z = c.z0();
        double[] curve = new double[iterations];
        double xOptNorm = 0.3 * Math.sqrt(n);
        double[] d1 = new double[n], d2 = new double[2 * n], w = new double[3 * n];
        for (int k = 0; k < iterations; k++) {
            double ck = c.c0() * Math.pow(k + 1, c.power());
            // d4_0 = f_y(x, θ) + λ g_y + (θ − y)/γ1; d4_1 = −g(x, θ) + (λ − z)/γ2 (old θ, old λ)
            double gTheta = sum(x) + sum(th);
            double d41 = -gTheta + (lambda - z) / c.gamma2();
            for (int i = 0; i < 2 * n; i++) {
                double fy = i < n ? th[i] - x[i] : 1;
                th[i] -= c.eta() * (fy + lambda + (th[i] - y[i]) / c.gamma1());
            }
            lambda = clip(lambda - c.eta() * d41, c.u());
            // d1 = F_x/ck + f_x(x, y) − f_x(x, θ) − λ g_x; d2 = F_y/ck + f_y(x, y) − (y − θ)/γ1
            for (int i = 0; i < n; i++) d1[i] = (x[i] - y[n + i]) / ck - y[i] + th[i] - lambda;
            for (int i = 0; i < n; i++) d2[i] = (y[i] - 1) / ck + (y[i] - x[i]) - (y[i] - th[i]) / c.gamma1();
            for (int i = 0; i < n; i++) d2[n + i] = -(x[i] - y[n + i]) / ck + 1 - (y[n + i] - th[n + i]) / c.gamma1();
            for (int i = 0; i < n; i++) w[i] = x[i] - c.alpha() * d1[i];
            for (int i = 0; i < 2 * n; i++) w[n + i] = y[i] - c.alpha() * d2[i];
            double mean = sum(w) / w.length;
            for (int i = 0; i < w.length; i++) w[i] -= mean;              // w − sum(w)/len(w)
            double s = sum(w);
            for (int i = 0; i < w.length; i++) w[i] -= s;                 // w − (e3ᵀw) e3
            System.arraycopy(w, 0, x, 0, n);
            System.arraycopy(w, n, y, 0, 2 * n);
            z = clip(z + c.beta() * (lambda - z) / c.gamma2(), c.u());     // z − β d3, d3 = −(λ − z)/γ2
            double err = 0;
            for (int i = 0; i < n; i++) err += (x[i] + 0.3) * (x[i] + 0.3);
            curve[k] = Math.sqrt(err) / xOptNorm;
        }
        return curve;
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) s += v;
        return s;
    }

    private static double clip(double v, double u) {
        return v < -u ? -u : Math.min(v, u);
    }

}
