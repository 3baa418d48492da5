package io.vecgrad.benchmarks;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.kernel.FusedOptimF32;
import io.vecgrad.tensor.kernel.GemmF32;
import io.vecgrad.tensor.kernel.Parallel;
import io.vecgrad.tensor.random.Rng;
import java.util.Arrays;
import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * What this core allows three bench rows, beside what vecgrad reaches there: each row's own
 * kernel and plain-Java loops that do only the part of its work no implementation can skip,
 * timed in turn in the same rounds (one thread, wall time, the best of many calls per round,
 * medians over rounds), so that a slow minute of the host moves both.
 *
 * <ul>
 *   <li><b>gemm</b>: GFLOP/s of {@code GemmF32.gemm} on 512³ and 1024³ against an FMA loop of
 *       twelve independent chains on {@code SPECIES_PREFERRED} (the core's peak for fused
 *       multiply-adds; no product of that size can run faster).
 *   <li><b>adam</b>: optim-adam-1m's fused pass ({@code FusedOptimF32.adam}, 2^20 floats) against
 *       two floors: <i>memory</i>, the same streams (read g, m, v, p; write m, v, p) with one add
 *       each, the faster of a Vector API loop and a loop C2 vectorizes itself; <i>divider</i>,
 *       the square root and the division Adam's bits need per element, the same pass over
 *       slices of 1024 elements that stay in L1 (16 KiB for the four streams). The pass cannot beat the larger of the two.
 *   <li><b>add</b>: add-1k's {@code a.add(b)} (1024 floats, new output) against the allocation
 *       alone ({@code new float[1024]} and one store: the JVM zeroes the fresh heap) and the
 *       vector loop alone into an existing array.
 * </ul>
 *
 * The floors are loops we could write, not proofs: a faster loop would lower them. Arguments:
 * which rows ({@code all}, or comma-separated {@code gemm,adam,add}) and rounds (default 9).
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar io.vecgrad.benchmarks.FloorProbe all 9
 * }</pre>
 */
public final class FloorProbe {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int ADAM_N = 1 << 20, L1_SLICE = 1024, ADD_N = 1024;
    /** Keeps results reachable so that C2 cannot drop the work. */
    static volatile Object sink;

    private FloorProbe() {}

    public static void main(String[] args) {
        String which = args.length > 0 ? args[0] : "all";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        Parallel.setThreads(1); // the bench rows run at one thread
        System.out.println("# FloorProbe, " + S.length() + " float lanes, Java " + Runtime.version().feature()
                + "; per round the best call, then the median over " + rounds + " rounds");
        if (which.equals("all") || which.contains("gemm")) gemm(rounds);
        if (which.equals("all") || which.contains("adam")) adam(rounds);
        if (which.equals("all") || which.contains("add")) add(rounds);
    }

    // ---- gemm -------------------------------------------------------------------------------

    private static void gemm(int rounds) {
        float[][] p512 = operands(512), p1024 = operands(1024);
        double[][] r = new double[rounds][3];
        for (int i = -1; i < rounds; i++) {   // round -1 warms up
            double peak = 2.0 * 12 * S.length() * 100_000 / best(20, FloorProbe::fmaLoop) / 1e3;   // flops per µs / 1e3: GFLOP/s
            double g512 = 2.0 * 512 * 512 * 512 / best(20, () -> product(512, p512)) / 1e3;
            double g1024 = 2.0 * 1024 * 1024 * 1024 / best(5, () -> product(1024, p1024)) / 1e3;
            if (i >= 0) r[i] = new double[] {peak, g512, g1024};
        }
        double peak = median(r, 0), g512 = median(r, 1), g1024 = median(r, 2);
        System.out.printf(Locale.ROOT, "gemm   FMA peak %.1f GFLOP/s | gemm 512^3 %.1f (%.0f %% of peak) | gemm 1024^3 %.1f (%.0f %%)%n",
                peak, g512, 100 * g512 / peak, g1024, 100 * g1024 / peak);
    }

    private static float[][] operands(int n) {
        Rng rng = new Rng(n);
        float[][] x = new float[3][];
        for (int i = 0; i < 2; i++) x[i] = rng.normal(DType.FLOAT32, 0, 1, n * n).floatArray();
        x[2] = new float[n * n];
        return x;
    }

    private static void product(int n, float[][] x) {
        GemmF32.gemm(n, n, n, x[0], 0, n, 1, x[1], 0, n, 1, x[2], 0, n, false);
    }

    /**
     * Twelve independent FMA chains, each accumulating into the addend as the GEMM micro-kernels
     * do: enough to cover the latency of every current x86 FMA unit. (On first-generation Zen the
     * form {@code c = c·a + b}, the chain through the multiplicand, reached only three quarters of
     * this.)
     */
    private static void fmaLoop() {
        FloatVector a = FloatVector.broadcast(S, 0.999f), b = FloatVector.broadcast(S, 1e-6f);
        FloatVector c0 = a, c1 = b, c2 = a, c3 = b, c4 = a, c5 = b, c6 = a, c7 = b, c8 = a, c9 = b, c10 = a, c11 = b;
        for (int i = 0; i < 100_000; i++) {
            c0 = a.fma(b, c0);
            c1 = a.fma(b, c1);
            c2 = a.fma(b, c2);
            c3 = a.fma(b, c3);
            c4 = a.fma(b, c4);
            c5 = a.fma(b, c5);
            c6 = a.fma(b, c6);
            c7 = a.fma(b, c7);
            c8 = a.fma(b, c8);
            c9 = a.fma(b, c9);
            c10 = a.fma(b, c10);
            c11 = a.fma(b, c11);
        }
        sink = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }

    // ---- adam -------------------------------------------------------------------------------

    private static void adam(int rounds) {
        float[] p = filled(1f), g = filled(1e-3f), m = filled(0f), v = filled(1e-6f);
        double[][] r = new double[rounds][4];
        for (int i = -1; i < rounds; i++) {
            double kernel = best(20, () -> adamPass(p, g, m, v, ADAM_N));
            double vector = best(20, () -> streamsVector(p, g, m, v));
            double scalar = best(20, () -> streamsScalar(p, g, m, v));
            double divider = best(20, () -> {
                for (int s = 0; s < ADAM_N; s += L1_SLICE) adamPass(p, g, m, v, L1_SLICE);
            });
            if (i >= 0) r[i] = new double[] {kernel, vector, scalar, divider};
        }
        double kernel = median(r, 0), memory = Math.min(median(r, 1), median(r, 2)), divider = median(r, 3);
        System.out.printf(Locale.ROOT, "adam   fused pass %.0f us | memory floor %.0f us (vector loop %.0f, C2's loop %.0f; %.1f GB/s) "
                        + "| divider floor %.0f us | pass / larger floor %.2f%n",
                kernel, memory, median(r, 1), median(r, 2), 28.0 * (1 << 20) / memory / 1e3, divider, kernel / Math.max(memory, divider));
    }

    private static float[] filled(float x) {
        float[] a = new float[ADAM_N];
        Arrays.fill(a, x);
        return a;
    }

    /** The pass optim-adam-1m times: PyTorch's defaults, step 1 (the bias corrections 1/0.1, 1/sqrt(0.001)). */
    private static void adamPass(float[] p, float[] g, float[] m, float[] v, int n) {
        FusedOptimF32.adam(p, 0, g, 0, m, 0, v, 0, null, 0, n, 0.9f, 0.1f, 0.999f, 0.001f, 10f, 31.622776f, 1e-8f, 0f, 0f, -1e-3f);
    }

    /** Adam's memory traffic with one add per stream, as vectors. */
    private static void streamsVector(float[] p, float[] g, float[] m, float[] v) {
        int bound = S.loopBound(ADAM_N);
        for (int i = 0; i < bound; i += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector.fromArray(S, m, i).add(gv).intoArray(m, i);
            FloatVector.fromArray(S, v, i).add(gv).intoArray(v, i);
            FloatVector.fromArray(S, p, i).add(gv).intoArray(p, i);
        }
    }

    /** The same traffic as a plain loop, which C2 vectorizes and unrolls itself. */
    private static void streamsScalar(float[] p, float[] g, float[] m, float[] v) {
        for (int i = 0; i < ADAM_N; i++) {
            float gi = g[i];
            m[i] += gi;
            v[i] += gi;
            p[i] += gi;
        }
    }

    // ---- add --------------------------------------------------------------------------------

    private static void add(int rounds) {
        Tensor a = new Rng(1).normal(DType.FLOAT32, 0, 1, ADD_N), b = new Rng(2).normal(DType.FLOAT32, 0, 1, ADD_N);
        float[] x = a.floatArray(), y = b.floatArray(), out = new float[ADD_N];
        double[][] r = new double[rounds][3];
        for (int i = -1; i < rounds; i++) {
            double op = perCall(() -> sink = a.add(b));
            double alloc = perCall(() -> {
                float[] f = new float[ADD_N];
                f[ADD_N - 1] = 1;
                sink = f;
            });
            double loop = perCall(() -> addLoop(x, y, out));
            if (i >= 0) r[i] = new double[] {op, alloc, loop};
        }
        double op = median(r, 0), alloc = median(r, 1), loop = median(r, 2);
        System.out.printf(Locale.ROOT, "add    a.add(b) %.0f ns | allocation alone %.0f ns | vector loop alone %.0f ns | "
                + "op / (allocation + loop) %.2f%n", op, alloc, loop, op / (alloc + loop));
    }

    private static void addLoop(float[] x, float[] y, float[] out) {
        int bound = S.loopBound(ADD_N);
        for (int i = 0; i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, i).add(FloatVector.fromArray(S, y, i)).intoArray(out, i);
        }
    }

    // ---- timing -----------------------------------------------------------------------------

    /** The fastest of {@code calls} calls, in µs. */
    private static double best(int calls, Runnable body) {
        double best = Double.MAX_VALUE;
        for (int c = 0; c < calls; c++) {
            long t0 = System.nanoTime();
            body.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e3);
        }
        return best;
    }

    /**
     * ns per call over batches of 20,000 calls (single calls are too short for the clock; the
     * batch's loop is part of every figure alike), the fastest of 25 batches.
     */
    private static double perCall(Runnable body) {
        double best = Double.MAX_VALUE;
        for (int batch = 0; batch < 25; batch++) {
            long t0 = System.nanoTime();
            for (int c = 0; c < 20_000; c++) body.run();
            best = Math.min(best, (System.nanoTime() - t0) / 20_000.0);
        }
        return best;
    }

    private static double median(double[][] rows, int column) {
        double[] c = Arrays.stream(rows).mapToDouble(row -> row[column]).sorted().toArray();
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }
}
