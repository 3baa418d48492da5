package io.vecgrad.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vecgrad.autodiff.ops.Decompositions;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.random.Rng;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gradient-check cases of the linear algebra ops ({@link Decompositions}), added to the shared
 * first- and second-order suite through {@link #addCases}, and closed-form checks of a few
 * rules. Inputs are drawn away from the places where the ops are not differentiable:
 * symmetric inputs get a diagonal shift so eigenvalues are well separated, QR inputs a diagonal
 * shift so R's diagonal stays away from 0 (where LAPACK's sign convention jumps).
 */
class DecompositionOpsTest {

    static void addCases(Map<String, OpCases.Case> all) {
        add(all, "cholesky", r -> in(OpCases.normal(r, batch(r, 3, 3))), v -> Decompositions.cholesky(spd(v[0])));
        add(all, "solve", r -> {
            int n = 1 + r.nextInt(3);
            Tensor b = r.nextInt(2) == 0 ? OpCases.normal(r, n) : OpCases.normal(r, n, 2);
            return in(OpCases.normal(r, n, n), b);
        }, v -> Decompositions.solve(shifted(v[0], 3), v[1]));
        all.put("solveTriangular", new OpCases.Case("solveTriangular", r -> {
            boolean upper = r.nextInt(2) == 0, transpose = r.nextInt(2) == 0;
            return new OpCases.Instance(in(OpCases.normal(r, 3, 3), OpCases.normal(r, 3, 2)),
                    v -> Decompositions.solveTriangular(shifted(v[0], 3), v[1], upper, transpose));
        }, GradCheck.options().atol(1e-5).rtol(1e-4)));
        add(all, "inv", r -> in(OpCases.normal(r, batch(r, 3, 3))), v -> Decompositions.inv(shifted(v[0], 3)));
        add(all, "det", r -> in(OpCases.normal(r, 3, 3)), v -> Decompositions.det(shifted(v[0], 2)));
        add(all, "slogdet", r -> in(OpCases.normal(r, batch(r, 3, 3))), v -> Decompositions.slogdet(shifted(v[0], 3)));
        add(all, "eigvalsh", r -> in(OpCases.normal(r, 3, 3)), v -> Decompositions.eigvalsh(separated(v[0])));
        add(all, "eighVectors", r -> in(OpCases.normal(r, 3, 3)), v -> Decompositions.eighVectors(separated(v[0])));
        add(all, "svdvals", r -> in(r.nextInt(2) == 0 ? OpCases.normal(r, 3, 2) : OpCases.normal(r, 2, 3)),
                v -> Decompositions.svdvals(v[0].add(spread(v[0]))));
        add(all, "svdU", r -> in(r.nextInt(2) == 0 ? OpCases.normal(r, 3, 2) : OpCases.normal(r, 2, 3)),
                v -> Decompositions.svdU(v[0].add(spread(v[0]))));
        add(all, "svdVh", r -> in(r.nextInt(2) == 0 ? OpCases.normal(r, 3, 2) : OpCases.normal(r, 2, 3)),
                v -> Decompositions.svdVh(v[0].add(spread(v[0]))));
        add(all, "qrQ", r -> in(OpCases.normal(r, 4, 3)), v -> Decompositions.qrQ(v[0].add(spread(v[0]))));
        add(all, "qrR", r -> in(OpCases.normal(r, 4, 3)), v -> Decompositions.qrR(v[0].add(spread(v[0]))));
        add(all, "expm", r -> in(OpCases.normal(r, 3, 3)), v -> Decompositions.expm(v[0]));
        add(all, "lstsq", r -> in(r.nextInt(2) == 0 ? OpCases.normal(r, 4, 2) : OpCases.normal(r, 2, 4), OpCases.normal(r, 4)),
                v -> v[0].size(0) == 4 ? Decompositions.lstsq(v[0], v[1]) : Decompositions.lstsq(v[0], v[1].slice(0, 0, 2)));
    }

    private static void add(Map<String, OpCases.Case> all, String op, java.util.function.Function<Rng, Tensor[]> in,
                            Autodiff.MultiFunction f) {
        all.put(op, new OpCases.Case(op, r -> new OpCases.Instance(in.apply(r), f), GradCheck.options().atol(1e-5).rtol(1e-4)));
    }

