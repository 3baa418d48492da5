package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.optim.online.Domain;
import io.vecgrad.optim.online.Hindsight;
import io.vecgrad.optim.online.Hint;
import io.vecgrad.optim.online.OnlineLearner;
import io.vecgrad.optim.online.OnlineLoop;
import io.vecgrad.optim.online.OptimisticOmd;
import io.vecgrad.optim.online.QuadraticLoss;
import io.vecgrad.optim.online.SeaSequence;
import io.vecgrad.optim.online.StepRule;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.report.CurvePlots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * P44 optimistic OMD (Chen et al., ICML 2023) against plain OMD, both with the adaptive step
 * {@code η_t = D/√(δ + Σ_{s<t}‖g_s − M_s‖²)} (OMD: M ≡ 0; OOMD: M_t = g_{t−1}); δ is the squared
 * gradient bound of each setting (1 on the simplex, d on the ball), so the first step is not
 * unbounded. The paper is theoretical; the spec's canonical experiment is synthetic
 * [reconstructed], scaled as follows.
 *
 * <ul>
 *   <li><b>Predictable sequence</b>: the losses a player sees in self-play on a zero-sum matrix game
 *       (rock-paper-scissors plus 0.1·N(0, 1) noise per payoff, seeded), both players running the same
 *       entropic learner (Hedge vs optimistic Hedge) on the 3-simplex, T = 10,000 rounds: the
 *       opponent moves slowly, so the gradient sequence has small variation Σ² (the setting of
 *       Rakhlin and Sridharan 2013 and Syrgkanis et al. 2015). Regret: the mean of the two players'
 *       regrets against the best fixed strategy in hindsight.</li>
 *   <li><b>Adversarial sequence</b>: the SEA model with α = 1, σ = 0 ({@link SeaSequence}:
 *       i.i.d. Rademacher linear losses, maximal variation), d = 10, on the simplex (entropic) and on
 *       the unit ball (Euclidean), T = 10,000.</li>
 *   <li>Reported, not judged: the Euclidean learners in the game, and a SEA sweep α ∈ {0, 0.5, 1},
 *       σ ∈ {0, 0.5} (drift 1, period 100) with the entropic learners.</li>
 * </ul>
 *
 * Seeds 1…5. Criterion (fixed before running): in the game, OOMD's mean final regret ≤ ½ ×
 * OMD's; on the adversarial sequences, OOMD's mean final regret ≤ 2 × OMD's, both for the entropic
 * and the Euclidean learner.
 *
 * <pre>{@code
 * Outcome o = P44OptimisticOmd.run(P44OptimisticOmd.Config.defaults());
 * }</pre>
 */
public final class P44OptimisticOmd extends PaperExperiment {
    public P44OptimisticOmd() {
        super("p44-optimistic-omd", List.of("P44"), "P44 optimistic OMD vs OMD: regret on a predictable (game self-play) and an adversarial (SEA, alpha = 1) sequence",
                Experiments.params("seeds", 5, "rounds", 10000));
    }

    @Override
    public String claim() {
        return "optimistic OMD has a lower regret than OMD on a predictable sequence (matrix-game self-play) and a comparable one on an adversarial (i.i.d. Rademacher) sequence";
    }

    @Override
    public String threshold() {
        return "mean final regret over 5 seeds, T = 10000: game self-play (entropic) OOMD <= 0.5 x OMD; adversarial SEA alpha = 1, entropic and Euclidean: OOMD <= 2 x OMD";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        Config c = ctx.quick() ? Config.quick() : new Config(p.getInt("seeds"), p.getInt("rounds"));
        Outcome o = run(c);
        List<Path> pngs = plots(c, ctx.dir());
        pngs.forEach(o::attach);
        return o.toResult(ctx.dir());
    }

    public record Config(int seeds, int rounds) {
        public static Config defaults() {
            return new Config(5, 10000);
        }

        public static Config quick() {
            return new Config(2, 500);
        }
    }

