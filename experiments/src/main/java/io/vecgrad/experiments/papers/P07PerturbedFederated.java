package io.vecgrad.experiments.papers;

import io.vecgrad.distributed.LocalProblem;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.Worker;
import io.vecgrad.distributed.fed.PerturbedFedSgd;
import io.vecgrad.distributed.sim.SyncSimulator;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * P07 second-order guarantees of federated SGD (Vlaski, Rizk and Sayed, arXiv:2012.01474), on the
 * spec's saddle-escape oracle: K agents with {@code J_k(x, y) = x² − y² + y⁴/4 + b_k·y}, b_k = ±b
 * alternating so that the global J has a strict saddle at (0, 0) and minima at (0, ±√2). The
 * server runs {@link PerturbedFedSgd} (sample L agents, unbiased average of their exact gradients,
 * optional isotropic N(0, σ_v²I) perturbation) from exactly the saddle, step μ, T iterations,
 * seeds 1…s. Escape time = first iteration with |y| &gt; 1.
 *
 * <p>Criterion (fixed before running): (a) full participation (L = K) without perturbation stays
 * at the saddle exactly (|y_T| = 0) — there is no gradient noise; (b) client subsampling alone
 * (L = 2 of K = 8, σ_v = 0, heterogeneous b_k) escapes in every seed within T — the paper's point
 * that sampling noise carries energy along the escape direction; (c) with L = K and σ_v ∈ {1e-2,
 * 1e-4, 1e-6} every seed escapes, the median escape time grows as σ_v falls and stays below
 * 2·ln(1/σ_v)/ln(1 + 2μ) + 50 (the linearized growth rate of y is 1 + 2μ); (d) every escaped run
 * ends at an approximate second-order stationary point: the mean |y| over the last 100 iterations
 * is within 0.1 of √2 and the mean |x| below 0.1.
 *
 * <pre>{@code
 * Outcome o = P07PerturbedFederated.run(P07PerturbedFederated.Config.defaults());
 * }</pre>
 */
public final class P07PerturbedFederated extends PaperExperiment {
    public P07PerturbedFederated() {
        super("p07-saddle-escape", List.of("P07"), "P07 perturbed federated SGD escapes a strict saddle: sampling noise or isotropic perturbations, escape time ~ log(1/sigma)/mu",
                Experiments.params("agents", 8, "mu", 0.05, "b", 0.5, "iterations", 2000, "seeds", 5));
    }

    @Override
    public String claim() {
        return "federated SGD with client subsampling or small isotropic perturbations escapes a strict saddle in O(log(1/sigma)/mu) iterations and reaches a second-order stationary point; without any noise it stays";
    }

    @Override
    public String threshold() {
        return "L=K, sigma=0: |y_T| = 0; L=2 of 8, sigma=0: all seeds escape (|y| > 1) within T; L=K, sigma in {1e-2,1e-4,1e-6}: all escape, median time increasing as sigma falls and <= 2 ln(1/sigma)/ln(1+2mu) + 50; escaped runs end with mean |y| within 0.1 of sqrt(2) and mean |x| < 0.1 over the last 100 iterations";
    }

    /** Settings. */
    public record Config(int agents, double mu, double b, int iterations, int seeds) {
        public static Config defaults() {
            return new Config(8, 0.05, 0.5, 2000, 5);
        }

        public static Config quick() {
            return new Config(8, 0.05, 0.5, 400, 1);
        }
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws java.io.IOException {
        Config c = ctx.quick() ? Config.quick()
                : new Config(p.getInt("agents"), p.getDouble("mu"), p.getDouble("b"), p.getInt("iterations"), p.getInt("seeds"));
        return run(c).toResult(ctx.dir());
    }

    static LocalProblem agent(double bk) {
        return new LocalProblem() {
            public int dim() {
                return 2;
            }

            public double gradient(ParamVector p, Rng rng, ParamVector out) {
                double x = p.get(0), y = p.get(1);
                out.data()[0] = 2 * x;
                out.data()[1] = -2 * y + y * y * y + bk;
                return loss(p);
            }

            public double loss(ParamVector p) {
                double x = p.get(0), y = p.get(1);
                return x * x - y * y + y * y * y * y / 4 + bk * y;
            }
        };
    }

