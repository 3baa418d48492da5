package io.vecgrad.datasets.synthetic;

import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;

/**
 * A two-layer ReLU teacher {@code f*(x) = Σᵢ a*ᵢ relu(w*ᵢ·x)} with Gaussian inputs, for the
 * teacher–student experiments of paper P15 (Zhou, Ge, Jin, COLT 2021, "A local convergence
 * theory for mildly over-parameterized two-layer neural network"). Teacher directions are
 * orthonormal when {@code m* ≤ d} (so pairwise separated) and random unit vectors otherwise;
 * output weights are all 1 or random signs. Labels are noiseless.
 *
 * <pre>{@code
 * TeacherStudent t = TeacherStudent.create(20, 5, false, 7);
 * TensorDataset train = t.sample(1000, 1);   // x ~ N(0, I₂₀), y = f*(x)
 * Tensor w = t.teacherWeights();              // [5, 20]
 * }</pre>
 */
public final class TeacherStudent {
    private final int d;
    private final int m;
    private final double[] w;   // m×d
    private final double[] a;

    private TeacherStudent(int d, int m, double[] w, double[] a) {
        this.d = d;
        this.m = m;
        this.w = w;
        this.a = a;
    }

    /**
     * @param d           input dimension
     * @param teacherUnits {@code m*}
     * @param randomSigns  output weights ±1 at random instead of all 1
     */
    public static TeacherStudent create(int d, int teacherUnits, boolean randomSigns, long seed) {
        if (d <= 0 || teacherUnits <= 0) throw new IllegalArgumentException("TeacherStudent: d and m* must be positive, got " + d + ", " + teacherUnits);
        Rng rng = new Rng(seed).split("teacher");
        double[] w = teacherUnits <= d
                ? Gaussian.transpose(Gaussian.orthonormalColumns(rng.split("w"), d, teacherUnits), d, teacherUnits)
                : Gaussian.unitRows(rng.split("w"), teacherUnits, d);
        double[] a = new double[teacherUnits];
        Rng ra = rng.split("a");
        for (int i = 0; i < a.length; i++) a[i] = randomSigns && (ra.nextLong() & 1) == 0 ? -1 : 1;
        return new TeacherStudent(d, teacherUnits, w, a);
    }

    /** {@code w*} as [m*, d]. */
    public Tensor teacherWeights() { return Tensor.of(w, m, d); }

    /** {@code a*} as [m*]. */
    public Tensor teacherOutputWeights() { return Tensor.of(a, m); }

    /** The teacher's output for inputs [n, d] (FLOAT64 [n]). */
    public Tensor predict(Tensor x) {
        return x.to(io.vecgrad.tensor.DType.FLOAT64).matmul(teacherWeights().mT()).relu().matmul(teacherOutputWeights());
    }

    /** {@code n} fresh examples {@code x ~ N(0, I)} with {@code y = f*(x)}, from stream {@code sampleSeed}. */
    public TensorDataset sample(int n, long sampleSeed) {
        Rng rng = new Rng(sampleSeed).split("teacher-student/inputs");
        Tensor x = Tensor.wrap(Gaussian.normal(rng, n * d, 1), n, d);
        return new TensorDataset(x, predict(x));
    }
}
