package io.vecgrad.autodiff.ops;

import io.vecgrad.autodiff.Tape;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import java.util.List;

/**
 * Differentiable dense linear algebra: each op's forward value comes from
 * {@link io.vecgrad.tensor.linalg.Linalg} and its VJP rule sits beside it, written with
 * differentiable ops (matmul, the solves and decompositions of this file), so second
 * derivatives work. Matrices are the last two axes; leading axes are batch axes.
 *
 * <pre>{@code
 * Variable a = Variable.parameter(spdMatrix);
 * Variable loss = Decompositions.slogdet(a).add(Decompositions.solve(a, b).square().sum());
 * loss.backward();
 * }</pre>
 *
 * <p>Conventions and caveats:
 * <ul>
 * <li>{@code cholesky}, {@code eigvalsh} and {@code eighVectors} read only the lower triangle;
 *     their gradients are symmetric, i.e. they assume symmetric perturbations (as
 *     {@code torch.linalg}). Compose with {@code (X + Xᵀ)/2} to differentiate a general input.</li>
 * <li>Eigenvector gradients contain {@code 1/(λⱼ − λᵢ)}: they are correct only for distinct
 *     eigenvalues and blow up as two approach each other (a degenerate eigenspace has no
 *     unique eigenvectors). Eigenvalue gradients are fine for simple eigenvalues.</li>
 * <li>{@code svdU}/{@code svdVh} (thin SVD factors) need distinct, nonzero singular values:
 *     their rules contain {@code 1/(σⱼ² − σᵢ²)} and {@code 1/σ}.</li>
 * <li>{@code svdvals}' rule is {@code U·diag(ḡ)·Vᵀ}, with U and V obtained differentiably
 *     from {@code eigh} of {@code AᵀA} (or {@code AAᵀ}), so it needs distinct, nonzero singular
 *     values for second order.</li>
 * <li>{@code qrQ}/{@code qrR} need m ≥ n and full column rank; {@code lstsq} full rank.</li>
 * <li>{@code det}'s rule uses A⁻¹ (undefined for singular A); prefer {@code slogdet}.</li>
 * </ul>
 */
public final class Decompositions {
    private Decompositions() {}

    /** Op names of this family (see {@link OpRegistry}). */
    public static final List<String> OPS = List.of("cholesky", "solve", "solveTriangular", "inv", "det", "slogdet",
            "eigvalsh", "eighVectors", "svdvals", "svdU", "svdVh", "qrQ", "qrR", "expm", "lstsq");

    /**
     * Lower Cholesky factor; rule {@code Ā = sym(L⁻ᵀ·Φ(Lᵀ·L̄)·L⁻¹)} with Φ the lower triangle with
     * halved diagonal (Murray 2016), symmetrised.
     */
    public static Variable cholesky(Variable a) {
        return Tape.record("cholesky", Linalg.cholesky(a.value()), (g, l, s) -> {
            Variable phi = triangle(l.mT().matmul(g), false, 0.5);
            Variable y = solveTriangular(l, phi.mT(), false, true).mT();   // Φ·L⁻¹
            Variable sa = solveTriangular(l, y, false, true);              // L⁻ᵀ·Φ·L⁻¹
            s.put(0, sa.add(sa.mT()).mul(0.5));
        }, Tape.SAVE_OUTPUT, a);
    }

    /**
     * {@code X = A⁻¹·B} (B a matrix, or a vector when {@code B.dim() == A.dim() − 1}); rule
     * {@code B̄ = A⁻ᵀ·X̄}, {@code Ā = −B̄·Xᵀ}.
     */
    public static Variable solve(Variable a, Variable b) {
        boolean vector = b.dim() == 1 || b.dim() == a.dim() - 1;
        Variable x = solveMatrix(a, vector ? b.unsqueeze(-1) : b);
        return vector ? x.squeeze(-1) : x;
    }

    private static Variable solveMatrix(Variable a, Variable b) {
        return Tape.record("solve", Linalg.solve(a.value(), b.value()), (g, x, s) -> {
            Variable bbar = solveMatrix(a.mT(), g);
            if (s.needs(0)) s.put(0, bbar.matmul(x.mT()).neg().sumTo(a.shape()));
            if (s.needs(1)) s.put(1, bbar.sumTo(b.shape()));
        }, Tape.SAVE_IN0 | Tape.SAVE_OUTPUT, a, b);
    }

