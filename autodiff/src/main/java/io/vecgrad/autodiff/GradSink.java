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

    private static boolean sameShape(Variable a, Variable b) {
        int r = a.value().dim();
        if (b.value().dim() != r) return false;
        for (int d = 0; d < r; d++) if (a.value().size(d) != b.value().size(d)) return false;
        return true;
    }
}
