package io.vecgrad.optim.active;

import java.util.Arrays;

/**
 * A noisy identification game: one of {@code H} hypotheses is true, each of the {@code Q} binary
 * queries has a known answer {@code s_h(x)} under every hypothesis, and asking query {@code x}
 * returns {@code y ~ Bernoulli(1/2 + Δ(2 s_h(x) − 1))}: the true answer with probability
 * {@code 1/2 + Δ}. After the budget the learner names a hypothesis; the loss is the 0/1 error.
 *
 * <p>This is the setting of Zhang, Jain and Jamieson, "Learning to Actively Learn: A Robust
 * Approach" (arXiv:2010.15382; abstract and problem setting): a finite measurement set, a hypothesis set, Bernoulli
 * responses and the identification loss. Two instances ship: 1-D thresholds ({@link #thresholds},
 * the paper's synthetic active-classification task), a pure-exploration bandit ({@link #bestArm}:
 * find the one good arm) and a 20-questions game built from any table of yes/no answers
 * ({@link #fromAnswers}).
 *
 * <p><b>Problem classes from the lower bound</b> [reconstructed]. The paper groups instances by a
 * complexity {@code C(θ)} read off an information-theoretic lower bound and trains against the worst
 * instance of each class {@code Θ(r) = {θ : C(θ) ≤ r}}. Here θ = (h, Δ) and {@code C} is the
 * transductive (Fiez et al. 2019 / Garivier–Kaufmann style) bound
 * {@code ρ*(h, Δ) = min_λ max_{h'≠h} 1 / Σ_x λ_x KL_x(h, h') = g(h) / kl(Δ)}, where
 * {@code kl(Δ) = KL(1/2+Δ ‖ 1/2−Δ) = 2Δ ln((1+2Δ)/(1−2Δ))} and
 * {@code 1/g(h) = max_λ min_{h'≠h} λ(D(h,h'))} over query distributions λ, with {@code D(h,h')} the
 * queries on which h and h' disagree ({@link #separationFactor}). For thresholds g = 2 inside and
 * g = 1 at the two ends. The hardest member of {@code Θ(r)} with true hypothesis h has the smallest gap
 * allowed, {@code Δ_h(r)} with {@code g(h)/kl(Δ_h(r)) = r} ({@link #gapFor}); those |H| instances are
 * the particles an adversary weighs ({@link ProblemClass}).
 *
 * <pre>{@code
 * IdentificationProblem p = IdentificationProblem.thresholds(24);   // 25 hypotheses, 24 points
 * ProblemClass c = ProblemClass.of(p, 8.0);                        // all (h, Δ) with ρ* ≤ 8
 * double gap = c.gap(12);                                          // ≈ 0.17
 * }</pre>
 */
public final class IdentificationProblem {
    private final boolean[][] answers; // [hypothesis][query]
    private final double[] separation;

    private IdentificationProblem(boolean[][] answers) {
        this.answers = answers;
        this.separation = new double[answers.length];
        for (int h = 0; h < answers.length; h++) separation[h] = computeSeparation(h);
    }

    /**
     * 1-D thresholds on {@code points} ordered points: hypothesis z ∈ {0..points} labels point i
     * positive iff i ≥ z.
     */
    public static IdentificationProblem thresholds(int points) {
        if (points < 1) throw new IllegalArgumentException("IdentificationProblem.thresholds: need at least 1 point, got " + points);
        boolean[][] a = new boolean[points + 1][points];
        for (int z = 0; z <= points; z++) for (int i = 0; i < points; i++) a[z][i] = i >= z;
        return new IdentificationProblem(a);
    }

    /**
     * Best-arm identification with {@code arms} Bernoulli arms: hypothesis h says arm h is the good
     * one, query x pulls arm x, and the reward is 1 with probability {@code 1/2 + Δ} on the good arm
     * and {@code 1/2 − Δ} on every other (the answer table is the identity). This is the two-level
     * instance on which the best-arm lower bounds are built (Kaufmann, Cappé, Garivier 2016), the
     * pure-exploration bandit side of P45 [reconstructed: the paper's own bandit instances were not
     * readable]. Knowing h, pulling arm h alone separates it from every alternative, so g(h) = 1.
     *
     * <pre>{@code
     * IdentificationProblem bandit = IdentificationProblem.bestArm(8);   // 8 hypotheses, 8 arms
     * }</pre>
     */
    public static IdentificationProblem bestArm(int arms) {
        if (arms < 2) throw new IllegalArgumentException("IdentificationProblem.bestArm: need at least 2 arms, got " + arms);
        boolean[][] a = new boolean[arms][arms];
        for (int h = 0; h < arms; h++) a[h][h] = true;
        return new IdentificationProblem(a);
    }