    /**
     * {@code X = op(A)⁻¹·B} for triangular A ({@code upper} names the triangle read,
     * {@code op(A) = Aᵀ} when {@code transpose}); rule {@code B̄ = op(A)⁻ᵀ·X̄} and Ā the
     * triangle of {@code −B̄·Xᵀ} (or of its transpose).
     */
    public static Variable solveTriangular(Variable a, Variable b, boolean upper, boolean transpose) {
        Tensor x = Linalg.solveTriangular(a.value(), b.value(), upper, true, transpose, false);
        return Tape.record("solveTriangular", x, (g, out, s) -> {
            Variable bbar = solveTriangular(a, g, upper, !transpose);
            if (s.needs(0)) {
                Variable d = transpose ? out.matmul(bbar.mT()) : bbar.matmul(out.mT());
                s.put(0, triangle(d.neg(), upper, 1).sumTo(a.shape()));
            }
            if (s.needs(1)) s.put(1, bbar.sumTo(b.shape()));
        }, Tape.SAVE_IN0 | Tape.SAVE_OUTPUT, a, b);
    }

    /** Inverse; rule {@code Ā = −Xᵀ·X̄·Xᵀ} with X = A⁻¹. */
    public static Variable inv(Variable a) {
        return Tape.record("inv", Linalg.inv(a.value()), (g, x, s) -> s.put(0, x.mT().matmul(g).matmul(x.mT()).neg()),
                Tape.SAVE_OUTPUT, a);
    }

    /** Determinant; rule {@code Ā = ḡ·det(A)·A⁻ᵀ} (A must be invertible). */
    public static Variable det(Variable a) {
        return Tape.record("det", Linalg.det(a.value()), (g, d, s) ->
                s.put(0, inv(a).mT().mul(g.mul(d).unsqueeze(-1).unsqueeze(-1))), Tape.SAVE_IN0 | Tape.SAVE_OUTPUT, a);
    }

    /** log|det A| (the sign is piecewise constant and has no gradient); rule {@code Ā = ḡ·A⁻ᵀ}. */
    public static Variable slogdet(Variable a) {
        return Tape.record("slogdet", Linalg.slogdet(a.value()).logAbsDet(), (g, d, s) ->
                s.put(0, inv(a).mT().mul(g.unsqueeze(-1).unsqueeze(-1))), Tape.SAVE_IN0, a);
    }

    /** Ascending eigenvalues of symmetric A; rule {@code Ā = V·diag(λ̄)·Vᵀ}. */
    public static Variable eigvalsh(Variable a) {
        return Tape.record("eigvalsh", Linalg.eigvalsh(a.value()), (g, w, s) -> {
            Variable v = eighVectors(a);
            s.put(0, v.mul(g.unsqueeze(-2)).matmul(v.mT()));
        }, Tape.SAVE_IN0, a);
    }

    /**
     * Eigenvectors (columns, sign-normalised as {@link Linalg#eigh}); rule
     * {@code Ā = V·(F ∘ Vᵀ·V̄)·Vᵀ}, {@code F_ij = 1/(λⱼ − λᵢ)} off the diagonal, 0 on it —
     * distinct eigenvalues only (see the class note).
     */
    public static Variable eighVectors(Variable a) {
        return Tape.record("eighVectors", Linalg.eigh(a.value()).vectors(), (g, v, s) -> {
            Variable w = eigvalsh(a);
            int n = a.size(-1);
            DType dt = a.dtype();
            Tensor eye = Tensor.eye(DType.FLOAT64, n).to(dt);
            Tensor off = eye.rsub(1);
            Variable gap = w.unsqueeze(-2).sub(w.unsqueeze(-1)).add(Variable.constant(eye)); // λⱼ − λᵢ, 1 on the diagonal
            Variable f = Variable.constant(off).div(gap);
            s.put(0, v.matmul(f.mul(v.mT().matmul(g))).matmul(v.mT()));
        }, Tape.SAVE_IN0 | Tape.SAVE_OUTPUT, a);
    }

    /**
     * Singular values, descending; rule {@code Ā = U·diag(σ̄)·Vᵀ}, with U and V formed
     * differentiably from the eigenvectors of {@code AᵀA} (m ≥ n) or {@code AAᵀ} (m &lt; n).
     */
    public static Variable svdvals(Variable a) {
        return Tape.record("svdvals", Linalg.svdvals(a.value()), (g, sv, s) -> {
            int m = a.size(-2), n = a.size(-1);
            Variable scaled = g.div(sv);
            if (m >= n) {
                Variable v = descending(eighVectors(a.mT().matmul(a)));   // V, columns by σ descending
                s.put(0, a.matmul(v.mul(scaled.unsqueeze(-2))).matmul(v.mT())); // A·V·diag(ḡ/σ)·Vᵀ = U·diag(ḡ)·Vᵀ
            } else {
                Variable u = descending(eighVectors(a.matmul(a.mT())));
                s.put(0, u.mul(scaled.unsqueeze(-2)).matmul(u.mT()).matmul(a));
            }
        }, Tape.SAVE_IN0 | Tape.SAVE_OUTPUT, a);
    }

