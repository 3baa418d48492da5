package io.vecgrad.tensor.linalg.iterative;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.random.Rng;

/**
 * Stochastic Lanczos quadrature (Golub &amp; Meurant; Ubaru, Chen &amp; Saad 2017; the spectral
 * density of PyHessian, Yao et al. 2020): for each of several Rademacher probes v, k Lanczos
 * steps from v/‖v‖ (full reorthogonalisation) give Gauss quadrature nodes θᵢ (the Ritz values)
 * and weights τᵢ² (squared first components of T's eigenvectors). Averaged over probes,
 * {@code Σ wᵢ f(θᵢ)} estimates {@code tr f(A) / n}; the weights of each probe sum to 1 and the
 * quadrature is exact for polynomials of degree ≤ 2k − 1, so {@link #moment}(p) is an unbiased
 * estimate of {@code tr(Aᵖ)/n} for p ≤ 2k − 1.
 *
 * <p>{@link #density} smooths the nodes with Gaussians of width σ. Unlike PyHessian's
 * {@code density_generate}, it does not renormalise on the grid: the density is a mixture of
 * unit-mass Gaussians with total weight 1, so it integrates to 1 over the real line.
 *
 * <pre>{@code
 * SpectralDensity d = SpectralDensity.estimate(hessian, 80, 10, new Rng(0));
 * double[] grid = SpectralDensity.grid(d.minNode() - 1, d.maxNode() + 1, 1000);
 * double[] rho = d.density(grid, 1e-2);
 * double traceEstimate = d.moment(1) * n;
 * }</pre>
 */
public final class SpectralDensity {
    private final double[][] nodes;
    private final double[][] weights;

    private SpectralDensity(double[][] nodes, double[][] weights) {
        this.nodes = nodes;
        this.weights = weights;
    }

    /**
     * @param a      a symmetric operator
     * @param steps  Lanczos steps per probe (capped at n)
     * @param probes number of Rademacher probes; probe p is drawn from {@code rng.split("slq").split(p)}
     */
    public static SpectralDensity estimate(LinearOperator a, int steps, int probes, Rng rng) {
        Krylov.checkSteps("slq", "steps", steps);
        Krylov.checkSteps("slq", "probes", probes);
        double[][] nodes = new double[probes][];
        double[][] weights = new double[probes][];
        Rng stream = rng.split("slq");
        for (int p = 0; p < probes; p++) {
            LanczosResult r = Lanczos.run(a, steps, stream.split(p).rademacher(DType.FLOAT64, a.rows()), Lanczos.Reorthogonalization.FULL);
            SymmetricTridiagonal.Eigen e = r.eigen();
            nodes[p] = e.values();
            weights[p] = new double[nodes[p].length];
            for (int i = 0; i < nodes[p].length; i++) {
                double tau = e.vectors()[0][i];
                weights[p][i] = tau * tau / probes;
            }
        }
        return new SpectralDensity(nodes, weights);
    }

    /** Quadrature nodes of probe p (ascending Ritz values). */
    public double[] nodes(int p) { return nodes[p].clone(); }

    /** Weights of probe p (sum to 1/probes). */
    public double[] weights(int p) { return weights[p].clone(); }

    public int probes() { return nodes.length; }

    public double minNode() {
        double m = Double.POSITIVE_INFINITY;
        for (double[] ns : nodes) for (double v : ns) m = Math.min(m, v);
        return m;
    }

    public double maxNode() {
        double m = Double.NEGATIVE_INFINITY;
        for (double[] ns : nodes) for (double v : ns) m = Math.max(m, v);
        return m;
    }

    /** {@code Σ wᵢ θᵢᵖ}: an estimate of {@code tr(Aᵖ)/n} (exact per probe for p ≤ 2k − 1). */
    public double moment(int p) {
        double s = 0;
        for (int q = 0; q < nodes.length; q++) {
            for (int i = 0; i < nodes[q].length; i++) s += weights[q][i] * Math.pow(nodes[q][i], p);
        }
        return s;
    }

    /** The Gaussian-broadened density {@code Σ wᵢ 𝒩(t; θᵢ, σ²)} at each grid point (integrates to 1 over ℝ). */
    public double[] density(double[] grid, double sigma) {
        if (!(sigma > 0)) throw new IllegalArgumentException("SpectralDensity.density: sigma must be > 0, got " + sigma);
        double[] out = new double[grid.length];
        double norm = 1 / (sigma * Math.sqrt(2 * Math.PI));
        for (int g = 0; g < grid.length; g++) {
            double s = 0;
            for (int q = 0; q < nodes.length; q++) {
                for (int i = 0; i < nodes[q].length; i++) {
                    double z = (grid[g] - nodes[q][i]) / sigma;
                    s += weights[q][i] * norm * Math.exp(-0.5 * z * z);
                }
            }
            out[g] = s;
        }
        return out;
    }

    /** {@code count} evenly spaced points from lo to hi inclusive. */
    public static double[] grid(double lo, double hi, int count) {
        if (count < 2) throw new IllegalArgumentException("SpectralDensity.grid: need at least 2 points, got " + count);
        double[] g = new double[count];
        for (int i = 0; i < count; i++) g[i] = lo + (hi - lo) * i / (count - 1);
        return g;
    }
}
