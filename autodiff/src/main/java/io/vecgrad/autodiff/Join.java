package io.vecgrad.autodiff;

import io.vecgrad.tensor.Tensor;

/** Joining tensors: concat (the cotangent is sliced back into parts) and stack (concat of unsqueezed parts). */
public final class Join {
    private Join() {}

    /** Op names of this family (see {@code ops.OpRegistry}). */
    public static final java.util.List<String> OPS = java.util.List.of("concat", "stack");

    public static Variable concat(int axis, Variable... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("concat: no tensors given");
        Tensor[] values = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) values[i] = parts[i].value();
        Tensor value = Tensor.concat(axis, values);
        int a = io.vecgrad.tensor.Shape.axis("concat", axis, value.dim());
        int[] starts = new int[parts.length + 1];
        for (int i = 0; i < parts.length; i++) starts[i + 1] = starts[i] + values[i].size(a);
        return Tape.record("concat", value, (g, out, s) -> {
            for (int i = 0; i < parts.length; i++) {
                if (s.needs(i)) s.put(i, ViewOps.slice(g, a, starts[i], starts[i + 1], 1));
            }
        }, 0, parts);
    }

    public static Variable stack(int axis, Variable... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("stack: no tensors given");
        int a = io.vecgrad.tensor.Shape.axis("stack", axis, parts[0].value().dim() + 1);
        Variable[] lifted = new Variable[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!java.util.Arrays.equals(parts[i].value().shape(), parts[0].value().shape())) {
                throw new IllegalArgumentException("stack: tensor " + i + " has shape " + java.util.Arrays.toString(parts[i].value().shape())
                        + ", tensor 0 has " + java.util.Arrays.toString(parts[0].value().shape()));
            }
            lifted[i] = ViewOps.unsqueeze(parts[i], a);
        }
        return concat(a, lifted);
    }
}
