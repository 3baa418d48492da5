package io.vecgrad.experiments.papers;

import io.vecgrad.distributed.dadao.Dadao;
import io.vecgrad.distributed.dadao.DadaoConstants;
import io.vecgrad.distributed.dadao.GraphSpectrum;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.random.Rng;

import java.util.ArrayList;
import java.util.List;

/**
 * P46 DADAO (Nabli and Oyallon, ICML 2023) in the authors' linear-regression setting
 * ({@code main.py}: n = 10 workers, dim 2, 1,000 samples in total, per-worker data from a
 * {@code make_regression}-like generator with noise 10 and a per-worker slope scale U(0.01, 5);
 * f_i(x) = (1/m)Σ(⟨a, x⟩ − y)², μ and L the worst per-worker constants as
 * {@code compute_regularity_constants}), on the complete graph, the cycle and the path, gradient
 * rate 1 per node, gossip rate λ_mix = √(2χ₁χ₂), horizon t = 200.
 *
 * <p>Criterion (fixed before running): on every graph the mean squared distance to the
 * least-squares optimum falls below 1e-6 of its initial value by t = 200, and it falls
 * geometrically (the value at t = 200 is below 1e-2 of the value at t = 100); the numbers of
 * gradient and gossip events lie within 4 standard deviations of n·t and λ_mix·t; doubling the
 * gradient rate leaves the number of gossip events unchanged.
 *
 * <pre>{@code
 * Outcome o = P46Dadao.run(P46Dadao.Config.defaults());
 * }</pre>
 */
public final class P46Dadao extends PaperExperiment {
    public P46Dadao() {
        super("p46-dadao", List.of("P46"),
                "P46 DADAO on linear regression: linear convergence on complete, cycle and path graphs with decoupled Poisson gradient and gossip events",
                Experiments.params("horizon", 200.0, "workers", 10));
    }

    @Override
    public String claim() {
        return "DADAO converges linearly to the optimum of a decentralized strongly convex problem with asynchronous, decoupled gradient (rate 1 per node) and gossip (rate lambda_mix) events";
    }

    @Override
    public String threshold() {
        return "on complete, cycle and path graphs: distance(t=T)/distance(0) <= 1e-6 and distance(T)/distance(T/2) <= 1e-2; event counts within 4 sd of n*T and lambda_mix*T; doubling the gradient rate leaves the gossip count unchanged";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws java.io.IOException {
        return run(ctx.quick() ? Config.quick() : new Config(p.getDouble("horizon"), p.getInt("workers"), 1000, 2)).toResult(ctx.dir());
    }

    /** Horizon T, workers n, samples in total and dimension. */
    public record Config(double horizon, int workers, int samples, int dim) {
        public static Config defaults() {
            return new Config(200, 10, 1000, 2);
        }

        public static Config quick() {
            return new Config(10, 4, 80, 2);
        }
    }

    /** Per-worker data, the worst μ and L and the global least-squares solution. */
    record Regression(double[][][] a, double[][] y, double mu, double smooth, double[] xStar) {
        void gradient(int i, double[] x, double[] out) {
            java.util.Arrays.fill(out, 0);
            int m = y[i].length;
            for (int r = 0; r < m; r++) {
                double res = -y[i][r];
                for (int k = 0; k < x.length; k++) res += a[i][r][k] * x[k];
                for (int k = 0; k < x.length; k++) out[k] += 2 * a[i][r][k] * res / m;
            }
        }
    }

    static Regression regression(int n, int m, int d, Rng rng) {
        double[][][] a = new double[n][m][d];
        double[][] y = new double[n][m];
        double mu = Double.MAX_VALUE, l = 0;
        double[] h = new double[d * d], rhs = new double[d];
        for (int i = 0; i < n; i++) {
            double[] coef = new double[d];
            for (int k = 0; k < d; k++) coef[k] = 100 * rng.nextDouble();   // make_regression draws coefficients in [0, 100)
            double slope = 0.01 + 4.99 * rng.nextDouble();
            double[] gram = new double[d * d];
            for (int r = 0; r < m; r++) {
                double t = 10 * rng.nextGaussian();
                for (int k = 0; k < d; k++) {
                    a[i][r][k] = rng.nextGaussian();
                    t += coef[k] * a[i][r][k];
                }
                y[i][r] = slope * t;
                for (int k = 0; k < d; k++) {
                    rhs[k] += 2.0 / m * a[i][r][k] * y[i][r];
                    for (int q = 0; q < d; q++) gram[k * d + q] += 2.0 / m * a[i][r][k] * a[i][r][q];
                }
            }
            double[] ev = Linalg.eigvalsh(Tensor.of(gram, d, d)).toDoubleArray();
            mu = Math.min(mu, ev[0]);
            l = Math.max(l, ev[d - 1]);
            for (int k = 0; k < d * d; k++) h[k] += gram[k];
        }
        return new Regression(a, y, mu, l, Linalg.solve(Tensor.of(h, d, d), Tensor.of(rhs)).toDoubleArray());
    }

    static int[][] graph(String name, int n) {
        List<int[]> e = new ArrayList<>();
        switch (name) {
            case "complete" -> {
                for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) e.add(new int[] {i, j});
            }
            case "cycle" -> {
                for (int i = 0; i < n; i++) e.add(new int[] {i, (i + 1) % n});
            }
            case "path" -> {
                for (int i = 0; i + 1 < n; i++) e.add(new int[] {i, i + 1});
            }
            default -> throw new IllegalArgumentException("P46Dadao: unknown graph " + name);
        }
        return e.toArray(new int[0][]);
    }

