package io.vecgrad.nn.layers;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Module;

/** Flattens every axis after the first: {@code [N, d1, d2, ...] → [N, d1·d2·...]}. */
public class Flatten extends Module {
    @Override
    public Variable forward(Variable x) {
        if (x.shape().length < 1) throw shapeError("[N, ...]", x.shape());
        return x.reshape(x.shape()[0], -1);
    }

    @Override
    protected boolean forwardKeepsNoValues() {
        return getClass() == Flatten.class;
    }
}
