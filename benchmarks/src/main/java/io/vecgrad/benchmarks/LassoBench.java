package io.vecgrad.benchmarks;

import io.vecgrad.optim.bcd.ColumnMatrix;
import io.vecgrad.optim.bcd.CoordinateDescentOptions;
import io.vecgrad.optim.bcd.LassoCoordinateDescent;
import io.vecgrad.optim.bcd.LassoResult;
import io.vecgrad.optim.bcd.Selection;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.random.Rng;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code lassoCd} ({@code lasso-cd} of WORKLOADS.md): the Lasso ½n⁻¹‖Ax − b‖² + α‖x‖₁ with A
 * 1000×500 N(0,1), x* nonzero (N(0,1)) in its first 25 coordinates, b = Ax* + 0.01·noise,
 * α = 0.05, solved by coordinate descent from x = 0 until the duality gap ≤ 1e-6·‖b‖²/n.
 * Timed ({@code lassoCd}, the {@code lasso-cd} row): the solve on a {@link ColumnMatrix} built once
 * in setup — the design matrix is owned by the problem, as in a regularization path, so a solve
 * allocates O(n + p). {@code lasso_cd_copy} (row {@code lasso-cd-copy}) also times the per-call transposition of the
 * row-major A (4 MB), which scikit-learn's {@code fit} pays too (it converts a C-ordered X to
 * Fortran order). The default rule, cyclic, was the
 * fastest of our rules on this problem (8 epochs; Gauss–Southwell-s needs 2 epochs but pays for
 * Gram columns and an O(p) scan per update; random loses cache locality); compare them with
 * {@code -p rule=CYCLIC,RANDOM,GAUSS_SOUTHWELL}, or run {@link #main} for epochs per rule.
 *
 * <p>Sample mode: {@code vecgrad bench} compares the median time per call, the statistic of
 * reference.py's {@code median_time} (see cli's {@code JmhResults}); JMH also prints the mean.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LassoBench {
    static final int N = 1000, P = 500, K = 25;
    static final double ALPHA = 0.05, TOL = 1e-6;

    @Param({"CYCLIC"})
    public String rule;

    private double[] a, b;
    private ColumnMatrix cols;
    private CoordinateDescentOptions opts;

    @Setup
    public void setup() {
        Rng rng = new Rng(7);
        a = rng.split("A").normal(DType.FLOAT64, 0, 1, N, P).toDoubleArray();
        double[] xs = new double[P];
        double[] head = rng.split("x").normal(DType.FLOAT64, 0, 1, K).toDoubleArray();
        System.arraycopy(head, 0, xs, 0, K);
        double[] noise = rng.split("noise").normal(DType.FLOAT64, 0, 0.01, N).toDoubleArray();
        b = new double[N];
        for (int i = 0; i < N; i++) {
            double s = noise[i];
            for (int j = 0; j < P; j++) s += a[i * P + j] * xs[j];
            b[i] = s;
        }
        cols = ColumnMatrix.ofRowMajor(a, N, P);
        opts = CoordinateDescentOptions.defaults().withSelection(Selection.valueOf(rule)).withTol(TOL).withMaxEpochs(100_000);
    }

    @Benchmark
    public LassoResult lassoCd() {
        return LassoCoordinateDescent.solve(cols, b, ALPHA, opts);
    }

    @Benchmark
    public LassoResult lasso_cd_copy() {
        return LassoCoordinateDescent.solve(a, N, P, b, ALPHA, opts);
    }

    /** Prints epochs, gap and time per rule: {@code java -cp ... io.vecgrad.benchmarks.LassoBench}. */
    public static void main(String[] args) {
        for (Selection s : Selection.values()) {
            LassoBench bench = new LassoBench();
            bench.rule = s.name();
            bench.setup();
            LassoResult res = null;
            long best = Long.MAX_VALUE;
            for (int rep = 0; rep < 15; rep++) {
                long t0 = System.nanoTime();
                res = bench.lassoCd();
                best = Math.min(best, System.nanoTime() - t0);
            }
            System.out.printf("%s\tepochs=%d\tgap=%.3e\tnnz=%d\tbest=%.2f ms%n", s, res.epochs(), res.gap(),
                    java.util.Arrays.stream(res.x()).filter(v -> v != 0).count(), best / 1e6);
        }
    }
}