    /**
     * A 20-questions game: row h holds item h's yes/no answers to every question. Rows must have
     * the same length and be pairwise distinct (otherwise two items cannot be told apart).
     */
    public static IdentificationProblem fromAnswers(boolean[][] answers) {
        if (answers.length < 2) throw new IllegalArgumentException("IdentificationProblem.fromAnswers: need at least 2 items, got " + answers.length);
        int q = answers[0].length;
        if (q < 1) throw new IllegalArgumentException("IdentificationProblem.fromAnswers: item 0 has no answers");
        boolean[][] copy = new boolean[answers.length][];
        for (int h = 0; h < answers.length; h++) {
            if (answers[h].length != q) {
                throw new IllegalArgumentException("IdentificationProblem.fromAnswers: item " + h + " has " + answers[h].length + " answers, item 0 has " + q);
            }
            copy[h] = answers[h].clone();
            for (int j = 0; j < h; j++) {
                if (Arrays.equals(copy[j], copy[h])) {
                    throw new IllegalArgumentException("IdentificationProblem.fromAnswers: items " + j + " and " + h + " answer every question alike");
                }
            }
        }
        return new IdentificationProblem(copy);
    }

    public int hypotheses() {
        return answers.length;
    }

    public int queries() {
        return answers[0].length;
    }

    /** The noiseless answer of hypothesis {@code h} to query {@code x}. */
    public boolean answer(int h, int x) {
        checkHypothesis(h, "answer");
        if (x < 0 || x >= queries()) throw new IllegalArgumentException("IdentificationProblem.answer: query " + x + " outside [0, " + queries() + ")");
        return answers[h][x];
    }

    /** {@code g(h) = 1 / max_λ min_{h'≠h} λ(D(h,h'))}: the lower bound's factor for hypothesis h. */
    public double separationFactor(int h) {
        checkHypothesis(h, "separationFactor");
        return separation[h];
    }

    /** {@code KL(Bernoulli(1/2+Δ) ‖ Bernoulli(1/2−Δ))}, infinite at Δ = 1/2. */
    public static double kl(double gap) {
        checkGap(gap, "kl");
        if (gap == 0.5) return Double.POSITIVE_INFINITY;
        return 2 * gap * Math.log((1 + 2 * gap) / (1 - 2 * gap));
    }

    /** The complexity {@code ρ*(h, Δ) = g(h) / kl(Δ)} of instance (h, Δ). */
    public double complexity(int h, double gap) {
        return separationFactor(h) / kl(gap);
    }

    /** The smallest gap Δ with {@code ρ*(h, Δ) ≤ r}: the hardest instance of class r with truth h. */
    public double gapFor(int h, double r) {
        if (!(r > 0) || Double.isInfinite(r)) throw new IllegalArgumentException("IdentificationProblem.gapFor: complexity bound r must be positive and finite, got " + r);
        double target = separationFactor(h) / r;
        double lo = 0, hi = 0.5;
        for (int k = 0; k < 200 && hi - lo > 1e-15; k++) {
            double mid = 0.5 * (lo + hi);
            if (kl(mid) >= target) hi = mid;
            else lo = mid;
        }
        return hi;
    }

    /**
     * Number of observed answers that contradict hypothesis h, from the history's counts: the
     * negative log-likelihood up to an affine map for every Δ in (0, 1/2).
     */
    public int disagreements(int h, QueryHistory history) {
        int d = 0;
        boolean[] a = answers[h];
        for (int x = 0; x < a.length; x++) d += a[x] ? history.noes(x) : history.yeses(x);
        return d;
    }

