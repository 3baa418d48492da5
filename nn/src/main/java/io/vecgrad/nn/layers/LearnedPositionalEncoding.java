package io.vecgrad.nn.layers;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Init;
import io.vecgrad.nn.Module;
import io.vecgrad.tensor.DType;

/** Adds a trained table {@code weight [maxLen, d]} (init N(0, 0.02²)) to {@code [B, T, d]}. */
public class LearnedPositionalEncoding extends Module {
    private final int maxLen, d;

    public LearnedPositionalEncoding(int maxLen, int d, DType dtype) {
        this.maxLen = maxLen;
        this.d = d;
        param("weight", Init.normal(0.02), dtype, maxLen, d);
    }

    @Override
    public Variable forward(Variable x) {
        int[] s = x.shape();
        if (s.length != 3 || s[2] != d || s[1] > maxLen) throw shapeError("[B,T<=" + maxLen + "," + d + "]", s);
        return x.add(p("weight").slice(0, 0, s[1]));
    }

    @Override
    public String toString() {
        return "LearnedPositionalEncoding(maxLen=" + maxLen + ", d=" + d + ")";
    }
}