    private static Tensor[] in(Tensor... t) {
        return t;
    }

    private static int[] batch(Rng r, int m, int n) {
        return r.nextInt(2) == 0 ? new int[] {m, n} : new int[] {2, m, n};
    }

    private static Variable constantLike(Variable like, Tensor t) {
        return Variable.constant(t.to(like.dtype()));
    }

    private static Variable shifted(Variable x, double s) {
        return x.add(constantLike(x, Tensor.eye(DType.FLOAT64, x.size(-1)).mul(s)));
    }

    /** X·Xᵀ/n + I: SPD for every X. */
    private static Variable spd(Variable x) {
        return shifted(x.matmul(x.mT()).div(x.size(-1)), 1);
    }

    /** (X + Xᵀ)/2 + diag(0, 4, 8, …): symmetric with eigenvalues at least about 2 apart. */
    private static Variable separated(Variable x) {
        int n = x.size(-1);
        double[] d = new double[n * n];
        for (int i = 0; i < n; i++) d[i * n + i] = 4 * i;
        return x.add(x.mT()).mul(0.5).add(constantLike(x, Tensor.of(d, n, n)));
    }

    /** diag(6, 3, 0, …) padded to x's shape: separates singular values and keeps R's diagonal from 0. */
    private static Variable spread(Variable x) {
        int m = x.size(-2), n = x.size(-1);
        double[] d = new double[m * n];
        for (int i = 0; i < Math.min(m, n); i++) d[i * n + i] = 3 * (Math.min(m, n) - i);
        return constantLike(x, Tensor.of(d, m, n));
    }

    // ------------------------------------------------------------------ closed forms

    @Test
    void slogdetGradientIsInverseTranspose() {
        Tensor a = Tensor.of(new double[] {4, 1, 0, 2, 5, 1, 0, 1, 3}, 3, 3);
        Variable x = Variable.parameter(a);
        Decompositions.slogdet(x).backward();
        assertArrayEquals(Linalg.inv(a).mT().toDoubleArray(), x.grad().toDoubleArray(), 1e-14);
    }

    @Test
    void eigenvalueGradientIsOuterProductOfEigenvectors() {
        Tensor a = Tensor.of(new double[] {2, 1, 0, 1, 3, 1, 0, 1, 5}, 3, 3);
        Variable x = Variable.parameter(a);
        Decompositions.eigvalsh(x).select(-1, 2).backward(); // largest eigenvalue: dλ/dA = v·vᵀ
        Tensor v = Linalg.eigh(a).vectors().select(-1, 2);
        double[] g = x.grad().toDoubleArray(), vv = v.toDoubleArray();
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) assertEquals(vv[i] * vv[j], g[i * 3 + j], 1e-12);
    }

    @Test
    void expmGradientOfTraceIsExpmTranspose() {
        // d tr(exp(A)) / dA = exp(A)ᵀ
        Tensor a = Tensor.of(new double[] {0.1, 0.5, -0.3, 0.2}, 2, 2);
        Variable x = Variable.parameter(a);
        Variable e = Decompositions.expm(x);
        e.select(-1, 0).select(-1, 0).add(e.select(-1, 1).select(-1, 1)).backward();
        assertArrayEquals(Linalg.expm(a).mT().toDoubleArray(), x.grad().toDoubleArray(), 1e-13);
    }

    /** The example of autodiff/README.md: the Gaussian negative log-likelihood's gradient in closed form. */
    @Test
    void readmeExample() {
        Tensor spd = Tensor.of(new double[] {4, 1, 0, 1, 3, 1, 0, 1, 2}, 3, 3);
        Tensor y = Tensor.of(new double[] {1, -2, 0.5});
        Variable a = Variable.parameter(spd);
        Variable nll = Decompositions.slogdet(a).mul(0.5)
                .add(Decompositions.solve(a, Variable.constant(y)).mul(Variable.constant(y)).sum().mul(0.5));
        nll.backward();
        Tensor ai = Linalg.inv(spd);
        Tensor z = ai.matmul(y.unsqueeze(1));
        Tensor expected = ai.sub(z.matmul(z.mT())).mul(0.5);
        assertArrayEquals(expected.toDoubleArray(), a.grad().toDoubleArray(), 1e-14);
    }
}
