package io.vecgrad.optim.zeroth;

import io.vecgrad.optim.Params;
import java.util.Arrays;
import java.util.function.ToDoubleFunction;

/**
 * P03 stochastic hill climbing and random search over model weights (Brownlee, "How to Manually
 * Optimize Neural Network Models", Machine Learning Mastery): the whole weight vector is one
 * point; each step proposes a candidate and keeps it when its score is at least as good as the
 * current one (ties are accepted, so the search drifts across plateaus, as the tutorial's
 * {@code if cand_eval >= solution_eval}). The objective may be non-differentiable (training
 * accuracy of a step-activation network); autodiff is never used.
 *
 * <ul>
 *   <li>{@link #climb}: candidate = current + stepSize·N(0, I) (the tutorial's
 *       {@code step = solution + randn(len(solution)) * step_size});</li>
 *   <li>{@link #randomSearch}: candidate = a fresh uniform draw in [lo, hi)^d, independent of the
 *       current point (pure random search, the tutorial's starting distribution).</li>
 * </ul>
 *
 * <p>It works on the caller's {@link Params}: the tensors hold the current (best) weights after
 * each step, so the model built on them is the trained model. Candidate k of step t comes from
 * {@link PerturbationStream} (seed, "hill-climbing", t, 0): bitwise deterministic per seed.
 *
 * <pre>{@code
 * Params p = Params.of("w", Tensor.zeros(DType.FLOAT64, 3));
 * ToDoubleFunction<Params> loss = q -> TestFunctions.sphere(FlatParams.read(q));
 * HillClimbing hc = HillClimbing.climb(p, loss, HillClimbing.Goal.MINIMIZE, 0.1, 7);
 * ZerothOrderResult r = hc.run(1000);   // p now holds the best weights found
 * }</pre>
 */
public final class HillClimbing {
    /** Whether a higher or a lower score is better. */
    public enum Goal {
        MINIMIZE, MAXIMIZE;

        boolean atLeastAsGood(double candidate, double current) {
            return this == MAXIMIZE ? candidate >= current : candidate <= current;
        }
    }

    private final Params params;
    private final ToDoubleFunction<Params> objective;
    private final Goal goal;
    private final boolean random;
    private final double stepSize, lo, hi;
    private final PerturbationStream stream;
    private double[] current;
    private double score;
    private long evaluations;
    private int steps, accepted;

    private HillClimbing(Params params, ToDoubleFunction<Params> objective, Goal goal, boolean random, double stepSize, double lo, double hi, long seed) {
        this.params = params;
        this.objective = objective;
        this.goal = goal;
        this.random = random;
        this.stepSize = stepSize;
        this.lo = lo;
        this.hi = hi;
        this.stream = PerturbationStream.of(seed, random ? "random-search" : "hill-climbing");
        this.current = FlatParams.read(params);
        this.score = objective.applyAsDouble(params);
        this.evaluations = 1;
        if (Double.isNaN(score)) throw new IllegalArgumentException("HillClimbing: the objective is NaN at the initial weights");
    }

    /** Stochastic hill climbing from the weights now in {@code params}, Gaussian steps of standard deviation {@code stepSize}. */
    public static HillClimbing climb(Params params, ToDoubleFunction<Params> objective, Goal goal, double stepSize, long seed) {
        if (!(stepSize >= 0) || Double.isInfinite(stepSize)) throw new IllegalArgumentException("HillClimbing.climb: stepSize must be finite and >= 0, got " + stepSize);
        return new HillClimbing(params, objective, goal, false, stepSize, 0, 0, seed);
    }

    /** Random search: every candidate is drawn uniformly in [lo, hi)^d; the weights now in {@code params} are the first point. */
    public static HillClimbing randomSearch(Params params, ToDoubleFunction<Params> objective, Goal goal, double lo, double hi, long seed) {
        if (!(hi > lo) || Double.isInfinite(hi - lo)) throw new IllegalArgumentException("HillClimbing.randomSearch: need finite lo < hi, got [" + lo + ", " + hi + ")");
        return new HillClimbing(params, objective, goal, true, 0, lo, hi, seed);
    }

    /** One proposal; returns whether it was accepted. {@code params} holds the current point afterwards. */
    public boolean step() {
        double[] cand = new double[current.length];
        if (random) {
            stream.fillUniform(steps, 0, lo, hi, cand);
        } else {
            stream.fillGaussian(steps, 0, cand);
            for (int i = 0; i < cand.length; i++) cand[i] = current[i] + stepSize * cand[i];
        }
        steps++;
        FlatParams.write(params, cand);
        double s = objective.applyAsDouble(params);
        evaluations++;
        if (!Double.isNaN(s) && goal.atLeastAsGood(s, score)) {
            current = cand;
            score = s;
            accepted++;
            return true;
        }
        FlatParams.write(params, current);
        return false;
    }

    /** {@code iterations} steps; the history holds the current score after each step (monotone by construction). */
    public ZerothOrderResult run(int iterations) {
        if (iterations < 0) throw new IllegalArgumentException("HillClimbing.run: iterations must be >= 0, got " + iterations);
        double[] history = new double[iterations];
        for (int t = 0; t < iterations; t++) {
            step();
            history[t] = score;
        }
        return new ZerothOrderResult(current, score, evaluations, steps, iterations + " iterations (" + accepted + " accepted)", history);
    }

    /** The score of the current point. */
    public double score() {
        return score;
    }

    /** The current point (a copy of the flat weights). */
    public double[] current() {
        return current.clone();
    }

    /** Number of accepted proposals so far. */
    public int accepted() {
        return accepted;
    }

    @Override
    public String toString() {
        return (random ? "RandomSearch[" : "HillClimbing[step=" + stepSize + ", ") + "goal=" + goal + ", score=" + score + ", d=" + current.length
                + (current.length <= 4 ? ", x=" + Arrays.toString(current) : "") + "]";
    }
}
