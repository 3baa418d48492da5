package io.vecgrad.optim.active;

import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.Arrays;
import java.util.List;

/**
 * Adversarial training of one query policy over problem classes (Zhang, Jain and Jamieson,
 * "Learning to Actively Learn: A Robust Approach", arXiv:2010.15382). The objective is the paper's
 * min-max: over classes {@code Θ(r_1) ⊂ … ⊂ Θ(r_K)} derived from the lower bound,
 * <pre>  min_ψ max_k [ max_{θ ∈ Θ(r_k)} ℓ(π_ψ, θ) − b_k ],</pre>
 * where {@code b_k} is the r-dependent baseline: the worst-case loss of the best policy trained for
 * class k alone (pass zeros for the plain worst-case objective; {@link #train} with one class trains
 * that per-class policy).
 *
 * <p>Training loop [reconstructed: the paper's full text was not available to us, only its abstract
 * and the spec's summary (policy gradients against an adversarial distribution over instances of
 * each class); the finite particle set per class, step sizes, the uniform
 * mixing and the deterministic weighting are ours]:
 * <ol>
 *   <li>the inner max over {@code Θ(r_k)} is a max over distributions {@code w_k} on the class's
 *       particles (the hardest instance for each true hypothesis, {@link ProblemClass}); the outer max
 *       over k a distribution {@code q} on classes;
 *   <li>each iteration plays M episodes of every particle, and the policy takes an Adam step along the
 *       REINFORCE estimate ({@link Reinforce}) of {@code ∇ψ Σ_k q_k Σ_h w_kh ℓ(π_ψ, θ_kh)};
 *   <li>the adversary takes exponentiated-gradient ascent steps {@code w_kh ∝ w_kh exp(η_w ℓ̂_kh)} and
 *       {@code q_k ∝ q_k exp(η_c (Σ_h w_kh ℓ̂_kh − b_k))}, mixed with γ of the uniform distribution so
 *       that no instance is dropped for good.
 * </ol>
 *
 * <pre>{@code
 * IdentificationProblem p = IdentificationProblem.thresholds(24);
 * List<ProblemClass> classes = List.of(ProblemClass.of(p, 2), ProblemClass.of(p, 8));
 * RobustPolicyTraining.Result r = RobustPolicyTraining.train(p, classes, new double[2],
 *         RobustPolicyTraining.Config.defaults(20), 1);
 * double worst = Rollouts.worstCase(p, r.policy(), classes.get(1), 20, 200, new Rng(7));
 * }</pre>
 */
public final class RobustPolicyTraining {
    private RobustPolicyTraining() {}

    /**
     * Hyper-parameters.
     *
     * @param budget queries per episode (T)
     * @param iterations policy/adversary steps
     * @param episodes episodes per particle per iteration (M ≥ 2 for the leave-one-out baseline)
     * @param hidden hidden units of the policy network
     * @param learningRate Adam step of the policy
     * @param adversaryStep η_w, exponentiated-gradient step on the particle weights
     * @param classStep η_c, exponentiated-gradient step on the class weights
     * @param mixing γ, share of the uniform distribution mixed into the adversary's weights
     * @param beliefGap nominal gap of the belief the policy reads (0: the policy reads counts only;
     *     see {@link LearnedQueryPolicy})
     */
    public record Config(int budget, int iterations, int episodes, int hidden, double learningRate, double adversaryStep, double classStep, double mixing, double beliefGap) {
        public Config {
            if (budget < 1 || iterations < 0 || episodes < 1 || hidden < 1) {
                throw new IllegalArgumentException(String.format("RobustPolicyTraining.Config: budget %d, episodes %d and hidden %d must be positive, iterations %d non-negative",
                        budget, episodes, hidden, iterations));
            }
            if (!(learningRate > 0) || adversaryStep < 0 || classStep < 0 || !(mixing >= 0 && mixing <= 1)) {
                throw new IllegalArgumentException(String.format("RobustPolicyTraining.Config: need learningRate > 0 (got %g), steps >= 0 (got %g, %g), mixing in [0,1] (got %g)",
                        learningRate, adversaryStep, classStep, mixing));
            }
            if (!(beliefGap >= 0 && beliefGap < 0.5)) throw new IllegalArgumentException("RobustPolicyTraining.Config: beliefGap must be in [0, 1/2), got " + beliefGap);
        }

        /** 300 iterations, 4 episodes, 32 hidden units, Adam 0.02, η_w = 2, η_c = 2, γ = 0.05, belief gap 0.25. */
        public static Config defaults(int budget) {
            return new Config(budget, 300, 4, 32, 0.02, 2.0, 2.0, 0.05, 0.25);
        }

        public Config withIterations(int n) {
            return new Config(budget, n, episodes, hidden, learningRate, adversaryStep, classStep, mixing, beliefGap);
        }

