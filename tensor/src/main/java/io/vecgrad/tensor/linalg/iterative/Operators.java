package io.vecgrad.tensor.linalg.iterative;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.sparse.CsrMatrix;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** The implementations behind {@link LinearOperator}'s factories and composition helpers. */
final class Operators {
    private Operators() {}

    /** One operator class: products as functions, optional transpose and diagonal. */
    static final class Fn implements LinearOperator {
        private final String name;
        private final int rows;
        private final int cols;
        private final DType dtype;
        private final UnaryOperator<Tensor> f;
        private final UnaryOperator<Tensor> fT;       // null: none (or symmetric)
        private final boolean symmetric;
        private final Supplier<Tensor> diag;          // null: unknown

        Fn(String name, int rows, int cols, DType dtype, UnaryOperator<Tensor> f, UnaryOperator<Tensor> fT,
           boolean symmetric, Supplier<Tensor> diag) {
            if (rows < 0 || cols < 0) throw new IllegalArgumentException("LinearOperator: negative shape " + rows + "x" + cols);
            if (dtype != DType.FLOAT32 && dtype != DType.FLOAT64) {
                throw new IllegalArgumentException("LinearOperator: dtype must be FLOAT32 or FLOAT64, got " + dtype);
            }
            if (symmetric && rows != cols) throw new IllegalArgumentException("LinearOperator: symmetric operator must be square, got " + rows + "x" + cols);
            this.name = name;
            this.rows = rows;
            this.cols = cols;
            this.dtype = dtype;
            this.f = f;
            this.fT = fT;
            this.symmetric = symmetric;
            this.diag = diag;
        }

        @Override public int rows() { return rows; }
        @Override public int cols() { return cols; }
        @Override public DType dtype() { return dtype; }
        @Override public boolean isSymmetric() { return symmetric; }
        @Override public boolean hasTranspose() { return symmetric || fT != null; }

        @Override
        public Tensor apply(Tensor x) {
            check("apply", x, cols);
            return f.apply(x);
        }

        @Override
        public Tensor applyTransposed(Tensor y) {
            check("applyTransposed", y, rows);
            if (symmetric) return f.apply(y);
            if (fT == null) throw new UnsupportedOperationException("LinearOperator " + this + " has no transposed product");
            return fT.apply(y);
        }

        @Override
        public Optional<Tensor> diagonal() {
            return diag == null ? Optional.empty() : Optional.of(diag.get());
        }

        private void check(String op, Tensor x, int n) {
            if (x.dim() != 1 || x.size(0) != n) {
                throw new IllegalArgumentException("LinearOperator." + op + ": " + this + " needs a vector of length " + n
                        + ", got shape " + Arrays.toString(x.shape()));
            }
        }

        @Override
        public String toString() {
            return name + "(" + rows + "x" + cols + ", " + dtype.name().toLowerCase() + ")";
        }
    }

    static LinearOperator function(int rows, int cols, DType dtype, UnaryOperator<Tensor> f, UnaryOperator<Tensor> fT, boolean sym) {
        return new Fn("matrixFree", rows, cols, dtype, f, fT, sym, null);
    }

    static LinearOperator dense(Tensor m) {
        if (m.dim() != 2 || !m.dtype().isFloating()) {
            throw new IllegalArgumentException("LinearOperator.of: need a 2-D float32/float64 matrix, got " + m.dtype()
                    + " of shape " + Arrays.toString(m.shape()));
        }
        Tensor mt = m.mT();
        int r = m.size(0), c = m.size(1);
        return new Fn("dense", r, c, m.dtype(), x -> m.matmul(x.to(m.dtype())), y -> mt.matmul(y.to(m.dtype())), false, () -> {
            int k = Math.min(r, c);
            double[] d = new double[k];
            for (int i = 0; i < k; i++) d[i] = m.get(i, i);
            return Tensor.wrap(d, k).to(m.dtype());
        });
    }