    /**
     * Expected 0/1 loss of the maximum-likelihood guess when the truth is {@code h}: the guess is
     * uniform over the hypotheses with the fewest disagreements (the MLE for every Δ), so the loss is
     * {@code 1 − 1{h is among them}/(their number)}. All policies share this decoder, so comparisons
     * measure only where they query.
     */
    public double loss(int h, QueryHistory history) {
        checkHypothesis(h, "loss");
        checkHistory(history, "loss");
        int best = Integer.MAX_VALUE, ties = 0;
        boolean truthIn = false;
        for (int k = 0; k < answers.length; k++) {
            int d = disagreements(k, history);
            if (d < best) {
                best = d;
                ties = 1;
                truthIn = k == h;
            } else if (d == best) {
                ties++;
                truthIn |= k == h;
            }
        }
        return truthIn ? 1.0 - 1.0 / ties : 1.0;
    }

    void checkHistory(QueryHistory history, String op) {
        if (history.queries() != queries()) {
            throw new IllegalArgumentException("IdentificationProblem." + op + ": history has " + history.queries() + " queries, the problem " + queries());
        }
    }

    void checkHypothesis(int h, String op) {
        if (h < 0 || h >= answers.length) throw new IllegalArgumentException("IdentificationProblem." + op + ": hypothesis " + h + " outside [0, " + answers.length + ")");
    }

    static void checkGap(double gap, String op) {
        if (!(gap > 0 && gap <= 0.5)) throw new IllegalArgumentException("IdentificationProblem." + op + ": gap Δ must be in (0, 1/2], got " + gap);
    }

    /**
     * Solves the zero-sum game {@code max_λ min_{h'} λ(D(h,h'))} with multiplicative weights for both
     * players (step {@code sqrt(ln N / t)}, averaged strategies). The averaged λ certifies a lower
     * value, the averaged opponent mix an upper value; it stops when they agree to 1 % (or after
     * 20,000 rounds) and returns 2 / (lower + upper).
     */
    private double computeSeparation(int h) {
        int q = queries(), n = answers.length;
        int[][] differ = new int[n][];
        for (int k = 0; k < n; k++) {
            int c = 0;
            for (int x = 0; x < q; x++) if (answers[k][x] != answers[h][x]) c++;
            differ[k] = new int[c];
            c = 0;
            for (int x = 0; x < q; x++) if (answers[k][x] != answers[h][x]) differ[k][c++] = x;
        }
        double[] lamScore = new double[q], muScore = new double[n], lam = new double[q], mu = new double[n];
        double[] lamSum = new double[q], muSum = new double[n];
        double lower = 0, upper = 1;
        double logN = Math.log(Math.max(2, Math.max(n, q)));
        for (int it = 1; it <= 20000; it++) {
            double eta = Math.sqrt(logN / it);
            softmax(lamScore, eta, lam, -1);
            softmax(muScore, eta, mu, h);
            for (int x = 0; x < q; x++) lamSum[x] += lam[x];
            for (int k = 0; k < n; k++) muSum[k] += mu[k];
            for (int k = 0; k < n; k++) {
                if (k == h) continue;
                double c = 0;
                for (int x : differ[k]) {
                    c += lam[x];
                    lamScore[x] += mu[k];
                }
                muScore[k] -= c;
            }
            if (it % 50 == 0) {
                lower = 1;
                upper = 0;
                double[] cover = new double[q];
                for (int k = 0; k < n; k++) {
                    if (k == h) continue;
                    double c = 0;
                    for (int x : differ[k]) {
                        c += lamSum[x] / it;
                        cover[x] += muSum[k] / it;
                    }
                    lower = Math.min(lower, c);
                }
                for (double c : cover) upper = Math.max(upper, c);
                if (upper - lower < 0.01 * upper) break;
            }
        }
        return 2.0 / (lower + upper);
    }

    private static void softmax(double[] score, double eta, double[] out, int skip) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < score.length; i++) if (i != skip) max = Math.max(max, score[i]);
        double z = 0;
        for (int i = 0; i < score.length; i++) {
            out[i] = i == skip ? 0 : Math.exp(eta * (score[i] - max));
            z += out[i];
        }
        for (int i = 0; i < score.length; i++) out[i] /= z;
    }
}
