package io.vecgrad.nn.layers;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Module;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;

/**
 * Adds the fixed encoding of "Attention is all you need" to {@code [B, T, d]}:
 * {@code pe[t, 2i] = sin(t / 10000^(2i/d))}, {@code pe[t, 2i+1] = cos(t / 10000^(2i/d))}.
 * It has no parameters and is not part of the state dict (it is recomputed).
 */
public class SinusoidalPositionalEncoding extends Module {
    private final int maxLen, d;
    private final Tensor table;

    public SinusoidalPositionalEncoding(int maxLen, int d) {
        this.maxLen = maxLen;
        this.d = d;
        double[] pe = new double[maxLen * d];
        for (int t = 0; t < maxLen; t++) {
            for (int i = 0; i < d; i += 2) {
                double angle = t / Math.pow(10000, (double) i / d);
                pe[t * d + i] = Math.sin(angle);
                if (i + 1 < d) pe[t * d + i + 1] = Math.cos(angle);
            }
        }
        table = Tensor.of(pe, maxLen, d);
    }

    /** The table {@code [maxLen, d]} in float64. */
    public Tensor table() {
        return table;
    }

    @Override
    public Variable forward(Variable x) {
        int[] s = x.shape();
        if (s.length != 3 || s[2] != d || s[1] > maxLen) throw shapeError("[B,T<=" + maxLen + "," + d + "]", s);
        return x.add(Variable.constant(table.slice(0, 0, s[1], 1).to(x.dtype() == DType.FLOAT64 ? DType.FLOAT64 : x.dtype())));
    }

    @Override
    public String toString() {
        return "SinusoidalPositionalEncoding(maxLen=" + maxLen + ", d=" + d + ")";
    }
}