    /** One run: {escape iteration (or −1), mean |y| and mean |x| over the last 100 iterations, |y_T|}. */
    static double[] escape(Config c, int sampled, double sigma, long seed) {
        List<Worker> ws = new ArrayList<>();
        for (int k = 0; k < c.agents(); k++) ws.add(new Worker(k, ParamVector.zeros(2), agent(k % 2 == 0 ? c.b() : -c.b())));
        try (SyncSimulator sim = SyncSimulator.builder(ws).seed(seed).build()) {
            PerturbedFedSgd m = new PerturbedFedSgd(c.mu(), sampled, sigma);
            m.setUp(sim);
            int escaped = -1;
            double sumY = 0, sumX = 0;
            int tail = Math.min(100, c.iterations());
            for (int t = 0; t < c.iterations(); t++) {
                m.round(sim, t);
                ParamVector w = m.model(sim);
                if (escaped < 0 && Math.abs(w.get(1)) > 1) escaped = t + 1;
                if (t >= c.iterations() - tail) {
                    sumY += Math.abs(w.get(1));
                    sumX += Math.abs(w.get(0));
                }
            }
            return new double[] {escaped, sumY / tail, sumX / tail, Math.abs(m.model(sim).get(1))};
        }
    }

    public static Outcome run(Config c) {
        Outcome o = new Outcome();
        o.line("P07 saddle escape: K = " + c.agents() + " agents, J_k = x^2 - y^2 + y^4/4 +/- " + c.b() + " y, mu = " + c.mu() + ", T = " + c.iterations() + ", seeds 1.." + c.seeds());
        boolean stationaryOk = true;
        double[] still = escape(c, c.agents(), 0, 1);
        o.row("runs", "setting,sigma,seed,escape_iteration,tail_mean_abs_y,tail_mean_abs_x", "full-no-noise", 0, 1, still[0], still[1], still[2]);
        o.check("L = K, sigma = 0: |y_T| = " + still[3] + " (stays at the saddle)", still[3] == 0);
        boolean allEscape = true;
        for (int s = 1; s <= c.seeds(); s++) {
            double[] r = escape(c, 2, 0, s);
            o.row("runs", "setting,sigma,seed,escape_iteration,tail_mean_abs_y,tail_mean_abs_x", "subsampled-L2", 0, s, r[0], r[1], r[2]);
            allEscape &= r[0] > 0;
            if (r[0] > 0) stationaryOk &= Math.abs(r[1] - Math.sqrt(2)) < 0.1 && r[2] < 0.1;
        }
        o.check("L = 2 of " + c.agents() + ", sigma = 0: every seed escapes within T", allEscape);
        double previous = 0;
        boolean increasing = true, bounded = true, everyEscape = true;
        for (double sigma : new double[] {1e-2, 1e-4, 1e-6}) {
            double[] times = new double[c.seeds()];
            for (int s = 1; s <= c.seeds(); s++) {
                double[] r = escape(c, c.agents(), sigma, s);
                o.row("runs", "setting,sigma,seed,escape_iteration,tail_mean_abs_y,tail_mean_abs_x", "full-perturbed", sigma, s, r[0], r[1], r[2]);
                times[s - 1] = r[0] > 0 ? r[0] : Double.POSITIVE_INFINITY;
                everyEscape &= r[0] > 0;
                if (r[0] > 0) stationaryOk &= Math.abs(r[1] - Math.sqrt(2)) < 0.1 && r[2] < 0.1;
            }
            double median = SeedStats.of(times).median(), bound = 2 * Math.log(1 / sigma) / Math.log(1 + 2 * c.mu()) + 50;
            o.line(String.format("sigma %.0e: median escape iteration %.1f (bound %.1f, linear theory %.1f)", sigma, median, bound,
                    Math.log(1 / sigma) / Math.log(1 + 2 * c.mu())));
            o.figure("median_escape_sigma_" + sigma, median);
            increasing &= median > previous;
            bounded &= median <= bound;
            previous = median;
        }
        o.check("L = K with perturbations: every seed escapes", everyEscape);
        o.check("median escape time increases as sigma falls", increasing);
        o.check("median escape time <= 2 ln(1/sigma)/ln(1 + 2 mu) + 50", bounded);
        o.check("escaped runs end near (0, +/-sqrt(2)): tail mean |y| within 0.1 of sqrt(2), |x| < 0.1", stationaryOk);
        return o;
    }
}
