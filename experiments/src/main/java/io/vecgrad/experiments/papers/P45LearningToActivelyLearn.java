package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.optim.active.BinarySearch;
import io.vecgrad.optim.active.IdentificationProblem;
import io.vecgrad.optim.active.ProblemClass;
import io.vecgrad.optim.active.QueryPolicy;
import io.vecgrad.optim.active.RobustPolicyTraining;
import io.vecgrad.optim.active.SharedScorePolicy;
import io.vecgrad.optim.active.Rollouts;
import io.vecgrad.optim.active.UncertaintySampling;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.report.CurvePlots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * P45 learning to actively learn (Zhang, Jain, Jamieson, arXiv:2010.15382): one query policy trained
 * adversarially over problem classes derived from the lower bound competes, in the worst case over
 * each class, with the standard uncertainty-sampling rule at a budget of a few dozen queries.
 *
 * <p><b>Setting.</b> Two tasks of {@link IdentificationProblem}: noisy 1-D thresholds on 12 points
 * (13 hypotheses) and a 20-questions game on the bundled digits ({@link DigitsTwentyQuestions}: 16
 * items, 32 pixel questions), both with a budget of 20 queries and the classes
 * {@code Θ(r) = {(h, Δ) : ρ*(h, Δ) ≤ r}} for r = 1, 2, 4 (answers right with probability ≈ 0.9, 0.8,
 * 0.7). The r-dependent baseline {@code b_r} of the paper's objective is approximated by the worst-case
 * error of uncertainty sampling told the class's own (median) gap [reconstructed: the paper trains a
 * policy per class]. The learned policy (a {@link SharedScorePolicy} with 16 hidden units reading the
 * history through a belief at nominal gap 0.25, trained by {@link RobustPolicyTraining} with its default
 * steps for {@code iterations} iterations, seeds 1…{@code seeds}) minimises
 * {@code max_r (worst-case error over Θ(r) − b_r)}. Compared at the end, each by its worst-case error
 * over every class ({@code evalEpisodes} episodes per instance): the learned policy (sampling its
 * queries), uncertainty sampling with one nominal gap 0.25 (not told r, like the learned policy),
 * passive uniform querying, and binary search on thresholds.
 *
 * <p><b>Threshold</b> (fixed before running), on each task with the figures averaged over seeds:
 * (a) the learned policy's worst-case error is below the uniform policy's on every class, and (b) its
 * objective {@code max_r (worst_r − b_r)} is at most uncertainty sampling's + 0.05.
 *
 * <pre>{@code
 * Outcome o = P45LearningToActivelyLearn.run(3, 300, 300, false, new ArrayList<>());
 * }</pre>
 */
public final class P45LearningToActivelyLearn extends PaperExperiment {
    static final double[] CLASSES = {1, 2, 4};
    static final double NOMINAL_GAP = 0.25;

    public P45LearningToActivelyLearn() {
        super("p45-learning-to-actively-learn", List.of("P45"),
                "P45 adversarially trained query policy vs uncertainty sampling: worst case over lower-bound classes on noisy thresholds and a digits 20-questions game, budget 20",
                Experiments.params("seeds", 3, "iterations", 300, "evalEpisodes", 300));
    }

    @Override
    public String claim() {
        return "a single query policy trained adversarially over lower-bound problem classes competes with uncertainty sampling in the worst case over each class at a budget of 20 queries";
    }

    @Override
    public String threshold() {
        return "per task (thresholds, digits 20-questions), means over seeds: learned worst-case error below uniform querying's on every class, "
                + "and learned max_r(worst_r - b_r) <= uncertainty sampling's + 0.05";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        List<CurvePlots.Curve> curves = new ArrayList<>();
        Outcome o = run(ctx.quick() ? 1 : p.getInt("seeds"), ctx.quick() ? 3 : p.getInt("iterations"), ctx.quick() ? 3 : p.getInt("evalEpisodes"), ctx.quick(), curves);
        Files.createDirectories(ctx.dir());
        o.attach(CurvePlots.write(ctx.dir().resolve("p45-objective.png"), "training objective max_r (worst_r - b_r), seed 1", "iteration", "objective", curves, false, false));
        return o.toResult(ctx.dir());
    }

    record Task(String name, IdentificationProblem problem, int budget, boolean thresholds) {}

    /** Runs both tasks; the seed-1 training objective curves are added to {@code curves}. */
    public static Outcome run(int seeds, int iterations, int evalEpisodes, boolean tiny, List<CurvePlots.Curve> curves) {
        Outcome o = new Outcome();
        List<Task> tasks = tiny
                ? List.of(new Task("thresholds", IdentificationProblem.thresholds(4), 4, true), new Task("digits-20q", DigitsTwentyQuestions.build(5, 6), 4, false))
                : List.of(new Task("thresholds", IdentificationProblem.thresholds(12), 20, true), new Task("digits-20q", DigitsTwentyQuestions.build(16, 32), 20, false));
        o.line(String.format("seeds 1..%d, %d training iterations, %d evaluation episodes per instance, classes r = %s", seeds, iterations, evalEpisodes, Arrays.toString(CLASSES)));
        for (Task t : tasks) runTask(t, seeds, iterations, evalEpisodes, tiny, curves, o);
        return o;
    }

