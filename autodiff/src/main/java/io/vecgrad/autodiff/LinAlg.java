package io.vecgrad.autodiff;

import static io.vecgrad.autodiff.Broadcast.sumTo;


/**
 * Matrix products with {@code torch.matmul} semantics. 1-D operands are lifted to matrices
 * with (differentiable) reshapes, so the rule itself only handles batched matrices:
 * {@code dA = g·Bᵀ}, {@code dB = Aᵀ·g}, summed over broadcast batch axes.
 */
public final class LinAlg {
    private LinAlg() {}

    /** Op names of this family (see {@code ops.OpRegistry}). */
    public static final java.util.List<String> OPS = java.util.List.of("matmul");

    public static Variable matmul(Variable a, Variable b) {
        if (a.value().dim() == 0 || b.value().dim() == 0) {
            throw new IllegalArgumentException("matmul: both operands need at least one axis, got shapes "
                    + java.util.Arrays.toString(a.value().shape()) + " and " + java.util.Arrays.toString(b.value().shape()));
        }
        boolean rowVector = a.value().dim() == 1, columnVector = b.value().dim() == 1;
        Variable x = rowVector ? ViewOps.unsqueeze(a, 0) : a;
        Variable y = columnVector ? ViewOps.unsqueeze(b, 1) : b;
        Variable out = matmulBatched(x, y);
        if (columnVector) out = ViewOps.squeeze(out, -1);
        if (rowVector) out = ViewOps.squeeze(out, columnVector ? -1 : -2);
        return out;
    }

    private static Variable matmulBatched(Variable a, Variable b) {
        return Tape.record("matmul", a.value().matmul(b.value()), (g, out, s) -> {
            if (s.needs(0)) s.put(0, sumTo(matmulBatched(g, ViewOps.mT(b)), a.value().shape()));
            if (s.needs(1)) s.put(1, sharedMatrixGrad(a, b, g));
        }, Tape.SAVE_IN0 | Tape.SAVE_IN1, a, b);
    }

    /**
     * {@code dB = Σ_batch Aᵀ·g}. When B is one matrix shared by a batch of A (a Linear layer on
     * [B, T, d] input) the batch folds into the rows, {@code A[B·T, k]ᵀ·g[B·T, n]}: one GEMM
     * instead of a GEMM per batch and a sum over a [B, k, n] stack. The sum is reassociated
     * (fixed order, so still deterministic).
     */
    private static Variable sharedMatrixGrad(Variable a, Variable b, Variable g) {
        int ra = a.value().dim();
        if (b.value().dim() == 2 && ra > 2) {
            int k = a.value().size(-1), n = g.value().size(-1);
            Variable a2 = ViewOps.reshape(a, -1, k), g2 = ViewOps.reshape(g, -1, n);
            return matmulBatched(ViewOps.mT(a2), g2);
        }
        return sumTo(matmulBatched(ViewOps.mT(a), g), b.value().shape());
    }
}