    /**
     * U of the thin SVD (sign convention of {@link Linalg#svd}); rule of the thin-SVD adjoint
     * (Townsend 2016, as {@code torch.linalg.svd}'s backward) with the other cotangents zero —
     * distinct, nonzero singular values only.
     */
    public static Variable svdU(Variable a) {
        return Tape.record("svdU", Linalg.svd(a.value(), false).u(), (g, u, s) ->
                s.put(0, svdRule(u, svdvals(a), svdVh(a), g, null)), Tape.SAVE_IN0 | Tape.SAVE_OUTPUT, a);
    }

    /** Vh of the thin SVD; see {@link #svdU}. */
    public static Variable svdVh(Variable a) {
        return Tape.record("svdVh", Linalg.svd(a.value(), false).vh(), (g, vh, s) ->
                s.put(0, svdRule(svdU(a), svdvals(a), vh, null, g)), Tape.SAVE_IN0 | Tape.SAVE_OUTPUT, a);
    }

    /**
     * Ā for cotangents Ū (or null) and V̄h (or null) of {@code A = U·diag(S)·Vh}, k = min(m, n):
     * {@code J = (skew(UᵀŪ)·S + S·skew(VᵀV̄)) / E}, {@code E_ij = S_j² − S_i²}, then
     * {@code Ā = U·J·Vh} plus the parts of Ū, V̄ outside the spans of U, V.
     */
    private static Variable svdRule(Variable u, Variable sv, Variable vh, Variable gu, Variable gvh) {
        int m = u.size(-2), n = vh.size(-1), k = sv.size(-1);
        Variable s2 = sv.square();
        Variable e = s2.unsqueeze(-2).sub(s2.unsqueeze(-1))
                .add(Variable.constant(Tensor.eye(DType.FLOAT64, k).to(sv.dtype())));
        Variable j = null;
        if (gu != null) {
            Variable x = u.mT().matmul(gu);
            j = x.sub(x.mT()).mul(sv.unsqueeze(-2)).div(e);
        }
        Variable gv = gvh == null ? null : gvh.mT();
        if (gv != null) {
            Variable x = vh.matmul(gv);
            Variable t = sv.unsqueeze(-1).mul(x.sub(x.mT())).div(e);
            j = j == null ? t : j.add(t);
        }
        if (m > k && gu != null) {
            Variable gus = gu.div(sv.unsqueeze(-2));
            Variable inner = u.matmul(j).add(gus).sub(u.matmul(u.mT().matmul(gus)));
            return inner.matmul(vh);
        }
        if (n > k && gv != null) {
            Variable sgv = gv.mT().div(sv.unsqueeze(-1));
            Variable inner = j.matmul(vh).add(sgv).sub(sgv.matmul(vh.mT()).matmul(vh));
            return u.matmul(inner);
        }
        return u.matmul(j).matmul(vh);
    }

    /** Q of the reduced QR (m ≥ n); rule of Liao et al. 2019 with R̄ = 0. */
    public static Variable qrQ(Variable a) {
        requireTall("qrQ", a);
        return Tape.record("qrQ", Linalg.qr(a.value()).q(), (g, q, s) -> {
            Variable r = qrR(a);
            s.put(0, qrRule(q, r, g, null));
        }, Tape.SAVE_IN0 | Tape.SAVE_OUTPUT, a);
    }

    /** R of the reduced QR (m ≥ n); rule of Liao et al. 2019 with Q̄ = 0. */
    public static Variable qrR(Variable a) {
        requireTall("qrR", a);
        return Tape.record("qrR", Linalg.qr(a.value()).r(), (g, r, s) -> {
            Variable q = qrQ(a);
            s.put(0, qrRule(q, r, null, g));
        }, Tape.SAVE_IN0 | Tape.SAVE_OUTPUT, a);
    }

