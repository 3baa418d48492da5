package io.vecgrad.distributed.dadao;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;

/**
 * Laplacian quantities that set DADAO's gossip rate (as {@code utils.compute_spectral_quantities}
 * and {@code main.py} of github.com/AdelNabli/DADAO): with {@code L_norm = L/|E|} (the Laplacian
 * of the graph whose edges are sampled uniformly), {@code χ₁ = 1/λ_min⁺(L_norm)},
 * {@code χ₂ = max_{(i,j)∈E} ½(e_i − e_j)ᵀ L_norm⁺ (e_i − e_j)} (the worst edge resistance) and
 * the gossip rate {@code λ_mix = √(2χ₁χ₂)}.
 *
 * <pre>{@code
 * GraphSpectrum g = GraphSpectrum.of(4, new int[][] {{0, 1}, {1, 2}, {2, 3}, {3, 0}});   // cycle
 * double rate = g.lambdaMix();
 * }</pre>
 *
 * @param chi1      1/λ_min⁺ of the normalized Laplacian
 * @param chi2      the largest effective resistance ½(e_i−e_j)ᵀL_norm⁺(e_i−e_j) over edges
 * @param lambdaMix the total gossip rate √(2χ₁χ₂)
 * @param edges     the edges (i &lt; j not required), as given
 */
public record GraphSpectrum(double chi1, double chi2, double lambdaMix, int[][] edges) {

    /** The quantities of the connected graph on {@code n} nodes with these undirected edges. */
    public static GraphSpectrum of(int n, int[][] edges) {
        if (n < 2) throw new IllegalArgumentException("GraphSpectrum: need at least 2 nodes, got " + n);
        if (edges.length == 0) throw new IllegalArgumentException("GraphSpectrum: graph on " + n + " nodes has no edges");
        double[] lap = new double[n * n];
        for (int[] e : edges) {
            if (e.length != 2 || e[0] == e[1] || e[0] < 0 || e[1] < 0 || e[0] >= n || e[1] >= n) {
                throw new IllegalArgumentException("GraphSpectrum: bad edge " + java.util.Arrays.toString(e) + " for " + n + " nodes");
            }
            int i = e[0], j = e[1];
            double w = 1.0 / edges.length;
            lap[i * n + i] += w;
            lap[j * n + j] += w;
            lap[i * n + j] -= w;
            lap[j * n + i] -= w;
        }
        Linalg.Eigh eig = Linalg.eigh(Tensor.of(lap, n, n));
        double[] values = eig.values().toDoubleArray();
        double[] vectors = eig.vectors().toDoubleArray();   // columns are eigenvectors
        double tol = 1e-10 * values[n - 1];
        if (values[1] <= tol) {
            throw new IllegalArgumentException("GraphSpectrum: graph on " + n + " nodes with " + edges.length
                    + " edges is disconnected (second Laplacian eigenvalue " + values[1] + ")");
        }
        double chi1 = 1 / values[1];
        double chi2 = 0;
        for (int[] e : edges) {
            double r = 0;
            for (int k = 1; k < n; k++) {
                double c = vectors[e[0] * n + k] - vectors[e[1] * n + k];
                r += c * c / values[k];
            }
            chi2 = Math.max(chi2, 0.5 * r);
        }
        return new GraphSpectrum(chi1, chi2, Math.sqrt(2 * chi1 * chi2), edges);
    }
}
