package io.vecgrad.tensor;

/** NumPy-style text for tensors: nested brackets, abbreviated with "..." past 1000 elements. */
final class TensorFormat {
    private static final int EDGE = 3;
    private static final int THRESHOLD = 1000;

    private TensorFormat() {}

    static String format(Tensor t) {
        StringBuilder sb = new StringBuilder("tensor(");
        boolean abbreviate = t.numel() > THRESHOLD;
        appendAxis(sb, t, 0, new int[t.dim()], abbreviate, 7);
        sb.append(", dtype=").append(t.dtype().name().toLowerCase()).append(", shape=").append(Shape.str(t.shape())).append(')');
        return sb.toString();
    }

    private static void appendAxis(StringBuilder sb, Tensor t, int axis, int[] idx, boolean abbreviate, int indent) {
        if (axis == t.dim()) {
            sb.append(value(t, t.get(idx)));
            return;
        }
        int n = t.size(axis);
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (abbreviate && n > 2 * EDGE && i == EDGE) {
                sb.append("..., ");
                i = n - EDGE;
            }
            idx[axis] = i;
            appendAxis(sb, t, axis + 1, idx, abbreviate, indent + 1);
            if (i < n - 1) {
                sb.append(',');
                if (axis < t.dim() - 1) sb.append('\n').append(" ".repeat(indent + axis + 1));
                else sb.append(' ');
            }
        }
        sb.append(']');
    }

    private static String value(Tensor t, double v) {
        switch (t.dtype()) {
            case BOOL: return v != 0 ? "true" : "false";
            case INT32:
            case INT64: return Long.toString((long) v);
            default:
                if (Double.isNaN(v) || Double.isInfinite(v)) return Double.toString(v);
                double a = Math.abs(v);
                return a != 0 && (a < 1e-4 || a >= 1e6) ? String.format("%.4e", v) : String.format("%.4f", v);
        }
    }
}