    /** A learner factory: entropic or Euclidean, optimistic or not, for dimension d. */
    static Supplier<OnlineLearner> learner(boolean entropic, boolean optimistic, int d) {
        Hint hint = optimistic ? Hint.lastGradient() : Hint.zero();
        String name = (optimistic ? "oomd" : "omd") + (entropic ? "-entropic" : "-euclidean");
        return entropic ? () -> OptimisticOmd.entropic(d, StepRule.adaptive(Math.sqrt(Math.log(d)), 1), hint).named(name)
                : () -> OptimisticOmd.euclidean(Domain.ball(d, 1), StepRule.adaptive(2, d), hint).named(name);
    }

    /** Rock-paper-scissors losses for the row player plus 0.1·N(0, 1) per entry. */
    static double[][] game(long seed) {
        double[][] a = {{0, 1, -1}, {-1, 0, 1}, {1, -1, 0}};
        Rng r = new Rng(seed).split("p44-game");
        for (double[] row : a) for (int j = 0; j < 3; j++) row[j] += 0.1 * r.nextGaussian();
        return a;
    }

    /**
     * Self-play: x plays against y on loss xᵀAy (y maximizes it); each round both observe their
     * gradients {@code Ay} and {@code −Aᵀx}. Returns the per-round mean of the two players' regrets.
     * Euclidean learners play on the simplex through projection.
     */
    static double[] selfPlay(double[][] a, Supplier<OnlineLearner> make, boolean entropic, int rounds) {
        OnlineLearner px = entropic ? make.get() : euclideanOnSimplex(make), py = entropic ? make.get() : euclideanOnSimplex(make);
        Domain simplex = Domain.simplex(3);
        Hindsight hx = new Hindsight(simplex), hy = new Hindsight(simplex);
        double lossX = 0, lossY = 0;
        double[] regret = new double[rounds];
        for (int t = 0; t < rounds; t++) {
            double[] x = px.play(), y = py.play();
            double[] gx = new double[3], gy = new double[3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    gx[i] += a[i][j] * y[j];
                    gy[j] -= a[i][j] * x[i];
                }
            }
            double v = 0;
            for (int i = 0; i < 3; i++) v += x[i] * gx[i];
            lossX += v;
            lossY -= v;
            px.observe(gx);
            py.observe(gy);
            hx.add(QuadraticLoss.linear(gx));
            hy.add(QuadraticLoss.linear(gy));
            regret[t] = 0.5 * ((lossX - hx.bestValue()) + (lossY - hy.bestValue()));
        }
        return regret;
    }

    private static OnlineLearner euclideanOnSimplex(Supplier<OnlineLearner> make) {
        String name = make.get().name();
        Hint hint = name.startsWith("oomd") ? Hint.lastGradient() : Hint.zero();
        return OptimisticOmd.euclidean(Domain.simplex(3), StepRule.adaptive(Math.sqrt(2), 1), hint).named(name);
    }

    static double[] adversarial(Supplier<OnlineLearner> make, boolean entropic, double alpha, double sigma, int rounds, long seed) {
        int d = 10;
        SeaSequence s = new SeaSequence(d, 0, 1, 100, alpha, sigma, seed);
        return OnlineLoop.run(make.get(), s, rounds, entropic ? Domain.simplex(d) : Domain.ball(d, 1)).regret();
    }

    public static Outcome run(Config c) {
        Outcome o = new Outcome();
        o.line(String.format("P44: OOMD (hint = last gradient) vs OMD (zero hint), adaptive steps, T = %d, seeds 1..%d", c.rounds(), c.seeds()));
        double[][] game = new double[4][c.seeds()];   // entropic omd, oomd, euclidean omd, oomd
        double[][] adv = new double[4][c.seeds()];
        for (int s = 0; s < c.seeds(); s++) {
            long seed = s + 1;
            double[][] a = game(seed);
            for (int k = 0; k < 4; k++) {
                boolean entropic = k < 2, optimistic = k % 2 == 1;
                Supplier<OnlineLearner> make = learner(entropic, optimistic, entropic ? 3 : 3);
                double[] rg = selfPlay(a, make, entropic, c.rounds());
                game[k][s] = rg[rg.length - 1];
                double[] ra = adversarial(learner(entropic, optimistic, 10), entropic, 1, 0, c.rounds(), seed);
                adv[k][s] = ra[ra.length - 1];
                String name = make.get().name();
                o.row("p44-final-regret", "setting,learner,seed,final_regret", "game", name, seed, game[k][s]);
                o.row("p44-final-regret", "setting,learner,seed,final_regret", "adversarial", name, seed, adv[k][s]);
            }
        }
        SeedStats gOmd = SeedStats.of(game[0]), gOomd = SeedStats.of(game[1]);
        o.check(String.format("game self-play, entropic: OOMD regret %s vs OMD %s; needs OOMD <= 0.5 x OMD", gOomd.format(1, 3), gOmd.format(1, 3)),
                gOomd.mean() <= 0.5 * gOmd.mean());
        o.line(String.format("       game self-play, Euclidean (reported): OOMD %s vs OMD %s", SeedStats.of(game[3]).format(1, 3), SeedStats.of(game[2]).format(1, 3)));
        for (int k = 0; k < 4; k += 2) {
            SeedStats omd = SeedStats.of(adv[k]), oomd = SeedStats.of(adv[k + 1]);
            o.check(String.format("adversarial SEA alpha = 1, %s: OOMD regret %s vs OMD %s (ratio %.3f); needs OOMD <= 2 x OMD", k == 0 ? "entropic" : "Euclidean",
                    oomd.format(1, 3), omd.format(1, 3), oomd.mean() / omd.mean()), oomd.mean() <= 2 * omd.mean());
        }
        o.figure("game_oomd_over_omd", gOomd.mean() / gOmd.mean());
        o.figure("adversarial_entropic_oomd_over_omd", SeedStats.of(adv[1]).mean() / SeedStats.of(adv[0]).mean());
        sweep(c, o);
        return o;
    }

    /** Reported: the SEA interpolation with the entropic learners. */
    static void sweep(Config c, Outcome o) {
        for (double alpha : new double[] {0, 0.5, 1}) {
            for (double sigma : new double[] {0, 0.5}) {
                double[][] r = new double[2][c.seeds()];
                double variation = 0, variance = 0;
                for (int s = 0; s < c.seeds(); s++) {
                    for (int k = 0; k < 2; k++) {
                        double[] reg = adversarial(learner(true, k == 1, 10), true, alpha, sigma, c.rounds(), s + 1);
                        r[k][s] = reg[reg.length - 1];
                    }
                    SeaSequence seq = new SeaSequence(10, 0, 1, 100, alpha, sigma, s + 1);
                    variation += seq.adversarialVariation(c.rounds()) / c.seeds();
                    variance += seq.stochasticVariance(c.rounds()) / c.seeds();
                }
                o.row("p44-sea-sweep", "alpha,sigma,sigma2_1T,Sigma2_1T,omd_regret_mean,oomd_regret_mean", alpha, sigma, variance, variation,
                        SeedStats.of(r[0]).mean(), SeedStats.of(r[1]).mean());
                o.line(String.format("       SEA alpha %.1f sigma %.1f (sigma^2_1:T %.0f, Sigma^2_1:T %.0f): OMD %s, OOMD %s (reported)", alpha, sigma, variance,
                        variation, SeedStats.of(r[0]).format(1, 2), SeedStats.of(r[1]).format(1, 2)));
            }
        }
    }

    static List<Path> plots(Config c, Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        List<CurvePlots.Curve> g = new ArrayList<>(), a = new ArrayList<>();
        for (boolean optimistic : new boolean[] {false, true}) {
            String name = optimistic ? "optimistic Hedge" : "Hedge";
            addEvery(g, name, selfPlay(game(1), learner(true, optimistic, 3), true, c.rounds()));
            addEvery(a, name, adversarial(learner(true, optimistic, 10), true, 1, 0, c.rounds(), 1));
        }
        Files.createDirectories(dir);
        out.add(CurvePlots.write(dir.resolve("p44-regret-game.png"), "P44: regret in game self-play (seed 1)", "round", "regret", g, false, false));
        out.add(CurvePlots.write(dir.resolve("p44-regret-adversarial.png"), "P44: regret on SEA sequences, alpha = 1 (seed 1)", "round",
                "regret", a, false, false));
        return out;
    }

    private static void addEvery(List<CurvePlots.Curve> p, String label, double[] regret) {
        int every = Math.max(1, regret.length / 500);
        int n = regret.length / every;
        double[] x = new double[n], y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (i + 1) * every;
            y[i] = regret[(i + 1) * every - 1];
        }
        p.add(new CurvePlots.Curve(label, x, y));
    }
}
