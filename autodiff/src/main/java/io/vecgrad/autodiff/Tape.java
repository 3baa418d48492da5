package io.vecgrad.autodiff;

import io.vecgrad.tensor.Tensor;

/**
 * The recording entry point for op authors. An op computes its forward value on tensors and
 * calls {@link #record}; when recording is on and an input requires grad, the result carries a
 * node with the op's {@link VjpRule}, otherwise it is a constant. See {@code Unary} for
 * typical ops; a new op family (for example conv2d) is one new file in {@code ops} that does
 * the same and lists its op names in {@code ops.OpRegistry}.
 *
 * <pre>{@code
 * public static Variable sin(Variable x) {
 *     return Tape.record("sin", x.value().sin(), (g, out, s) -> s.put(0, g.mul(x.cos())), Tape.SAVE_IN0, x);
 * }
 * }</pre>
 */
public final class Tape {
    private Tape() {}

    /** The rule reads input 0's value: a later in-place change to it makes backward fail. */
    public static final int SAVE_IN0 = 1;
    /** The rule reads input 1's value. */
    public static final int SAVE_IN1 = 2;
    /** The rule reads input 2's value. */
    public static final int SAVE_IN2 = 4;
    /** The rule reads the output's value. */
    public static final int SAVE_OUTPUT = 1 << 30;

    /**
     * Wraps {@code value} as the result of op {@code op} applied to {@code inputs}.
     *
     * @param saved a mask of {@code SAVE_*} bits naming the values the rule reads; their
     *              versions are checked before the rule runs
     */
    public static Variable record(String op, Tensor value, VjpRule rule, int saved, Variable... inputs) {
        GradMode mode = GradMode.get();
        if (!mode.enabled || !anyRequiresGrad(inputs)) {
            if (mode.anomaly) checkForward(op, value, null);
            return new Variable(value, null);
        }
        int[] versions = null;
        if (saved != 0) {
            versions = new int[inputs.length + 1];
            for (int i = 0; i < inputs.length; i++) if ((saved & (1 << i)) != 0) versions[i] = inputs[i].value().version();
            versions[inputs.length] = value.version();
        }
        Throwable createdAt = mode.anomaly ? new Throwable("op " + op + " was created here") : null;
        if (mode.anomaly) checkForward(op, value, createdAt);
        Node node = new Node(op, inputs, rule, saved, versions, createdAt);
        node.ownsOutput = io.vecgrad.tensor.BufferPool.claimForGraph(value); // inside a ForwardScope only
        Variable out = new Variable(value, node);
        node.output = out;
        return out;
    }

    /**
     * {@link #record} for an op whose rule alone reads {@code scratch}, a tensor the op allocated
     * in its forward (an argmax, saved statistics): inside a {@link ForwardScope} it goes back to
     * the buffer pool with the output once the rule has run. Nothing else may keep it.
     */
    public static Variable recordWithScratch(String op, Tensor value, Tensor scratch, VjpRule rule, int saved, Variable... inputs) {
        boolean claimed = io.vecgrad.tensor.BufferPool.claimScratchForGraph(scratch);
        Variable out = record(op, value, rule, saved, inputs);
        if (claimed && out.node != null) out.node.scratch = scratch;
        return out;
    }

    /** Whether an op applied now to these inputs would be recorded. */
    public static boolean isRecording(Variable... inputs) {
        return GradMode.get().enabled && anyRequiresGrad(inputs);
    }

    private static boolean anyRequiresGrad(Variable[] inputs) {
        for (Variable v : inputs) if (v.requiresGrad()) return true;
        return false;
    }

    private static void checkForward(String op, Tensor value, Throwable createdAt) {
        if (!Anomaly.allFinite(value)) {
            throw new AnomalyException(op, "anomaly: forward of " + op + " produced NaN or Inf (output shape "
                    + java.util.Arrays.toString(value.shape()) + ")", createdAt != null ? createdAt : new Throwable("op " + op + " was created here"));
        }
    }
}
