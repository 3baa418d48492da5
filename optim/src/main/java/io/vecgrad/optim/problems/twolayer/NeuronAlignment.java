package io.vecgrad.optim.problems.twolayer;

/**
 * Alignment of student neurons to teacher neurons (P15, Zhou, Ge, Jin, COLT 2021: every student
 * neuron converges to one of the teacher neurons): for each student row {@code w_i} the angle
 * {@code min_j arccos(w_iᵀw*_j / (‖w_i‖‖w*_j‖))} to its nearest teacher, in radians. Angles depend on
 * directions only, so they are invariant to positive rescaling of any neuron (ReLU homogeneity);
 * identical neurons have angle 0. A zero row has no direction: its angle is {@code NaN}, so it
 * cannot pass for aligned (zero target rows are skipped).
 *
 * <pre>{@code
 * double[] studentToTeacher = NeuronAlignment.nearestAngles(studentW, teacherW, m, mStar, d);
 * double[] teacherToStudent = NeuronAlignment.nearestAngles(teacherW, studentW, mStar, m, d);   // coverage
 * double degrees = Math.toDegrees(NeuronAlignment.max(studentToTeacher));
 * }</pre>
 */
public final class NeuronAlignment {
    private NeuronAlignment() {}

    /** The angle between rows {@code i} of u and {@code j} of v (d columns each), clamped to [0, π]; NaN for a zero row. */
    public static double angle(double[] u, int i, double[] v, int j, int d) {
        double uv = WideReluNet.dot(u, i * d, v, j * d, d);
        double uu = WideReluNet.dot(u, i * d, u, i * d, d), vv = WideReluNet.dot(v, j * d, v, j * d, d);
        if (uu == 0 || vv == 0) return Double.NaN;
        return Math.acos(Math.max(-1, Math.min(1, uv / Math.sqrt(uu * vv))));
    }

    /** For each of the {@code rows} rows of {@code from}, the angle to the nearest of the {@code targets} rows of {@code to}. */
    public static double[] nearestAngles(double[] from, double[] to, int rows, int targets, int d) {
        if (from.length != rows * d || to.length != targets * d || rows < 1 || targets < 1) {
            throw new IllegalArgumentException("NeuronAlignment.nearestAngles: arrays of " + from.length + " and " + to.length
                    + " values for " + rows + " and " + targets + " rows of dimension " + d);
        }
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            double best = Double.NaN;
            for (int j = 0; j < targets; j++) {
                double ang = angle(from, i, to, j, d);
                if (!Double.isNaN(ang) && (Double.isNaN(best) || ang < best)) best = ang;
            }
            out[i] = best;
        }
        return out;
    }

    /** The index of the nearest target row for each row of {@code from} (−1 for a zero row). */
    public static int[] nearestIndex(double[] from, double[] to, int rows, int targets, int d) {
        int[] out = new int[rows];
        for (int i = 0; i < rows; i++) {
            int best = -1;
            double ang = Double.POSITIVE_INFINITY;
            for (int j = 0; j < targets; j++) {
                double v = angle(from, i, to, j, d);
                if (v < ang) {
                    ang = v;
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** The largest value, NaN if any is NaN. */
    public static double max(double[] angles) {
        double m = Double.NEGATIVE_INFINITY;
        for (double a : angles) {
            if (Double.isNaN(a)) return Double.NaN;
            m = Math.max(m, a);
        }
        return m;
    }
}
