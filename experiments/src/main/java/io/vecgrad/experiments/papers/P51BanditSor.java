package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.optim.linear.RelaxationProblems;
import io.vecgrad.optim.linear.Sor;
import io.vecgrad.optim.linear.TsallisInf;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.tensor.sparse.CsrMatrix;
import java.io.IOException;
import java.util.List;

/**
 * P51 (Khodak, Chow, Balcan, Talwalkar, ICLR 2024): choosing SOR's ω across a sequence of linear
 * systems with the Tsallis-INF bandit, in the code's setting ({@code scripts/learning.m} of
 * mkhodak/learning-to-relax) scaled to two cores: {@code A_t = delsq(numgrid('S', 12)) + c_t·I}
 * (100 unknowns) with the high-variance shifts {@code c_t = −0.15 + 0.6·Beta(0.5, 1.5)}, N(0, 1)
 * right-hand sides, SOR from 0 to relative residual 1e-8 (cap 10000), 20 arms
 * {@code ω ∈ linspace(1, 1.95, 20)}, T instances (default 2000, the paper 5000) and 5 bandit
 * trials over one instance sequence (the paper: 40 trials). The cost of every arm on every
 * instance is computed once, so the best fixed ω in hindsight and the instance-optimal cost are
 * known exactly.
 *
 * <p>Criterion (fixed before running): the bandit's mean total iterations are at most 1.25× those
 * of the best fixed ω in hindsight after T instances, and the ratio at T is below the ratio after
 * T/10 instances (it approaches the best fixed ω).
 */
public final class P51BanditSor extends PaperExperiment {
    public P51BanditSor() {
        super("p51-bandit-sor", List.of("P51"), "P51 learning to relax: Tsallis-INF picks SOR's omega over a sequence of shifted 2-D Laplacian systems",
                Experiments.params("instances", 2000, "trials", 5, "grid", 12));
    }

    @Override
    public String claim() {
        return "over a sequence of shifted Laplacian systems, Tsallis-INF's cumulative SOR iterations approach those of the best fixed omega in hindsight";
    }

    @Override
    public String threshold() {
        return "mean over trials: total iterations(bandit) <= 1.25 x total(best fixed omega) after T instances, and that ratio at T < the ratio at T/10";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        int t = ctx.quick() ? 60 : p.getInt("instances"), trials = ctx.quick() ? 2 : p.getInt("trials"), grid = ctx.quick() ? 6 : p.getInt("grid");
        return run(t, trials, grid).toResult(ctx.dir());
    }

    public static Outcome run(int instances, int trials, int grid) {
        Outcome o = new Outcome();
        int arms = 20;
        double[] omega = new double[arms];
        for (int i = 0; i < arms; i++) omega[i] = 1 + 0.95 * i / (arms - 1);
        Rng rng = new Rng(51);
        Rng shifts = rng.split("shift"), rhs = rng.split("rhs");
        int[][] cost = new int[instances][arms];
        for (int t = 0; t < instances; t++) {
            CsrMatrix a = RelaxationProblems.shiftedLaplacian(grid, RelaxationProblems.highVarianceShift(shifts));
            double[] b = RelaxationProblems.rhs(rhs, a.rows());
            for (int i = 0; i < arms; i++) cost[t][i] = Sor.solve(a, b, new double[a.rows()], omega[i], 1e-8, 10_000).iterations();
        }
        o.line(String.format("P51 SOR omega by Tsallis-INF: %dx%d grid (%d unknowns), %d instances, %d arms in [1, 1.95], %d trials", grid, grid,
                (grid - 2) * (grid - 2), instances, arms, trials));
        int[] checkpoints = {Math.max(1, instances / 10), instances};
        double[] ratio = new double[2];
        for (int c = 0; c < 2; c++) {
            int horizon = checkpoints[c];
            long[] fixed = new long[arms];
            long oracle = 0;
            for (int t = 0; t < horizon; t++) {
                int best = Integer.MAX_VALUE;
                for (int i = 0; i < arms; i++) {
                    fixed[i] += cost[t][i];
                    best = Math.min(best, cost[t][i]);
                }
                oracle += best;
            }
            int bestArm = 0;
            for (int i = 1; i < arms; i++) if (fixed[i] < fixed[bestArm]) bestArm = i;
            double banditMean = 0;
            for (int trial = 0; trial < trials; trial++) {
                TsallisInf bandit = new TsallisInf(arms, 1000 + trial);
                long total = 0;
                for (int t = 0; t < horizon; t++) {
                    int arm = bandit.select();
                    total += cost[t][arm];
                    bandit.update(cost[t][arm]);
                }
                banditMean += (double) total / trials;
                o.row("p51-totals", "horizon,trial,bandit_total", horizon, trial, total);
            }
            ratio[c] = banditMean / fixed[bestArm];
            o.row("p51-summary", "horizon,bandit_mean_total,best_fixed_omega,best_fixed_total,gauss_seidel_total,instance_optimal_total,ratio",
                    horizon, banditMean, omega[bestArm], fixed[bestArm], fixed[0], oracle, ratio[c]);
            o.line(String.format("  T = %d: bandit %.0f, best fixed omega %.3f %d, Gauss-Seidel %d, instance-optimal %d; ratio %.3f", horizon, banditMean,
                    omega[bestArm], fixed[bestArm], fixed[0], oracle, ratio[c]));
            o.figure("ratio_T" + horizon, ratio[c]);
        }
        o.check(String.format("bandit / best fixed omega after %d instances = %.3f; needs <= 1.25", instances, ratio[1]), ratio[1] <= 1.25);
        o.check(String.format("ratio falls from %.3f (T/10) to %.3f (T)", ratio[0], ratio[1]), ratio[1] < ratio[0]);
        return o;
    }
}
