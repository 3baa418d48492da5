package io.vecgrad.nn.crate;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Init;
import io.vecgrad.nn.Module;
import io.vecgrad.tensor.DType;

/**
 * CRATE's sparse-coding block: one step of non-negative ISTA on
 * {@code min_{A≥0} λ‖A‖₁ + ½‖x − D A‖²} started at {@code A = x}, for every token x (row of
 * {@code [..., d]}) with a learned d×d dictionary D:
 * {@code ISTA(x) = ReLU(x + η·(Dᵀx − DᵀD x) − η·λ)}.
 *
 * <p>Source: the authors' {@code model/crate.py} class {@code FeedForward}
 * (github.com/Ma-Lab-Berkeley/CRATE): parameter {@code weight} = D, {@code x1 = F.linear(x, D)},
 * {@code grad_1 = F.linear(x1, Dᵀ)} = DᵀDx, {@code grad_2 = F.linear(x, Dᵀ)} = Dᵀx, step size
 * η ({@code step_size}, the model's {@code ista}) 0.1, λ ({@code lambd}) 0.1, D from PyTorch's
 * {@code kaiming_uniform_} (a = 0: U(±√(6/d))). No residual around the block, as the code.
 *
 * <pre>{@code
 * import io.vecgrad.nn.crate.IstaBlock;
 * import io.vecgrad.tensor.DType;
 *
 * IstaBlock ista = new IstaBlock(64, 0.1, 0.1, DType.FLOAT32);    // [..., 64] → same, non-negative
 * }</pre>
 */
public final class IstaBlock extends Module {
    private final int d;
    private final double eta, lambda;

    public IstaBlock(int d, double eta, double lambda, DType dtype) {
        if (d <= 0) throw new IllegalArgumentException("IstaBlock: d must be positive, got " + d);
        this.d = d;
        this.eta = eta;
        this.lambda = lambda;
        param("weight", Init.heUniform(), dtype, d, d);
    }

    /** The code's defaults: η = 0.1, λ = 0.1. */
    public IstaBlock(int d, DType dtype) {
        this(d, 0.1, 0.1, dtype);
    }

    @Override
    public Variable forward(Variable x) {
        int[] s = x.shape();
        if (s.length == 0 || s[s.length - 1] != d) throw shapeError("[..., " + d + "]", s);
        Variable dict = p("weight");
        Variable dx = x.matmul(dict.mT());             // D x      (rows: x·Dᵀ)
        Variable dtdx = dx.matmul(dict);               // DᵀD x
        Variable dtx = x.matmul(dict);                 // Dᵀ x
        return x.add(dtx.sub(dtdx).mul(eta)).sub(eta * lambda).relu();
    }

    public double eta() {
        return eta;
    }

    public double lambda() {
        return lambda;
    }

    @Override
    public String toString() {
        return "IstaBlock(d=" + d + ", eta=" + eta + ", lambda=" + lambda + ")";
    }
}
