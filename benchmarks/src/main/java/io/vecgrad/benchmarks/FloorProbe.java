package io.vecgrad.benchmarks;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.kernel.FmaPeakF32;
import io.vecgrad.tensor.kernel.FusedOptimF32;
import io.vecgrad.tensor.kernel.GemmF32;
import io.vecgrad.tensor.kernel.Parallel;
import io.vecgrad.tensor.kernel.Simd;
import io.vecgrad.tensor.random.Rng;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What this core allows three bench rows, beside what vecgrad reaches there: each row's own
 * kernel and plain-Java loops that do only the part of its work no implementation can skip,
 * timed in turn in the same rounds (one thread, wall time, the best of many calls per round,
 * medians over rounds), so that a slow minute of the host moves both.
 *
 * <ul>
 *   <li><b>gemm</b>: GFLOP/s of {@code GemmF32.gemm} on 512³ and 1024³ against
 *       {@link FmaPeakF32}, twelve independent FMA chains on the preferred species (the core's
 *       peak for fused multiply-adds; no product can run faster).
 *   <li><b>adam</b>: optim-adam-1m's fused pass ({@code FusedOptimF32.adam}, 2^20 floats) against
 *       two floors: <i>memory</i>, the same streams (read g, m, v, p; write m, v, p) with one add
 *       each, in a plain loop that C2 vectorizes and unrolls itself; <i>divider</i>, the square
 *       root and the division Adam's bits need per element: the same pass 1024 times over one
 *       slice of 1024 elements that stays in L1 (16 KiB for the four streams). The larger is the
 *       pass's floor.
 *   <li><b>add</b>: add-1k's {@code a.add(b)} (1024 floats, new output) against the allocation
 *       alone ({@code new float[1024]} and one store: the JVM zeroes the fresh heap) and the
 *       addition alone into an existing array (a plain loop, vectorized by C2).
 * </ul>
 *
 * The floors are loops we could write, not proofs: a faster loop would lower them. (This class
 * may not use the Vector API itself: only {@code tensor.kernel} does, as the architecture tests
 * enforce.) Arguments: which rows ({@code all}, or comma-separated {@code gemm,adam,add}) and
 * rounds (default 9).
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar io.vecgrad.benchmarks.FloorProbe all 9
 * }</pre>
 */
public final class FloorProbe {
    private static final int FMA_STEPS = 100_000;
    private static final int ADAM_N = 1 << 20, L1_SLICE = 1024, ADD_N = 1024;
    /** Keeps results reachable so that C2 cannot drop the work. */
    static volatile Object sink;

    private FloorProbe() {}

    public static void main(String[] args) {
        String which = args.length > 0 ? args[0] : "all";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        if (rounds < 1) throw new IllegalArgumentException("FloorProbe: rounds must be at least 1, got " + rounds);
        if (!which.matches("all|(gemm|adam|add)(,(gemm|adam|add))*")) {
            throw new IllegalArgumentException("FloorProbe: rows must be 'all' or a comma-separated list of gemm, adam, add; got '" + which + "'");
        }
        List<String> rows = which.equals("all") ? List.of("gemm", "adam", "add") : List.of(which.split(","));
        Parallel.setThreads(1); // the bench rows run at one thread
        System.out.println("# FloorProbe, " + Simd.describe() + "; per round the best call, then the median over " + rounds + " rounds");
        if (rows.contains("gemm")) gemm(rounds);
        if (rows.contains("adam")) adam(rounds);
        if (rows.contains("add")) add(rounds);
    }

    // ---- gemm -------------------------------------------------------------------------------

    private static void gemm(int rounds) {
        float[][] p512 = operands(512), p1024 = operands(1024);
        double[][] r = new double[rounds][3];
        for (int i = -1; i < rounds; i++) {   // round -1 warms up
            double peak = (double) FmaPeakF32.flops(FMA_STEPS) / best(20, FloorProbe::fmaLoop) / 1e3;   // flops per µs / 1e3: GFLOP/s
            double g512 = 2.0 * 512 * 512 * 512 / best(20, () -> product(512, p512)) / 1e3;
            double g1024 = 2.0 * 1024 * 1024 * 1024 / best(5, () -> product(1024, p1024)) / 1e3;
            if (i >= 0) r[i] = new double[] {peak, g512, g1024};
        }
        double peak = Medians.ofColumn(r, 0), g512 = Medians.ofColumn(r, 1), g1024 = Medians.ofColumn(r, 2);
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

    private static void fmaLoop() {
        float sum = FmaPeakF32.run(FMA_STEPS);
        if (sum != FmaPeakF32.expected(FMA_STEPS)) throw new IllegalStateException("FloorProbe: FMA loop returned " + sum);
    }

    // ---- adam -------------------------------------------------------------------------------

    private static void adam(int rounds) {
        float[] p = filled(1f), g = filled(1e-3f), m = filled(0f), v = filled(1e-6f);
        double[][] r = new double[rounds][3];
        for (int i = -1; i < rounds; i++) {
            double kernel = best(20, () -> adamPass(p, g, m, v, ADAM_N));
            double memory = best(20, () -> streams(p, g, m, v));
            double divider = best(20, () -> {
                for (int s = 0; s < ADAM_N; s += L1_SLICE) adamPass(p, g, m, v, L1_SLICE);   // one slice, 2^20 elements in all
            });
            if (i >= 0) r[i] = new double[] {kernel, memory, divider};
        }
        double kernel = Medians.ofColumn(r, 0), memory = Medians.ofColumn(r, 1), divider = Medians.ofColumn(r, 2);
        System.out.printf(Locale.ROOT, "adam   fused pass %.0f us | memory floor %.0f us (%.1f GB/s) | divider floor %.0f us "
                        + "| pass / larger floor %.2f%n",
                kernel, memory, 28.0 * (1 << 20) / memory / 1e3, divider, kernel / Math.max(memory, divider));
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

    /** Adam's memory traffic with one add per stream, as a plain loop that C2 vectorizes and unrolls. */
    private static void streams(float[] p, float[] g, float[] m, float[] v) {
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
        double op = Medians.ofColumn(r, 0), alloc = Medians.ofColumn(r, 1), loop = Medians.ofColumn(r, 2);
        System.out.printf(Locale.ROOT, "add    a.add(b) %.0f ns | allocation alone %.0f ns | addition alone %.0f ns | "
                + "op / (allocation + loop) %.2f%n", op, alloc, loop, op / (alloc + loop));
    }

    private static void addLoop(float[] x, float[] y, float[] out) {
        for (int i = 0; i < ADD_N; i++) out[i] = x[i] + y[i];
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
}
