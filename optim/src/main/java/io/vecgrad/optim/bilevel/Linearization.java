package io.vecgrad.optim.bilevel;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.tensor.Tensor;

/**
 * A vector map {@code F(y, x)} (same shape as y) recorded once at a point, so that each
 * {@code (∂_y F)ᵀ w} or {@code (∂_x F)ᵀ w} is one backward pass through the retained graph.
 * Used with {@code F = ∇_y g} (then {@code (∂_y F)ᵀ w = H_yy w} and {@code (∂_x F)ᵀ w = H_xy w},
 * one HVP each) and with user residuals of {@link ImplicitDiff}.
 */
final class Linearization {
    private final Variable yv, xv, out;
    private int products;

    private Linearization(Variable yv, Variable xv, Variable out) {
        this.yv = yv;
        this.xv = xv;
        this.out = out;
    }

    /** Records {@code F(y, x)}; F must return a tensor of y's shape. */
    static Linearization of(ImplicitDiff.Residual f, Tensor y, Tensor x) {
        try (NoGrad scope = NoGrad.enableGrad()) {
            Variable yv = Variable.parameter(y), xv = Variable.parameter(x);
            Variable out = f.apply(yv, xv);
            if (!java.util.Arrays.equals(out.shape(), y.shape())) {
                throw new IllegalArgumentException("residual F(y, x) must have y's shape " + java.util.Arrays.toString(y.shape())
                        + ", got " + java.util.Arrays.toString(out.shape()));
            }
            return new Linearization(yv, xv, out);
        }
    }

    /** Records {@code ∇_y g(x, y)} with its graph, for HVPs and mixed products. */
    static Linearization gradientOf(Bilevel.Objective g, Tensor x, Tensor y) {
        return of((yy, xx) -> Autodiff.gradients(g.apply(xx, yy), yy)[0], y, x);
    }

    Tensor value() {
        return out.value();
    }

    /** {@code (∂_y F)ᵀ w}. */
    Tensor vjpY(Tensor w) {
        return pull(w, yv)[0];
    }

    /** {@code (∂_x F)ᵀ w}. */
    Tensor vjpX(Tensor w) {
        return pull(w, xv)[0];
    }

    /** {@code [(∂_x F)ᵀ w, (∂_y F)ᵀ w]} from one backward pass. */
    Tensor[] vjpXY(Tensor w) {
        return pull(w, xv, yv);
    }

    int products() {
        return products;
    }

    private Tensor[] pull(Tensor w, Variable... wrt) {
        products++;
        try (NoGrad scope = NoGrad.enableGrad()) {
            Variable[] r = Autodiff.gradients(out, Variable.constant(w.reshape(out.shape()).to(out.dtype())), false, wrt);
            Tensor[] t = new Tensor[r.length];
            for (int i = 0; i < r.length; i++) t[i] = r[i] == null ? Tensor.zeros(wrt[i].dtype(), wrt[i].shape()) : r[i].value();
            return t;
        }
    }
}
