package io.vecgrad.nn.layers;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Init;
import io.vecgrad.nn.Module;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;

/**
 * A lookup table {@code weight [num, dim]} (init N(0, 1) as PyTorch): integer ids of any
 * shape {@code S} give vectors of shape {@code S + [dim]}; gradients accumulate per row.
 *
 * <pre>{@code
 * Embedding emb = new Embedding(1000, 64);
 * Variable v = emb.forward(Variable.constant(tokenIds));   // [B, T] INT64 → [B, T, 64]
 * }</pre>
 */
public class Embedding extends Module {
    private final int num, dim;

    public Embedding(int num, int dim) {
        this(num, dim, DType.FLOAT32);
    }

    public Embedding(int num, int dim, DType dtype) {
        this.num = num;
        this.dim = dim;
        param("weight", Init.normal(1), dtype, num, dim);
    }

    @Override
    public Variable forward(Variable ids) {
        Tensor idx = ids.value();
        if (idx.dtype() != DType.INT64 && idx.dtype() != DType.INT32) {
            throw new IllegalArgumentException(this + ": ids must be INT32 or INT64, got " + idx.dtype() + " of shape "
                    + io.vecgrad.tensor.Shape.str(idx.shape()));
        }
        int[] s = idx.shape();
        int[] out = java.util.Arrays.copyOf(s, s.length + 1);
        out[s.length] = dim;
        return p("weight").indexSelect(0, idx.reshape(-1)).reshape(out);
    }

    @Override
    public String toString() {
        return "Embedding(" + num + ", " + dim + ")";
    }
}