    private static double distance(Dadao run, Regression p, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double[] x = run.model(i);
            for (int k = 0; k < x.length; k++) s += (x[k] - p.xStar()[k]) * (x[k] - p.xStar()[k]);
        }
        return s / n;
    }

    public static Outcome run(Config c) {
        Outcome o = new Outcome();
        int n = c.workers();
        Rng rng = new Rng(46);
        Regression p = regression(n, c.samples() / n, c.dim(), rng.split("data"));
        o.line(String.format("n = %d, dim %d, μ = %.4g, L = %.4g, T = %.0f", n, c.dim(), p.mu(), p.smooth(), c.horizon()));
        for (String name : List.of("complete", "cycle", "path")) {
            GraphSpectrum g = GraphSpectrum.of(n, graph(name, n));
            DadaoConstants k = DadaoConstants.of(p.mu(), p.smooth(), g.chi1(), g.lambdaMix());
            double[][] x0 = new double[n][c.dim()];
            Rng init = rng.split("init");
            for (double[] row : x0) for (int j = 0; j < row.length; j++) row[j] = init.nextGaussian();
            Dadao run = new Dadao(k, g, p::gradient, x0, 1, g.lambdaMix(), rng.split(name));
            double d0 = distance(run, p, n), half = 0;
            int steps = 20;
            for (int s = 1; s <= steps; s++) {
                double t = c.horizon() * s / steps;
                run.advance(t);
                double dist = distance(run, p, n);
                if (s == steps / 2) half = dist;
                o.row("curves", "graph,time,relative_distance,gradient_events,gossip_events", name, t, dist / d0, run.gradientEvents(), run.gossipEvents());
            }
            double end = distance(run, p, n);
            Dadao faster = new Dadao(k, g, p::gradient, x0, 2, g.lambdaMix(), rng.split(name));
            faster.advance(c.horizon());
            double wantGrad = n * c.horizon(), wantGossip = g.lambdaMix() * c.horizon();
            o.row("graphs", "graph,chi1,chi2,lambda_mix,relative_distance_T,gradient_events,gossip_events", name, g.chi1(), g.chi2(), g.lambdaMix(),
                    end / d0, run.gradientEvents(), run.gossipEvents());
            o.figure(name + ".relative_distance", end / d0);
            o.check(String.format("%s: distance %.2e of initial at T (<= 1e-6), %.2e of the value at T/2 (<= 1e-2)", name, end / d0, end / half),
                    end / d0 <= 1e-6 && end / half <= 1e-2);
            o.check(String.format("%s: %d gradient events vs n·T = %.0f, %d gossip events vs λ_mix·T = %.1f (4 sd)", name, run.gradientEvents(), wantGrad,
                    run.gossipEvents(), wantGossip),
                    Math.abs(run.gradientEvents() - wantGrad) <= 4 * Math.sqrt(wantGrad) && Math.abs(run.gossipEvents() - wantGossip) <= 4 * Math.sqrt(wantGossip));
            o.check(String.format("%s: twice the gradient rate (%d gradient events) leaves %d gossip events (was %d)", name, faster.gradientEvents(),
                    faster.gossipEvents(), run.gossipEvents()), faster.gossipEvents() == run.gossipEvents());
        }
        return o;
    }
}
