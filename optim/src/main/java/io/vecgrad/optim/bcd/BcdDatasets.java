package io.vecgrad.optim.bcd;

import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * The synthetic problems of the P40 code's {@code src/datasets/datasets.py} and
 * {@code tree_datasets.py} (IssamLaradji/BlockCoordinateDescent), with sizes as parameters so
 * they can be scaled down; random streams from {@link Rng} (seed, purpose), so they are not the
 * code's NumPy draws but follow the same recipe.
 *
 * <pre>{@code
 * BcdDatasets.Regression a = BcdDatasets.datasetA(200, 1000, 1);   // least squares
 * BcdDatasets.Lattice d = BcdDatasets.datasetD(50, 50, 100, 1);    // lattice quadratic
 * }</pre>
 */
public final class BcdDatasets {
    private BcdDatasets() {}

    /** A design matrix (column-major) with targets. */
    public record Regression(ColumnMatrix a, double[] b) {}

    /** A lattice labelling quadratic with the lattice size and the kept (unlabelled) node numbers. */
    public record Lattice(SparseQuadratic q, int rows, int cols, int[] unlabelled) {}

    /**
     * Dataset A: {@code A_ij = (N(0,1) + 1)·s_j·m_ij} with column scales {@code s_j = 10·N(0,1)} and
     * entries kept with probability {@code 10·log(n)/n}; {@code w_j = N(0,1)} kept with
     * probability 0.1; {@code b = Aw + N(0,1)}. The code's sizes: n = 1000, p = 10000.
     */
    public static Regression datasetA(int n, int p, long seed) {
        Rng rng = new Rng(seed);
        double[] a = design(n, p, rng);
        double[] w = sparseWeights(p, rng);
        Rng noise = rng.split("noise");
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            double s = noise.nextGaussian();
            for (int j = 0; j < p; j++) s += a[j * n + i] * w[j];
            b[i] = s;
        }
        return new Regression(ColumnMatrix.ofColumnMajor(a, n, p), b);
    }

    /** Dataset B: A and w as in A; {@code b = sign(Aw)} with each sign flipped with probability 0.1. */
    public static Regression datasetB(int n, int p, long seed) {
        Rng rng = new Rng(seed);
        double[] a = design(n, p, rng);
        double[] w = sparseWeights(p, rng);
        Rng flip = rng.split("flip");
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < p; j++) s += a[j * n + i] * w[j];
            double sign = s >= 0 ? 1 : -1;
            b[i] = flip.nextDouble() < 0.1 ? -sign : sign;
        }
        return new Regression(ColumnMatrix.ofColumnMajor(a, n, p), b);
    }

    private static double[] design(int n, int p, Rng rng) {
        Rng entries = rng.split("A"), scales = rng.split("scale"), mask = rng.split("mask");
        double keep = Math.min(1, 10 * Math.log(n) / n);
        double[] a = new double[n * p];
        for (int j = 0; j < p; j++) {
            double s = 10 * scales.nextGaussian();
            for (int i = 0; i < n; i++) {
                double v = (entries.nextGaussian() + 1) * s;
                a[j * n + i] = mask.nextDouble() < keep ? v : 0;
            }
        }
        return a;
    }

    private static double[] sparseWeights(int p, Rng rng) {
        Rng vals = rng.split("w"), mask = rng.split("wmask");
        double[] w = new double[p];
        for (int j = 0; j < p; j++) {
            double v = vals.nextGaussian();
            w[j] = mask.nextDouble() < 0.1 ? v : 0;
        }
        return w;
    }

    /**
     * Dataset D: the quadratic labelling criterion {@code ½ Σ_ij w_ij (y_i − y_j)²} on a
     * {@code rows×cols} lattice (nodes numbered {@code r + c·rows}, 4-neighbour edges of weight
     * 1e5), {@code labelled} nodes fixed to {@code 10·N(0,1)}, written as {@code ½yᵀQy − cᵀy} over the
     * unlabelled nodes: {@code Q_ii = Σ_j w_ij}, {@code Q_ij = −w_ij}, {@code c_i = Σ_{j labelled} w_ij y_j}.
     * The code's sizes: 50×50 with 100 labelled nodes (a 2400-variable system).
     */
    public static Lattice datasetD(int rows, int cols, int labelled, long seed) {
        int n = rows * cols;
        if (labelled < 1 || labelled >= n) throw new IllegalArgumentException("BcdDatasets.datasetD: labelled must be in [1, " + (n - 1) + "], got " + labelled);
        Rng rng = new Rng(seed);
        int[] perm = BlockRules.permutation(n, new java.util.SplittableRandom(rng.split("labels").nextLong()));
        double[] y = new double[n];
        boolean[] isLabelled = new boolean[n];
        Rng vals = rng.split("values");
        for (int t = 0; t < labelled; t++) {
            isLabelled[perm[t]] = true;
            y[perm[t]] = 10 * vals.nextGaussian();
        }
        double w = 1e5;
        int[] local = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) local[i] = isLabelled[i] ? -1 : m++;
        int[] keep = new int[m];
        for (int i = 0; i < n; i++) if (!isLabelled[i]) keep[local[i]] = i;
        List<int[]> idx = new ArrayList<>();
        List<Double> val = new ArrayList<>();
        double[] c = new double[m];
        for (int i = 0; i < n; i++) {
            if (isLabelled[i]) continue;
            int r = i % rows, col = i / rows;
            int[][] nbs = {{r - 1, col}, {r + 1, col}, {r, col - 1}, {r, col + 1}};
            double diag = 0;
            for (int[] nb : nbs) {
                if (nb[0] < 0 || nb[0] >= rows || nb[1] < 0 || nb[1] >= cols) continue;
                int j = nb[0] + nb[1] * rows;
                diag += w;
                if (isLabelled[j]) {
                    c[local[i]] += w * y[j];
                } else {
                    idx.add(new int[] {local[i], local[j]});
                    val.add(-w);
                }
            }
            idx.add(new int[] {local[i], local[i]});
            val.add(diag);
        }
        int[] ri = new int[idx.size()], ci = new int[idx.size()];
        double[] v = new double[idx.size()];
        for (int k = 0; k < v.length; k++) {
            ri[k] = idx.get(k)[0];
            ci[k] = idx.get(k)[1];
            v[k] = val.get(k);
        }
        return new Lattice(SparseQuadratic.fromTriplets(m, ri, ci, v, c), rows, cols, keep);
    }
}