    /** {@code Ā = (Q̄ + Q·copyltu(M))·R⁻ᵀ}, {@code M = R·R̄ᵀ − Q̄ᵀ·Q} (Liao, Liu, Wang, Xiang 2019, eq. 12). */
    private static Variable qrRule(Variable q, Variable r, Variable qbar, Variable rbar) {
        Variable m = null;
        if (rbar != null) m = r.matmul(rbar.mT());
        if (qbar != null) m = qbar.mT().matmul(q).neg();
        Variable lower = triangle(m, false, 1);
        Variable copyltu = lower.add(triangle(m, false, 0).mT()); // tril(M) + tril(M, −1)ᵀ
        Variable b = q.matmul(copyltu);
        if (qbar != null) b = b.add(qbar);
        return solveTriangular(r, b.mT(), true, false).mT(); // B·R⁻ᵀ = (R⁻¹·Bᵀ)ᵀ
    }

    /**
     * Matrix exponential; rule {@code Ā = [exp([[Aᵀ, Ḡ], [0, Aᵀ]])]₁₂}, the Fréchet derivative
     * read off a block matrix (Mathias 1996; Al-Mohy &amp; Higham 2009).
     */
    public static Variable expm(Variable a) {
        return Tape.record("expm", Linalg.expm(a.value()), (g, e, s) -> {
            int n = a.size(-1);
            Variable at = a.mT();
            Variable zero = Variable.constant(Tensor.zeros(a.dtype(), at.shape()));
            Variable block = Variable.concat(-2, Variable.concat(-1, at, g), Variable.concat(-1, zero, at));
            s.put(0, expm(block).slice(-2, 0, n).slice(-1, n, 2 * n));
        }, Tape.SAVE_IN0, a);
    }

    /**
     * Least squares {@code X = A⁺·B} for full-rank A (B a matrix or a vector). Rule for m ≥ n
     * with {@code z = (AᵀA)⁻¹X̄}, {@code r = B − A·X}: {@code Ā = r·zᵀ − A·z·Xᵀ}, {@code B̄ = A·z};
     * for m &lt; n with {@code W = (AAᵀ)⁻¹B}, {@code U = (AAᵀ)⁻¹A·X̄}:
     * {@code Ā = W·(X̄ − AᵀU)ᵀ − U·Xᵀ}, {@code B̄ = U}.
     */
    public static Variable lstsq(Variable a, Variable b) {
        boolean vector = b.dim() == 1 || b.dim() == a.dim() - 1;
        Variable x = lstsqMatrix(a, vector ? b.unsqueeze(-1) : b);
        return vector ? x.squeeze(-1) : x;
    }

    private static Variable lstsqMatrix(Variable a, Variable b) {
        return Tape.record("lstsq", Linalg.lstsq(a.value(), b.value()), (g, x, s) -> {
            Variable at = a.mT();
            Variable abar, bbar;
            if (a.size(-2) >= a.size(-1)) {
                Variable z = solveMatrix(at.matmul(a), g);
                Variable r = b.sub(a.matmul(x));
                bbar = a.matmul(z);
                abar = r.matmul(z.mT()).sub(bbar.matmul(x.mT()));
            } else {
                Variable gram = a.matmul(at);
                Variable w = solveMatrix(gram, b);
                bbar = solveMatrix(gram, a.matmul(g));
                abar = w.matmul(g.sub(at.matmul(bbar)).mT()).sub(bbar.matmul(x.mT()));
            }
            if (s.needs(0)) s.put(0, abar.sumTo(a.shape()));
            if (s.needs(1)) s.put(1, bbar.sumTo(b.shape()));
        }, Tape.SAVE_IN0 | Tape.SAVE_IN1 | Tape.SAVE_OUTPUT, a, b);
    }

    // ------------------------------------------------------------------ helpers

    /** The lower (or upper) triangle of x with the diagonal scaled by {@code diagonal} (0, ½ or 1). */
    private static Variable triangle(Variable x, boolean upper, double diagonal) {
        int n = x.size(-1);
        double[] mask = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) mask[i * n + j] = i == j ? diagonal : (upper ? j > i : j < i) ? 1 : 0;
        return x.mul(Variable.constant(Tensor.of(mask, n, n).to(x.dtype())));
    }

    /** Columns in reverse order (ascending eigenvectors → descending singular vectors). */
    private static Variable descending(Variable v) {
        int n = v.size(-1);
        int[] rev = new int[n];
        for (int i = 0; i < n; i++) rev[i] = n - 1 - i;
        return v.indexSelect(-1, Tensor.of(rev));
    }

    private static void requireTall(String op, Variable a) {
        if (a.size(-2) < a.size(-1)) {
            throw new IllegalArgumentException(op + ": the derivative needs m ≥ n, got shape " + java.util.Arrays.toString(a.shape()));
        }
    }
}