    static void runTask(Task t, int seeds, int iterations, int evalEpisodes, boolean tiny, List<CurvePlots.Curve> curves, Outcome o) {
        IdentificationProblem p = t.problem();
        int k = CLASSES.length;
        List<ProblemClass> classes = new ArrayList<>();
        double[] baseline = new double[k];
        Rng evalRoot = new Rng(45).split(t.name());
        for (int c = 0; c < k; c++) {
            ProblemClass cls = ProblemClass.of(p, CLASSES[c]);
            classes.add(cls);
            double median = median(cls.gaps());
            baseline[c] = Rollouts.worstCase(p, new UncertaintySampling(p, median), cls, t.budget(), evalEpisodes, evalRoot.split("baseline" + c));
            o.line(String.format("%s: %d hypotheses, %d queries, budget %d; r=%g: median gap %.3f, r-dependent baseline b_r (r-aware uncertainty sampling) %.3f",
                    t.name(), p.hypotheses(), p.queries(), t.budget(), CLASSES[c], median, baseline[c]));
        }
        RobustPolicyTraining.Config cfg = RobustPolicyTraining.Config.defaults(t.budget()).withIterations(iterations);
        int hidden = tiny ? 4 : 16;
        Map<String, double[]> worstSum = new LinkedHashMap<>();
        Map<String, Double> objSum = new LinkedHashMap<>();
        for (int seed = 1; seed <= seeds; seed++) {
            long t0 = System.nanoTime();
            RobustPolicyTraining.Result res = RobustPolicyTraining.train(p, classes, baseline, cfg, seed, rng -> new SharedScorePolicy(p, hidden, NOMINAL_GAP, rng));
            double secs = (System.nanoTime() - t0) / 1e9;
            if (seed == 1) {
                double[] it = new double[iterations];
                for (int i = 0; i < iterations; i++) it[i] = i + 1;
                curves.add(new CurvePlots.Curve(t.name(), it, res.objective()));
            }
            Map<String, QueryPolicy> methods = new LinkedHashMap<>();
            methods.put("learned", res.policy());
            methods.put("uncertainty", new UncertaintySampling(p, NOMINAL_GAP));
            methods.put("uniform", h -> uniform(p.queries()));
            if (t.thresholds()) methods.put("binary-search", new BinarySearch(p.queries()));
            Rng ev = evalRoot.split(seed);
            StringBuilder line = new StringBuilder(String.format("%s seed %d (training %.1f s):", t.name(), seed, secs));
            for (Map.Entry<String, QueryPolicy> m : methods.entrySet()) {
                double obj = Double.NEGATIVE_INFINITY;
                double[] w = worstSum.computeIfAbsent(m.getKey(), key -> new double[k]);
                line.append(' ').append(m.getKey()).append(" [");
                for (int c = 0; c < k; c++) {
                    double worst = Rollouts.worstCase(p, m.getValue(), classes.get(c), t.budget(), evalEpisodes, ev.split(m.getKey() + c));
                    w[c] += worst / seeds;
                    obj = Math.max(obj, worst - baseline[c]);
                    o.row("p45-worst-case", "task,seed,method,r,worst_case_error,baseline_b_r", t.name(), seed, m.getKey(), CLASSES[c], worst, baseline[c]);
                    line.append(String.format(c == 0 ? "%.3f" : " %.3f", worst));
                }
                objSum.merge(m.getKey(), obj / seeds, Double::sum);
                line.append(String.format("] obj %.3f;", obj));
            }
            o.line(line.toString());
        }
        for (String m : worstSum.keySet()) {
            for (int c = 0; c < k; c++) o.figure(t.name() + "_" + m + "_worst_r" + (int) CLASSES[c], worstSum.get(m)[c]);
            o.figure(t.name() + "_" + m + "_objective", objSum.get(m));
        }
        double[] learned = worstSum.get("learned"), uniform = worstSum.get("uniform");
        boolean beatsPassive = true;
        for (int c = 0; c < k; c++) beatsPassive &= learned[c] < uniform[c];
        o.check(String.format("%s: learned worst-case error %s below uniform querying's %s on every class", t.name(), fmt(learned), fmt(uniform)), beatsPassive);
        double lo = objSum.get("learned"), uo = objSum.get("uncertainty");
        o.check(String.format("%s: learned objective max_r(worst_r - b_r) = %.3f <= uncertainty sampling's %.3f + 0.05", t.name(), lo, uo), lo <= uo + 0.05);
    }

    private static double[] uniform(int n) {
        double[] u = new double[n];
        Arrays.fill(u, 1.0 / n);
        return u;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    private static String fmt(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) b.append(i == 0 ? "" : ", ").append(String.format("%.3f", v[i]));
        return b.append(']').toString();
    }
}