        public Config withEpisodes(int m) {
            return new Config(budget, iterations, m, hidden, learningRate, adversaryStep, classStep, mixing, beliefGap);
        }

        public Config withHidden(int h) {
            return new Config(budget, iterations, episodes, h, learningRate, adversaryStep, classStep, mixing, beliefGap);
        }

        public Config withBeliefGap(double g) {
            return new Config(budget, iterations, episodes, hidden, learningRate, adversaryStep, classStep, mixing, g);
        }

        public Config withAdversary(double adversaryStep, double classStep, double mixing) {
            return new Config(budget, iterations, episodes, hidden, learningRate, adversaryStep, classStep, mixing, beliefGap);
        }

        public Config withLearningRate(double lr) {
            return new Config(budget, iterations, episodes, hidden, lr, adversaryStep, classStep, mixing, beliefGap);
        }
    }

    /**
     * The trained policy, the adversary's final weights and the per-iteration estimate of the
     * objective {@code max_k (Σ_h w_kh ℓ̂_kh − b_k)}.
     */
    public record Result(TrainablePolicy policy, double[][] particleWeights, double[] classWeights, double[] objective) {}

    /**
     * Trains a policy against {@code classes} (all of {@code problem}) with r-dependent baselines
     * {@code baselines[k]}; deterministic for a given {@code seed}.
     */
    public static Result train(IdentificationProblem problem, List<ProblemClass> classes, double[] baselines, Config cfg, long seed) {
        return train(problem, classes, baselines, cfg, seed, rng -> cfg.beliefGap() == 0
                ? new LearnedQueryPolicy(problem.queries(), cfg.hidden(), rng)
                : new LearnedQueryPolicy(problem, cfg.hidden(), cfg.beliefGap(), rng));
    }

    /**
     * As {@link #train(IdentificationProblem, List, double[], Config, long)} with the policy built by
     * {@code architecture} from the seed's initialisation stream (e.g. a {@link SharedScorePolicy}).
     */
    public static Result train(IdentificationProblem problem, List<ProblemClass> classes, double[] baselines, Config cfg, long seed,
            java.util.function.Function<Rng, TrainablePolicy> architecture) {
        int k = classes.size(), n = problem.hypotheses();
        if (k == 0) throw new IllegalArgumentException("RobustPolicyTraining.train: no problem classes");
        if (baselines.length != k) throw new IllegalArgumentException("RobustPolicyTraining.train: " + baselines.length + " baselines for " + k + " classes");
        for (ProblemClass c : classes) {
            if (c.size() != n) throw new IllegalArgumentException("RobustPolicyTraining.train: class r=" + c.r() + " has " + c.size() + " particles, the problem " + n + " hypotheses");
        }
        Rng root = new Rng(seed);
        TrainablePolicy policy = architecture.apply(root.split("init"));
        double[] psi = policy.parameters(), grad = new double[psi.length];
        Optimizer opt = Optimizer.of(Params.of("policy", Tensor.wrap(psi)), Adam.adam(cfg.learningRate()));
        Params gradParams = Params.of("policy", Tensor.wrap(grad));
        double[][] w = new double[k][n];
        for (double[] row : w) Arrays.fill(row, 1.0 / n);
        double[] q = new double[k];
        Arrays.fill(q, 1.0 / k);
        double[] objective = new double[cfg.iterations()];
        Rng play = root.split("episodes");
        double[][] lhat = new double[k][n];
        double[] j = new double[k];
        for (int it = 0; it < cfg.iterations(); it++) {
            Arrays.fill(grad, 0);
            Rng r = play.split(it);
            for (int c = 0; c < k; c++) {
                double sum = 0;
                for (int h = 0; h < n; h++) {
                    lhat[c][h] = Reinforce.accumulate(problem, policy, h, classes.get(c).gap(h), cfg.budget(), cfg.episodes(), q[c] * w[c][h], r.split((long) c * n + h), grad);
                    sum += w[c][h] * lhat[c][h];
                }
                j[c] = sum - baselines[c];
            }
            opt.step(gradParams);
            double worst = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                exponentiate(w[c], lhat[c], cfg.adversaryStep(), cfg.mixing());
                worst = Math.max(worst, j[c]);
            }
            exponentiate(q, j, cfg.classStep(), cfg.mixing());
            objective[it] = worst;
        }
        return new Result(policy, w, q, objective);
    }

    /** {@code w ← (1−γ) normalise(w · exp(η g)) + γ/n}. */
    private static void exponentiate(double[] w, double[] g, double eta, double mixing) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : g) max = Math.max(max, v);
        double z = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] *= Math.exp(eta * (g[i] - max));
            z += w[i];
        }
        for (int i = 0; i < w.length; i++) w[i] = (1 - mixing) * w[i] / z + mixing / w.length;
    }
}
