package io.vecgrad.optim.particles;

import java.util.Arrays;

/**
 * The RBF kernel of the SVGD reference code (Liu and Wang, github.com/DartML/Stein-Variational-
 * Gradient-Descent, {@code svgd.py}): {@code k(x, y) = exp(−‖x − y‖² / (2h²))} with the median
 * heuristic {@code h² = ½ · median(‖x_i − x_j‖²) / log(n + 1)}, the median taken over all n² entries
 * of the squared-distance matrix (diagonal zeros included, as {@code np.median(squareform(pdist)**2)}).
 * Written with the bandwidth {@code bw = 2h²}: {@code k = exp(−‖x − y‖² / bw)}.
 *
 * <pre>{@code
 * double bw = RbfKernel.medianBandwidth(particles);      // 2h²
 * double k = RbfKernel.value(particles[0], particles[1], bw);
 * }</pre>
 */
public final class RbfKernel {
    private RbfKernel() {}

    /** The n×n matrix of squared Euclidean distances. */
    public static double[][] squaredDistances(double[][] x) {
        int n = x.length;
        double[][] d2 = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                for (int k = 0; k < x[i].length; k++) {
                    double t = x[i][k] - x[j][k];
                    s += t * t;
                }
                d2[i][j] = s;
                d2[j][i] = s;
            }
        }
        return d2;
    }

    /** {@code 2h² = median(d²) / log(n + 1)} of the reference code; 1 when every particle coincides (median 0). */
    public static double medianBandwidth(double[][] x) {
        return medianBandwidthOfDistances(squaredDistances(x));
    }

    /** The median-heuristic bandwidth from a squared-distance matrix. */
    public static double medianBandwidthOfDistances(double[][] d2) {
        int n = d2.length;
        if (n == 0) throw new IllegalArgumentException("RbfKernel.medianBandwidth: no particles");
        double[] all = new double[n * n];
        for (int i = 0; i < n; i++) System.arraycopy(d2[i], 0, all, i * n, n);
        Arrays.sort(all);
        int m = all.length;
        double med = m % 2 == 1 ? all[m / 2] : 0.5 * (all[m / 2 - 1] + all[m / 2]);
        double bw = med / Math.log(n + 1);
        return bw > 0 ? bw : 1.0;
    }

    /** {@code exp(−‖x − y‖² / bw)}. */
    public static double value(double[] x, double[] y, double bw) {
        double s = 0;
        for (int k = 0; k < x.length; k++) {
            double t = x[k] - y[k];
            s += t * t;
        }
        return Math.exp(-s / bw);
    }
}