    static LinearOperator csr(CsrMatrix m) {
        return new Fn("csr", m.rows(), m.cols(), m.dtype(), m::matvec, m::transposeMatvec, false, () -> {
            int k = Math.min(m.rows(), m.cols());
            double[] d = new double[k];
            for (int i = 0; i < k; i++) {
                for (int e = m.rowStart(i); e < m.rowStart(i) + m.rowNnz(i); e++) if (m.col(e) == i) d[i] = m.value(e);
            }
            return Tensor.wrap(d, k).to(m.dtype());
        });
    }

    static LinearOperator diagonal(Tensor d) {
        if (d.dim() != 1 || !d.dtype().isFloating()) {
            throw new IllegalArgumentException("LinearOperator.diagonal: need a 1-D float tensor, got " + d.dtype()
                    + " of shape " + Arrays.toString(d.shape()));
        }
        int n = d.size(0);
        return new Fn("diagonal", n, n, d.dtype(), x -> x.to(d.dtype()).mul(d), null, true, () -> d);
    }

    static LinearOperator scaled(LinearOperator a, double alpha) {
        return new Fn("scaled", a.rows(), a.cols(), a.dtype(), x -> a.apply(x).mul(alpha),
                a.hasTranspose() && !a.isSymmetric() ? y -> a.applyTransposed(y).mul(alpha) : null, a.isSymmetric(),
                a.diagonal().isPresent() ? () -> a.diagonal().get().mul(alpha) : null);
    }

    static LinearOperator shifted(LinearOperator a, double sigma) {
        if (a.rows() != a.cols()) throw new IllegalArgumentException("LinearOperator.shifted: " + a + " is not square");
        return new Fn("shifted", a.rows(), a.cols(), a.dtype(), x -> a.apply(x.copy()).add(x.mul(sigma)),
                a.hasTranspose() && !a.isSymmetric() ? y -> a.applyTransposed(y.copy()).add(y.mul(sigma)) : null, a.isSymmetric(),
                a.diagonal().isPresent() ? () -> a.diagonal().get().add(sigma) : null);
    }

    static LinearOperator sum(LinearOperator a, LinearOperator b) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalArgumentException("LinearOperator.plus: shapes differ: " + a + " and " + b);
        }
        DType dt = DType.promote(a.dtype(), b.dtype());
        boolean sym = a.isSymmetric() && b.isSymmetric();
        return new Fn("sum", a.rows(), a.cols(), dt, x -> a.apply(x.copy().to(a.dtype())).to(dt).add(b.apply(x.copy().to(b.dtype())).to(dt)),
                !sym && a.hasTranspose() && b.hasTranspose()
                        ? y -> a.applyTransposed(y.copy().to(a.dtype())).to(dt).add(b.applyTransposed(y.copy().to(b.dtype())).to(dt)) : null,
                sym, a.diagonal().isPresent() && b.diagonal().isPresent() ? () -> a.diagonal().get().to(dt).add(b.diagonal().get().to(dt)) : null);
    }

    static LinearOperator compose(LinearOperator a, LinearOperator inner) {
        if (a.cols() != inner.rows()) {
            throw new IllegalArgumentException("LinearOperator.compose: " + a + " after " + inner + ": inner sizes differ");
        }
        return new Fn("compose", a.rows(), inner.cols(), a.dtype(), x -> a.apply(inner.apply(x.to(inner.dtype())).to(a.dtype())),
                a.hasTranspose() && inner.hasTranspose() ? y -> inner.applyTransposed(a.applyTransposed(y.to(a.dtype())).to(inner.dtype())).to(a.dtype()) : null,
                false, null);
    }

    static LinearOperator transposed(LinearOperator a) {
        if (!a.hasTranspose()) throw new UnsupportedOperationException("LinearOperator.transposed: " + a + " has no transposed product");
        if (a.isSymmetric()) return a;
        return new Fn("transposed", a.cols(), a.rows(), a.dtype(), a::applyTransposed, a::apply, false,
                a.diagonal().isPresent() ? () -> a.diagonal().get() : null);
    }
}
