package io.vecgrad.tensor.linalg.iterative;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.sparse.CsrMatrix;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A matrix known only by its products: {@code y = A·x} for 1-D tensors, optionally
 * {@code Aᵀ·y} and the diagonal, like {@code scipy.sparse.linalg.LinearOperator}. The Krylov
 * solvers of this package ({@link ConjugateGradient}, {@link Minres}, {@link Gmres},
 * {@link BiCgStab}, {@link Lanczos}, ...) only ever call these methods, so a Hessian, a
 * Gauss–Newton matrix or a kernel matrix is never formed.
 *
 * <p>Contract: {@link #apply} receives a fresh 1-D tensor of length {@link #cols()} and dtype
 * {@link #dtype()} (it may keep or modify it) and returns a 1-D tensor of length
 * {@link #rows()}; it must be deterministic. Solvers iterate in float64 whatever the
 * operator's dtype, converting at each application (float32 operators therefore work, with
 * float32 accuracy in the products).
 *
 * <pre>{@code
 * LinearOperator a = LinearOperator.of(Tensor.of(new double[] {4, 1, 1, 3}, 2, 2));
 * LinearOperator s = LinearOperator.of(csr);                           // sparse, CSR products
 * LinearOperator h = LinearOperator.symmetric(n, DType.FLOAT64, v -> hvp.apply(v));  // matrix-free
 * LinearOperator damped = h.shifted(1e-3);                             // H + 1e-3·I
 * SolveResult r = ConjugateGradient.solve(a, Tensor.of(new double[] {1, 2}), SolveOptions.defaults());
 * }</pre>
 */
public interface LinearOperator {
    /** Length of {@code A·x}. */
    int rows();

    /** Length of {@code x}. */
    int cols();

    /** The dtype of the vectors this operator consumes and produces. */
    DType dtype();

    /** {@code A·x} for a 1-D tensor of length {@link #cols()}. */
    Tensor apply(Tensor x);

    /** True when {@link #applyTransposed} is available. */
    default boolean hasTranspose() {
        return isSymmetric();
    }

    /** True when the operator declares itself symmetric ({@code Aᵀ = A}); not verified. */
    default boolean isSymmetric() {
        return false;
    }

    /**
     * {@code Aᵀ·y} for a 1-D tensor of length {@link #rows()}; a symmetric operator returns
     * {@code A·y}.
     *
     * @throws UnsupportedOperationException when the operator has no transpose
     */
    default Tensor applyTransposed(Tensor y) {
        if (isSymmetric()) return apply(y);
        throw new UnsupportedOperationException("LinearOperator " + this + " has no transposed product (hasTranspose() is false)");
    }

    /** The diagonal as a 1-D tensor of length min(rows, cols), when cheaply known (Jacobi preconditioners). */
    default Optional<Tensor> diagonal() {
        return Optional.empty();
    }

    /** The shape {@code [rows, cols]}. */
    default int[] shape() {
        return new int[] {rows(), cols()};
    }

    // ---------------------------------------------------------------- composition (cheap, lazy)

    /** {@code α·A}. */
    default LinearOperator scaled(double alpha) {
        return Operators.scaled(this, alpha);
    }

    /** {@code A + σ·I} (square operators only), e.g. damping {@code H + λI}. */
    default LinearOperator shifted(double sigma) {
        return Operators.shifted(this, sigma);
    }

    /** {@code A + B}. */
    default LinearOperator plus(LinearOperator other) {
        return Operators.sum(this, other);
    }

    /** {@code A·B}: applies B first. */
    default LinearOperator compose(LinearOperator inner) {
        return Operators.compose(this, inner);
    }

    /** {@code Aᵀ} (needs {@link #hasTranspose()}). */
    default LinearOperator transposed() {
        return Operators.transposed(this);
    }

    // ---------------------------------------------------------------- factories

    /** A dense 2-D float32/float64 matrix (the tensor is captured, not copied), with transpose and diagonal. */
    static LinearOperator of(Tensor matrix) {
        return Operators.dense(matrix);
    }

    /** A CSR matrix, with transpose and diagonal. */
    static LinearOperator of(CsrMatrix matrix) {
        return Operators.csr(matrix);
    }

    /** A general matrix-free operator {@code x ↦ f(x)} of shape rows × cols, without transpose. */
    static LinearOperator of(int rows, int cols, DType dtype, UnaryOperator<Tensor> f) {
        return Operators.function(rows, cols, dtype, f, null, false);
    }

    /** A matrix-free operator with its transposed product. */
    static LinearOperator of(int rows, int cols, DType dtype, UnaryOperator<Tensor> f, UnaryOperator<Tensor> fT) {
        return Operators.function(rows, cols, dtype, f, fT, false);
    }

    /** A symmetric n × n matrix-free operator (Hessians, Gauss–Newton, kernels): its own transpose. */
    static LinearOperator symmetric(int n, DType dtype, UnaryOperator<Tensor> f) {
        return Operators.function(n, n, dtype, f, null, true);
    }

    /** The n × n identity. */
    static LinearOperator identity(int n, DType dtype) {
        return Operators.diagonal(Tensor.ones(dtype, n));
    }

    /** {@code diag(d)}: e.g. a Jacobi preconditioner {@code diag(1/aᵢᵢ)}. */
    static LinearOperator diagonal(Tensor d) {
        return Operators.diagonal(d);
    }

    /** The Jacobi preconditioner {@code diag(A)⁻¹} of an operator that knows its diagonal. */
    static LinearOperator jacobi(LinearOperator a) {
        Tensor d = a.diagonal().orElseThrow(() -> new IllegalArgumentException(
                "LinearOperator.jacobi: operator " + a + " does not know its diagonal"));
        double[] v = d.toDoubleArray();
        for (int i = 0; i < v.length; i++) {
            if (v[i] == 0 || !Double.isFinite(v[i])) {
                throw new IllegalArgumentException("LinearOperator.jacobi: diagonal entry " + i + " is " + v[i]);
            }
            v[i] = 1 / v[i];
        }
        return Operators.diagonal(Tensor.wrap(v, v.length).to(a.dtype()));
    }
}
