package io.vecgrad.experiments.papers;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.datasets.real.Digits;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.optim.bilevel.Bilevel;
import io.vecgrad.optim.bilevel.BilevelSolver;
import io.vecgrad.optim.bilevel.BoRep;
import io.vecgrad.optim.bilevel.Hypergradients;
import io.vecgrad.optim.bilevel.ImplicitDiff;
import io.vecgrad.optim.bilevel.InnerSolvers;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.iterative.SolveOptions;
import io.vecgrad.tensor.random.Rng;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * P64 BO-REP on hyper-representation (meta-learning), scaled to 2 cores. Digits (1,797 × 64,
 * pixels / 16) are split by a seeded permutation into a meta-train image pool and a disjoint
 * meta-test pool. A task is a binary one-vs-one problem on a seeded random class pair, with
 * {@code shots} support and {@code queries} query images per class (labels ±1).
 *
 * <ul>
 *   <li>Upper variable x: a shared linear representation {@code W ∈ R^{64×k}} (k = 16), seeded
 *       normal init with std 0.1.
 *   <li>Lower variable y: one linear head per training task, {@code V ∈ R^{T×k}};
 *       {@code g(W, V) = Σ_t [mean_support softplus(−s·⟨x W, v_t⟩) + λ/2 ‖v_t‖²]}, λ = 0.1
 *       (strongly convex in V).
 *   <li>Upper loss {@code f(W, V) = (1/T) Σ_t mean_query softplus(−s·⟨x W, v_t⟩)}.
 * </ul>
 * Methods, from the same W0 and V0 = 0, deterministic (full-batch) oracles:
 * BO-REP ({@link BoRep}; η 0.05, γ 0.5, ν 0.5, β 0.9, I 2, N 5, refinement 1 epoch of 20 steps)
 * for {@code iterations} steps; its oracle budget B = gradients + HVPs it used. Baseline: AID-CG
 * hypergradient descent ({@link Hypergradients#aidCg}, CG at most 5 products) with 5 warm-started
 * inner gradient steps (γ 0.5) per iteration and Adam (lr 3e-3) on W, stopped at the last
 * iteration whose cumulative gradients + HVPs are ≤ B (same oracle budget).
 * Evaluation: on held-out meta-test tasks (fresh class pairs drawn from the meta-test image pool),
 * each head is fitted exactly (Newton–CG on the ridge-logistic support loss with the learned W)
 * and scored on the task's query set.
 *
 * <p><b>Threshold</b> (fixed before running): BO-REP's mean meta-test query accuracy ≥ the AID-CG
 * baseline's − 1.0 percentage point (at least as good within a 1-point margin) at the same oracle
 * budget, and BO-REP's mean meta-test query loss is below that of the initial representation W0.
 */
public final class P64HyperRepresentation extends PaperExperiment {
    static final int FEATURES = 16;
    static final double LAMBDA = 0.1;

    public P64HyperRepresentation() {
        super("p64-hyper-representation", List.of("P64"),
                "BO-REP vs AID-CG hypergradient descent on hyper-representation learning (digits one-vs-one meta-learning tasks)",
                Experiments.params("iterations", 300, "tasks", 40, "test_tasks", 40, "shots", 5, "queries", 10, "seed", 1));
    }

    @Override
    public String claim() {
        return "BO-REP learns a shared digits representation whose meta-test accuracy (held-out tasks) is at least as good as AID-CG hypergradient descent's at the same gradient+HVP budget";
    }

    @Override
    public String threshold() {
        return "mean meta-test query accuracy(BO-REP) >= accuracy(AID-CG) - 1.0 points at equal oracle budget, and meta-test query loss(BO-REP) < loss(W0)";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws IOException {
        boolean q = ctx.quick();
        return run(q ? 20 : p.getInt("iterations"), q ? 8 : p.getInt("tasks"), q ? 8 : p.getInt("test_tasks"),
                p.getInt("shots"), p.getInt("queries"), p.getInt("seed")).toResult(ctx.dir());
    }

    /** T binary tasks: support features [T·2s, 64], signs [T, 2s]; query features [T·2q, 64], signs [T, 2q]. */
    record Tasks(int count, int support, int query, Tensor xs, Tensor ss, Tensor xq, Tensor sq) {}

    static Tasks tasks(double[][] x, int[] labels, List<Integer> pool, int count, int shots, int queries, Rng rng) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < 10; c++) byClass.add(new ArrayList<>());
        for (int i : pool) byClass.get(labels[i]).add(i);
        int ns = 2 * shots, nq = 2 * queries;
        double[] xs = new double[count * ns * 64], ss = new double[count * ns], xq = new double[count * nq * 64], sq = new double[count * nq];
        for (int t = 0; t < count; t++) {
            Rng r = rng.split(t);
            int a = r.nextInt(10), b = r.nextInt(9);
            if (b >= a) b++;
            int[] cls = {a, b};
            for (int c = 0; c < 2; c++) {
                List<Integer> members = byClass.get(cls[c]);
                int[] perm = r.split(c).permutation(members.size()).toIntArray();
                double sign = c == 0 ? 1 : -1;
                for (int k = 0; k < shots + queries; k++) {
                    double[] img = x[members.get(perm[k])];
                    if (k < shots) {
                        int row = t * ns + c * shots + k;
                        System.arraycopy(img, 0, xs, row * 64, 64);
                        ss[row] = sign;
                    } else {
                        int row = t * nq + c * queries + (k - shots);
                        System.arraycopy(img, 0, xq, row * 64, 64);
                        sq[row] = sign;
                    }
                }
            }
        }
        return new Tasks(count, ns, nq, Tensor.of(xs, count * ns, 64), Tensor.of(ss, count, ns), Tensor.of(xq, count * nq, 64), Tensor.of(sq, count, nq));
    }

    /** Per-task margins s·⟨x W, v_t⟩, shape [T, n]. */
    static Variable margins(Tensor x, Tensor s, int tasks, int n, Variable w, Variable v) {
        Variable z = Variable.constant(x).matmul(w).reshape(tasks, n, FEATURES);
        return z.mul(v.reshape(tasks, 1, FEATURES)).sum(2).mul(Variable.constant(s));
    }

    static Bilevel.Objective lower(Tasks d) {
        return (w, v) -> margins(d.xs(), d.ss(), d.count(), d.support(), w, v).neg().softplus().mean(1).sum()
                .add(v.square().sum().mul(0.5 * LAMBDA));
    }

    static Bilevel.Objective upper(Tasks d) {
        return (w, v) -> margins(d.xq(), d.sq(), d.count(), d.query(), w, v).neg().softplus().mean();
    }

    /** Meta-test evaluation of representation W: {mean query loss, mean query accuracy} with exactly fitted heads. */
    static double[] evaluate(Tasks test, Tensor w) {
        Bilevel.Objective g = lower(test);
        Tensor v = InnerSolvers.newton(g, 1e-8, 50).solve(w, Tensor.zeros(DType.FLOAT64, test.count(), FEATURES)).y();
        Variable m = margins(test.xq(), test.sq(), test.count(), test.query(), Variable.constant(w), Variable.constant(v));
        double loss = m.neg().softplus().mean().item();
        double acc = m.value().gt(0).to(DType.FLOAT64).mean().item();
        return new double[] {loss, acc};
    }

    public static Outcome run(int iterations, int nTasks, int nTest, int shots, int queries, long seed) {
        TensorDataset ds = Digits.load();
        double[] flat = ds.x().to(DType.FLOAT64).toDoubleArray();
        int[] labels = ds.y().toIntArray();
        int n = Digits.SAMPLES;
        double[][] x = new double[n][64];
        for (int i = 0; i < n; i++) for (int j = 0; j < 64; j++) x[i][j] = flat[i * 64 + j] / 16.0;
        Rng rng = new Rng(seed);
        int[] perm = rng.split("pools").permutation(n).toIntArray();
        List<Integer> trainPool = new ArrayList<>(), testPool = new ArrayList<>();
        for (int i = 0; i < n; i++) (i < n / 2 ? trainPool : testPool).add(perm[i]);
        Tasks train = tasks(x, labels, trainPool, nTasks, shots, queries, rng.split("train-tasks"));
        Tasks test = tasks(x, labels, testPool, nTest, shots, queries, rng.split("test-tasks"));
        Bilevel.Objective g = lower(train), f = upper(train);
        Tensor w0 = rng.split("init").normal(DType.FLOAT64, 0, 0.1, 64, FEATURES);
        Tensor v0 = Tensor.zeros(DType.FLOAT64, nTasks, FEATURES);
        Outcome o = new Outcome().line(String.format("digits one-vs-one tasks: %d meta-train, %d meta-test (disjoint image pools), %d-shot support, %d queries per class, k = %d, λ = %.2f, seed %d",
                nTasks, nTest, shots, queries, FEATURES, LAMBDA, seed));

        // BO-REP
        BoRep.Config cfg = new BoRep.Config(0.05, 0.5, 0.5, 0.9, 2, 5, Double.POSITIVE_INFINITY, 1, 20, seed);
        BilevelSolver.Result bo = new BoRep(cfg).run(Bilevel.Sampler.exact(f), Bilevel.Sampler.exact(g), w0, v0, iterations,
                st -> o.row("borep", "iteration,query_loss,support_objective,hypergrad_norm,gradients,hvps",
                        st.iteration(), st.upper(), st.lower(), st.hypergradNorm(), st.gradients(), st.hvps()));
        long budget = bo.last().gradients() + bo.last().hvps();

        // AID-CG baseline, same oracle budget (each iteration costs ≥ 5 inner + 2 gradients + 1 HVP)
        int baseIters = (int) (budget / 8) + 1;
        ImplicitDiff.InnerSolver inner = InnerSolvers.gradientSteps(g, 0.5, 5, Double.POSITIVE_INFINITY);
        long[] baseUsed = {0};
        int[] baseSteps = {0};
        BilevelSolver.Result base = BilevelSolver.builder()
                .outer(Adam.adam(3e-3))
                .inner(inner)
                .estimator(Hypergradients.aidCg(SolveOptions.defaults().rtol(1e-6).maxIter(5)))
                .iterations(baseIters)
                .allowInexact()
                .listener(st -> {
                    long used = st.gradients() + st.hvps();
                    o.row("aidcg", "iteration,query_loss,support_objective,hypergrad_norm,gradients,hvps",
                            st.iteration(), st.upper(), st.lower(), st.hypergradNorm(), st.gradients(), st.hvps());
                    if (used <= budget) {
                        baseUsed[0] = used;
                        baseSteps[0] = st.iteration() + 1;
                    }
                })
                .build()
                .run(f, g, w0, v0);
        // the iterate after baseSteps updates: x of the next recorded step (the run overshoots B)
        List<BilevelSolver.Step> hist = base.history();
        Tensor[] wBase = {baseSteps[0] < hist.size() ? hist.get(baseSteps[0]).x() : base.x()};

        double[] e0 = evaluate(test, w0), eBo = evaluate(test, bo.x()), eBase = evaluate(test, wBase[0]);
        double[] t0 = evaluate(train, w0), tBo = evaluate(train, bo.x()), tBase = evaluate(train, wBase[0]);
        o.row("summary", "method,iterations,oracles,meta_test_query_loss,meta_test_query_accuracy,meta_train_query_loss,meta_train_query_accuracy",
                "init", 0, 0, e0[0], e0[1], t0[0], t0[1]);
        o.row("summary", "method,iterations,oracles,meta_test_query_loss,meta_test_query_accuracy,meta_train_query_loss,meta_train_query_accuracy",
                "borep", iterations, budget, eBo[0], eBo[1], tBo[0], tBo[1]);
        o.row("summary", "method,iterations,oracles,meta_test_query_loss,meta_test_query_accuracy,meta_train_query_loss,meta_train_query_accuracy",
                "aidcg", baseSteps[0], baseUsed[0], eBase[0], eBase[1], tBase[0], tBase[1]);
        o.figure("oracle_budget", budget).figure("aidcg_iterations", baseSteps[0]).figure("aidcg_oracles", baseUsed[0])
                .figure("meta_test_loss_init", e0[0]).figure("meta_test_acc_init", e0[1])
                .figure("meta_test_loss_borep", eBo[0]).figure("meta_test_acc_borep", eBo[1])
                .figure("meta_test_loss_aidcg", eBase[0]).figure("meta_test_acc_aidcg", eBase[1]);
        o.line(String.format("init W0: meta-test query loss %.4f, accuracy %.2f %%", e0[0], 100 * e0[1]));
        o.line(String.format("BO-REP (%d iterations, %d gradients+HVPs): meta-test loss %.4f, accuracy %.2f %% (meta-train query loss %.4f)",
                iterations, budget, eBo[0], 100 * eBo[1], tBo[0]));
        o.line(String.format("AID-CG (%d iterations, %d gradients+HVPs): meta-test loss %.4f, accuracy %.2f %% (meta-train query loss %.4f)",
                baseSteps[0], baseUsed[0], eBase[0], 100 * eBase[1], tBase[0]));
        o.check(String.format("meta-test accuracy BO-REP %.2f %% >= AID-CG %.2f %% - 1.0", 100 * eBo[1], 100 * eBase[1]), 100 * eBo[1] >= 100 * eBase[1] - 1.0);
        o.check(String.format("meta-test loss BO-REP %.4f < init %.4f", eBo[0], e0[0]), eBo[0] < e0[0]);
        return o;
    }
}
