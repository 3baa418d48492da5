package io.vecgrad.optim.bcd;

import io.vecgrad.optim.prox.Prox;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The selection rules of Nutini, Laradji and Schmidt (JMLR 2022, P40), with the definitions of
 * their code (IssamLaradji/BlockCoordinateDescent, {@code src/selection_rules/FB_selection_rules.py}
 * for fixed blocks, {@code VB_selection_rules.py} for variable and tree blocks).
 *
 * <p>Fixed blocks ({@link #fixed}): the argmax over the partition's blocks of a score; the first
 * best block wins ties. With {@link Scores#CODE} the scores are the code's ℓ1 forms — GS
 * {@code Σ_{i∈b}|g_i|}, GSL {@code Σ|g_i|/sqrt(L_b)}, GSD {@code Σ|g_i|/sqrt(L_i)}, GSQ
 * {@code sqrt(g_bᵀ(H_b + 1e-10I)⁻¹g_b)}; with {@link Scores#PAPER} the paper's ℓ2 forms — GS
 * {@code ‖g_b‖}, GSL {@code ‖g_b‖²/L_b}, GSD {@code Σ g_i²/L_i}, GSQ {@code g_bᵀH_b⁻¹g_b}, which
 * are the progress bounds the paper compares.
 *
 * <p>Variable blocks ({@link #variable}): the top-τ coordinates of a per-coordinate score (GS
 * {@code |g_i|}, GSD {@code |g_i|/sqrt(L_i)}, GSDHB {@code |g_i|/sqrt(Σ_j|H_ij|)}), GSQ approximated
 * by the code's iterative hard thresholding ("GSQ-IHT"), Lipschitz sampling without replacement,
 * τ uniform coordinates, or the code's "Cyclic" (a random permutation drawn every n iterations,
 * consumed τ at a time).
 *
 * <p>Tree blocks ({@link #forest}): the code's GSTree / GSLTree / RTree — coordinates sorted by
 * {@code |g_i|}, {@code |g_i|/sqrt(L_i)} or at random, added greedily while the induced subgraph
 * stays a forest; solve them with {@link BlockUpdate#MESSAGE_PASSING}.
 *
 * <p>{@link Rule#GS_Q} is the proximal Gauss–Southwell-q rule (Nutini et al. 2015; the code's
 * {@code gsq-nn} for x ≥ 0): coordinate i scores the decrease
 * {@code −min_d [g_i d + L_i d²/2 + g(x_i + d) − g(x_i)]} of its proximal model. Near a solution
 * the rounding of {@code g(x_i + d) − g(x_i)} (about ulp(g)) exceeds true decreases below it, so
 * greedy GS-q stalls at a proximal-gradient residual of about 1e-10 relative to ‖∇f‖; stop
 * before that (tol) or finish with a cyclic pass.
 *
 * <pre>{@code
 * BlockSelector gsl = BlockRules.fixed(Partition.sorted(f.coordinateLipschitz(), 5), BlockRules.Rule.GSL);
 * BlockSelector vb = BlockRules.variable(5, BlockRules.Rule.GS);
 * }</pre>
 */
public final class BlockRules {
    /** A selection rule; not every rule exists for every kind of block (see the class comment). */
    public enum Rule { CYCLIC, RANDOM, LIPSCHITZ, GS, GSL, GSD, GSDHB, GSQ, GS_Q }

    /** Score forms of the fixed-block greedy rules. */
    public enum Scores {
        /** ℓ1 sums as in the code's FB_selection_rules.py. */
        CODE,
        /** ℓ2 forms: the guaranteed-progress bounds of the paper. */
        PAPER
    }

    private BlockRules() {}

    /** Code scores for fixed blocks. */
    public static BlockSelector fixed(Partition p, Rule rule) {
        return fixed(p, rule, Scores.CODE);
    }

    public static BlockSelector fixed(Partition p, Rule rule, Scores scores) {
        return switch (rule) {
            case CYCLIC -> it -> p.blockShared(it.iteration() % p.size());
            case RANDOM -> it -> p.blockShared(it.random().nextInt(p.size()));
            case LIPSCHITZ -> new FixedLipschitz(p);
            case GS, GSL, GSD, GSQ, GS_Q -> new FixedGreedy(p, rule, scores);
            case GSDHB -> throw new IllegalArgumentException("BlockRules.fixed: GSDHB is a variable-block rule (the code's GSDHb)");
        };
    }

    public static BlockSelector variable(int tau, Rule rule) {
        if (tau < 1) throw new IllegalArgumentException("BlockRules.variable: block size must be ≥ 1, got " + tau);
        return switch (rule) {
            case CYCLIC -> new VariableCyclic(tau);
            case RANDOM -> it -> {
                int[] perm = permutation(it.x().length, it.random());
                return sorted(Arrays.copyOf(perm, Math.min(tau, perm.length)));
            };
            case LIPSCHITZ -> it -> sampleWithoutReplacement(it.problem().coordinateLipschitz(), tau, it.random());
            case GS -> it -> topK(abs(it.gradient(), null), tau);
            case GSD -> it -> topK(abs(it.gradient(), it.problem().coordinateLipschitz()), tau);
            case GSDHB -> new VariableGsdHb(tau);
            case GSQ -> new VariableIht(tau);
            case GS_Q -> it -> topK(gsqScores(it), tau);
            case GSL -> throw new IllegalArgumentException("BlockRules.variable: GSL needs L_b of arbitrary blocks; use GSD (as the paper)");
        };
    }

    /** Greedy forest blocks of a sparse quadratic (GS, GSL or RANDOM order). */
    public static BlockSelector forest(SparseQuadratic q, Rule rule) {
        return switch (rule) {
            case GS -> it -> ForestSolve.greedyForest(q, descending(abs(it.gradient(), null)));
            case GSL -> it -> ForestSolve.greedyForest(q, descending(abs(it.gradient(), q.coordinateLipschitz())));
            case RANDOM -> it -> ForestSolve.greedyForest(q, permutation(q.dim(), it.random()));
            default -> throw new IllegalArgumentException("BlockRules.forest: rule must be GS, GSL or RANDOM (the code's GSTree, GSLTree, RTree), got " + rule);
        };
    }

    // ---------------------------------------------------------------- fixed-block rules

    private static final class FixedLipschitz implements BlockSelector {
        private final Partition p;
        private double[] cumulative;

        FixedLipschitz(Partition p) {
            this.p = p;
        }

        @Override
        public int[] select(BcdIterate it) {
            if (cumulative == null) {
                cumulative = new double[p.size()];
                double s = 0;
                for (int i = 0; i < p.size(); i++) cumulative[i] = s += it.problem().blockLipschitz(p.blockShared(i));
            }
            double u = it.random().nextDouble() * cumulative[cumulative.length - 1];
            int i = Arrays.binarySearch(cumulative, u);
            i = i >= 0 ? i + 1 : -i - 1;
            return p.blockShared(Math.min(i, p.size() - 1));
        }
    }

    private static final class FixedGreedy implements BlockSelector {
        private final Partition p;
        private final Rule rule;
        private final Scores scores;
        private double[] lb;
        private double[][][] hInv;

        FixedGreedy(Partition p, Rule rule, Scores scores) {
            this.p = p;
            this.rule = rule;
            this.scores = scores;
        }

        @Override
        public int[] select(BcdIterate it) {
            double[] g = it.gradient();
            double[] li = it.problem().coordinateLipschitz();
            double[] q = rule == Rule.GS_Q ? gsqScores(it) : null;
            int best = -1;
            double bestScore = -1;
            for (int k = 0; k < p.size(); k++) {
                int[] b = p.blockShared(k);
                double s = score(it, k, b, g, li, q);
                if (s > bestScore) {
                    bestScore = s;
                    best = k;
                }
            }
            return p.blockShared(best);
        }

        private double score(BcdIterate it, int k, int[] b, double[] g, double[] li, double[] q) {
            boolean l1 = scores == Scores.CODE;
            double s = 0;
            switch (rule) {
                case GS -> {
                    for (int i : b) s += l1 ? Math.abs(g[i]) : g[i] * g[i];
                    return l1 ? s : Math.sqrt(s);
                }
                case GSL -> {
                    double l = blockL(it, k);
                    for (int i : b) s += l1 ? Math.abs(g[i]) : g[i] * g[i];
                    return l1 ? s / Math.sqrt(l) : s / l;
                }
                case GSD -> {
                    for (int i : b) s += l1 ? Math.abs(g[i]) / Math.sqrt(li[i]) : g[i] * g[i] / li[i];
                    return s;
                }
                case GSQ -> {
                    double[][] h = hInverse(it, k);
                    double[] gb = DenseBlocks.gather(g, b);
                    for (int r = 0; r < b.length; r++) s += gb[r] * DenseBlocks.dot(h[r], gb);
                    return l1 ? Math.sqrt(Math.max(s, 0)) : s;
                }
                case GS_Q -> {
                    for (int i : b) s += q[i];
                    return s;
                }
                default -> throw new IllegalStateException(rule.name());
            }
        }

        private double blockL(BcdIterate it, int k) {
            if (lb == null) {
                lb = new double[p.size()];
                for (int i = 0; i < lb.length; i++) lb[i] = it.problem().blockLipschitz(p.blockShared(i));
            }
            return lb[k];
        }

        /** (H_b + 1e-10·I)⁻¹, cached per block as in the code. */
        private double[][] hInverse(BcdIterate it, int k) {
            if (hInv == null) hInv = new double[p.size()][][];
            if (hInv[k] == null) {
                int[] b = p.blockShared(k);
                double[][] h = it.problem().upperBound(b);
                double[][] inv = new double[b.length][];
                for (int c = 0; c < b.length; c++) {
                    double[] e = new double[b.length];
                    e[c] = 1;
                    inv[c] = DenseBlocks.solveSpd(h, e);   // symmetric, so columns = rows
                }
                hInv[k] = inv;
            }
            return hInv[k];
        }
    }

    // ---------------------------------------------------------------- variable-block rules

    private static final class VariableCyclic implements BlockSelector {
        private final int tau;
        private int[] perm;

        VariableCyclic(int tau) {
            this.tau = tau;
        }

        @Override
        public int[] select(BcdIterate it) {
            int n = it.x().length;
            if (it.iteration() % n == 0 || perm == null) perm = permutation(n, it.random());
            int nb = Math.max(1, n / tau);
            int e = it.iteration() % nb;
            return sorted(Arrays.copyOfRange(perm, e * tau, Math.min(n, (e + 1) * tau)));
        }
    }

    private static final class VariableGsdHb implements BlockSelector {
        private final int tau;
        private double[] rowSums;

        VariableGsdHb(int tau) {
            this.tau = tau;
        }

        @Override
        public int[] select(BcdIterate it) {
            if (rowSums == null) rowSums = it.problem().upperBoundRowSums();
            return topK(abs(it.gradient(), rowSums), tau);
        }
    }

    /** The code's "GSQ-IHT": 10 steps of d ← d − μ(g + Hd) keeping the τ largest |d_i|, from d = g/sqrt(L). */
    private static final class VariableIht implements BlockSelector {
        private final int tau;
        private double mu;

        VariableIht(int tau) {
            this.tau = tau;
        }

        @Override
        public int[] select(BcdIterate it) {
            BlockProblem f = it.problem();
            int n = f.dim();
            if (mu == 0) mu = 1 / upperBoundNorm(f);
            double[] g = it.gradient(), li = f.coordinateLipschitz();
            double[] d = new double[n], hd = new double[n];
            for (int i = 0; i < n; i++) d[i] = g[i] / Math.sqrt(li[i]);
            int[] block = null;
            for (int rep = 0; rep < 10; rep++) {
                double[] old = d.clone();
                f.upperBoundTimes(d, hd);
                for (int i = 0; i < n; i++) d[i] -= mu * (g[i] + hd[i]);
                block = topK(abs(d, null), tau);
                double[] kept = new double[n];
                for (int i : block) kept[i] = d[i];
                d = kept;
                double diff = 0;
                for (int i = 0; i < n; i++) diff += (old[i] - d[i]) * (old[i] - d[i]);
                if (Math.sqrt(diff) < 1e-10) break;
            }
            return block;
        }
    }

    // ---------------------------------------------------------------- shared pieces

    /** λ_max of the full upper bound H by 100 power iterations from a fixed start (the code uses ARPACK). */
    static double upperBoundNorm(BlockProblem f) {
        int n = f.dim();
        double[] v = new double[n], w = new double[n];
        Arrays.fill(v, 1 / Math.sqrt(n));
        double lam = 0;
        for (int k = 0; k < 100; k++) {
            f.upperBoundTimes(v, w);
            double norm = Math.sqrt(DenseBlocks.dot(w, w));
            if (norm == 0) return 1;
            lam = DenseBlocks.dot(v, w);
            for (int i = 0; i < n; i++) v[i] = w[i] / norm;
        }
        return lam;
    }

    /** Per-coordinate GS-q scores (≥ 0) of the proximal model with L_i. */
    static double[] gsqScores(BcdIterate it) {
        double[] g = it.gradient(), x = it.x(), li = it.problem().coordinateLipschitz();
        Prox h = it.prox();
        double[] s = new double[x.length], one = new double[1], out = new double[1];
        for (int i = 0; i < x.length; i++) {
            double hx = 0, hn = 0, d;
            if (h == null) {
                d = -g[i] / li[i];
            } else {
                one[0] = x[i] - g[i] / li[i];
                h.prox(one, 1 / li[i], out);
                d = out[0] - x[i];
                one[0] = x[i];
                hx = h.value(one);
                hn = h.value(out);
            }
            s[i] = Math.max(0, -(g[i] * d + 0.5 * li[i] * d * d + hn - hx));
        }
        return s;
    }

    /** |v_i| / sqrt(scale_i) (scale null: |v_i|). */
    static double[] abs(double[] v, double[] scale) {
        double[] s = new double[v.length];
        for (int i = 0; i < v.length; i++) s[i] = scale == null ? Math.abs(v[i]) : Math.abs(v[i]) / Math.sqrt(scale[i]);
        return s;
    }

    /** Indices of the k largest scores (ties to the lower index), sorted ascending. */
    static int[] topK(double[] s, int k) {
        return sorted(Arrays.copyOf(descending(s), Math.min(k, s.length)));
    }

    /** Indices by score descending, ties by index. */
    static int[] descending(double[] s) {
        return DenseBlocks.argsort(s, true);
    }

    static int[] permutation(int n, SplittableRandom rnd) {
        int[] p = DenseBlocks.range(n);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static int[] sorted(int[] b) {
        Arrays.sort(b);
        return b;
    }

    /** τ distinct coordinates drawn one by one with P(i) ∝ w_i among those left. */
    static int[] sampleWithoutReplacement(double[] w, int tau, SplittableRandom rnd) {
        double[] left = w.clone();
        double total = 0;
        for (double v : left) total += v;
        int k = Math.min(tau, w.length);
        int[] out = new int[k];
        for (int t = 0; t < k; t++) {
            double u = rnd.nextDouble() * total;
            int pick = -1;
            for (int i = 0; i < left.length; i++) {
                if (left[i] <= 0) continue;
                pick = i;
                u -= left[i];
                if (u < 0) break;
            }
            out[t] = pick;
            total -= left[pick];
            left[pick] = 0;
        }
        return sorted(out);
    }
}
