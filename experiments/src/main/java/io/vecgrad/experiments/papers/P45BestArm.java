package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.optim.active.IdentificationProblem;
import io.vecgrad.train.report.CurvePlots;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * P45 on its pure-exploration bandit side: the same adversarially trained query policy and the same
 * comparison as {@link P45LearningToActivelyLearn}, on best-arm identification with 8 Bernoulli arms
 * ({@link IdentificationProblem#bestArm}: one arm pays with probability 1/2 + Δ, the others with
 * 1/2 − Δ), a budget of 20 pulls and the lower-bound classes r = 1, 2, 4 (g(h) = 1, so Δ_h(r) is the
 * same for every arm). The paper's own bandit instances could not be read (abstract only), so the
 * two-level instance of the best-arm lower bounds stands in for them [reconstructed].
 *
 * <p><b>Threshold</b> (fixed before running, the same rule as P45's other tasks), means over seeds:
 * (a) the learned policy's worst-case error is below uniform pulling's on every class, and (b) its
 * objective {@code max_r (worst_r − b_r)} is at most uncertainty sampling's + 0.05.
 *
 * <pre>{@code
 * Outcome o = P45BestArm.run(3, 300, 300, false, new ArrayList<>());
 * }</pre>
 */
public final class P45BestArm extends PaperExperiment {

    public P45BestArm() {
        super("p45-best-arm", List.of("P45"),
                "P45 adversarially trained query policy vs uncertainty sampling on best-arm identification (8 arms, budget 20), worst case over lower-bound classes",
                Experiments.params("seeds", 3, "iterations", 300, "evalEpisodes", 300));
    }

    @Override
    public String claim() {
        return "a single pulling policy trained adversarially over lower-bound classes of best-arm problems competes with uncertainty sampling "
                + "in the worst case over each class at a budget of 20 pulls";
    }

    @Override
    public String threshold() {
        return "means over seeds: learned worst-case error below uniform pulling's on every class, "
                + "and learned max_r(worst_r - b_r) <= uncertainty sampling's + 0.05";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        List<CurvePlots.Curve> curves = new ArrayList<>();
        Outcome o = run(ctx.quick() ? 1 : p.getInt("seeds"), ctx.quick() ? 3 : p.getInt("iterations"), ctx.quick() ? 3 : p.getInt("evalEpisodes"), ctx.quick(), curves);
        Files.createDirectories(ctx.dir());
        o.attach(CurvePlots.write(ctx.dir().resolve("p45-best-arm-objective.png"), "training objective max_r (worst_r - b_r), seed 1", "iteration", "objective", curves, false, false));
        return o.toResult(ctx.dir());
    }

    /** Runs the best-arm task; the seed-1 training objective curve is added to {@code curves}. */
    public static Outcome run(int seeds, int iterations, int evalEpisodes, boolean tiny, List<CurvePlots.Curve> curves) {
        Outcome o = new Outcome();
        P45LearningToActivelyLearn.Task task = tiny
                ? new P45LearningToActivelyLearn.Task("best-arm", IdentificationProblem.bestArm(3), 4, false)
                : new P45LearningToActivelyLearn.Task("best-arm", IdentificationProblem.bestArm(8), 20, false);
        o.line(String.format("seeds 1..%d, %d training iterations, %d evaluation episodes per instance, classes r = %s",
                seeds, iterations, evalEpisodes, Arrays.toString(P45LearningToActivelyLearn.CLASSES)));
        P45LearningToActivelyLearn.runTask(task, seeds, iterations, evalEpisodes, tiny, curves, o);
        return o;
    }
}
