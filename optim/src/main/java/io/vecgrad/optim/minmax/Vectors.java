package io.vecgrad.optim.minmax;

/** Dense double[] arithmetic the min-max methods share (plain loops: the vectors are small). */
final class Vectors {
    private Vectors() {}

    /** {@code y ← y + a·x}. */
    static void addInPlace(double[] y, double a, double[] x) {
        if (y.length != x.length) throw new IllegalArgumentException("vector lengths differ: " + y.length + " and " + x.length);
        for (int i = 0; i < y.length; i++) y[i] += a * x[i];
    }

    /** {@code x + a·y} as a new array. */
    static double[] axpy(double[] x, double a, double[] y) {
        double[] out = x.clone();
        addInPlace(out, a, y);
        return out;
    }

    /** {@code s·x + t·y} as a new array. */
    static double[] combine(double s, double[] x, double t, double[] y) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = s * x[i] + t * y[i];
        return out;
    }

    static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += x[i] * y[i];
        return s;
    }

    static double norm(double[] x) {
        return Math.sqrt(dot(x, x));
    }

    static double distance(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) s += (x[i] - y[i]) * (x[i] - y[i]);
        return Math.sqrt(s);
    }

    /** Row-major {@code rows×cols} matrix times x. */
    static double[] matVec(double[] a, int rows, int cols, double[] x, int xOff) {
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < cols; j++) s += a[i * cols + j] * x[xOff + j];
            out[i] = s;
        }
        return out;
    }

    /** Transpose of the row-major {@code rows×cols} matrix times x. */
    static double[] matTVec(double[] a, int rows, int cols, double[] x, int xOff) {
        double[] out = new double[cols];
        for (int i = 0; i < rows; i++) {
            double xi = x[xOff + i];
            for (int j = 0; j < cols; j++) out[j] += a[i * cols + j] * xi;
        }
        return out;
    }
}
