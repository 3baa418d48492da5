package io.vecgrad.autodiff;

/**
 * Where a {@link VjpRule} delivers its input cotangents. One sink is reused for all nodes of a
 * backward pass; a rule must only call it while it runs.
 */
public final class GradSink {
    private final Backward pass;
    private Node node;

    GradSink(Backward pass) {
        this.pass = pass;
    }

    void bind(Node n) {
        this.node = n;
    }

    /**
     * True when input {@code i} needs a cotangent: it requires grad and lies on a path to a
     * requested gradient. Rules skip work (for example a GEMM) for inputs that do not.
     */
    public boolean needs(int i) {
        return pass.needs(node.inputs[i]);
    }

    /**
     * Adds {@code grad} to the cotangent of input {@code i}. Its shape must equal the input's
     * shape (reduce broadcast axes with {@code Variable.sumTo} first).
     *
     * @throws IllegalStateException naming the op when the shape is wrong
     */
    public void put(int i, Variable grad) {
        Variable in = node.inputs[i];
        if (!sameShape(in, grad)) {
            throw new IllegalStateException("backward of " + node.op + ": gradient for input " + i + " has shape "
                    + java.util.Arrays.toString(grad.value().shape()) + ", input has shape "
                    + java.util.Arrays.toString(in.value().shape()));
        }
        io.vecgrad.tensor.DType want = in.value().dtype();
        // Mixed-precision ops promote; cotangents go back in each input's own (floating) dtype.
        pass.accumulate(in, want != grad.value().dtype() && want.isFloating() ? grad.to(want) : grad);
    }

    /**
     * A buffer the rule may write input {@code i}'s whole cotangent into instead of calling
     * {@link #put}: the gradient buffer of a leaf whose {@code .grad()} was zeroed by
     * {@code zeroGrad(false)} and has received nothing in this pass, during a plain
     * {@code backward()} (no create-graph, no anomaly mode); null otherwise (then {@link #put}).
     * Same dtype and shape as the input, contiguous. A rule that takes it must overwrite every
     * element with exactly the values it would have put (the engine would have copied those into
     * the buffer), then call {@link #overwrote(int)} and not {@code put} for that input. The copy
     * of a 784×256 weight gradient was about 3 % of step-mlp.
     *
     * <pre>{@code
     * Tensor buf = s.overwritableGrad(1);
     * if (buf != null) { computeInto(buf); s.overwrote(1); } else s.put(1, Variable.constant(compute()));
     * }</pre>
     */
    public io.vecgrad.tensor.Tensor overwritableGrad(int i) {
        return pass.overwritableLeafGrad(node.inputs[i]);
    }

    /** Input {@code i}'s cotangent was written whole into {@link #overwritableGrad(int)}'s buffer. */
    public void overwrote(int i) {
        pass.leafGradOverwritten(node.inputs[i]);
    }

    private static boolean sameShape(Variable a, Variable b) {
        int r = a.value().dim();
        if (b.value().dim() != r) return false;
        for (int d = 0; d < r; d++) if (a.value().size(d) != b.value().size(d)) return false;
        return true;
    }
}
