package io.vecgrad.benchmarks;

import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.linalg.Linalg;
import io.vecgrad.tensor.random.Rng;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Dense linear algebra workloads of WORKLOADS.md (float64, inputs as reference.py builds them):
 * chol-512 (SPD {@code M·Mᵀ/n + I}), solve-512 ({@code N(0,1) + √n·I}, one right-hand side),
 * eigh-256 (SPD), svd-256 (thin, N(0,1)), qr-512x256 (thin, N(0,1)), expm-128 (N(0,1)/√n).
 * Each call includes the copy of the input into the kernel layout, as torch's includes its own.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar LinalgBench -f 1 -wi 3 -i 5
 * </pre>
 *
 * <p>Sample mode: {@code vecgrad bench} compares the median time per call, the statistic of
 * reference.py's {@code median_time} (see cli's {@code JmhResults}); JMH also prints the mean.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LinalgBench {
    Tensor spd512;
    Tensor spd256;
    Tensor shifted512;
    Tensor rhs512;
    Tensor normal256;
    Tensor tall512x256;
    Tensor scaled128;

    @Setup(Level.Trial)
    public void setup() {
        Rng r = new Rng(0);
        spd512 = spd(r.split("chol"), 512);
        spd256 = spd(r.split("eigh"), 256);
        shifted512 = r.split("solve").normal(DType.FLOAT64, 0, 1, 512 * 512).reshape(512, 512)
                .add(Tensor.eye(DType.FLOAT64, 512).mul(Math.sqrt(512)));
        rhs512 = r.split("rhs").normal(DType.FLOAT64, 0, 1, 512).reshape(512, 1);
        normal256 = r.split("svd").normal(DType.FLOAT64, 0, 1, 256 * 256).reshape(256, 256);
        tall512x256 = r.split("qr").normal(DType.FLOAT64, 0, 1, 512 * 256).reshape(512, 256);
        scaled128 = r.split("expm").normal(DType.FLOAT64, 0, 1, 128 * 128).reshape(128, 128).div(Math.sqrt(128));
    }

    private static Tensor spd(Rng r, int n) {
        Tensor m = r.normal(DType.FLOAT64, 0, 1, n * n).reshape(n, n);
        return m.matmul(m.mT()).div(n).add(Tensor.eye(DType.FLOAT64, n));
    }

    @Benchmark
    public Tensor chol512() {
        return Linalg.cholesky(spd512);
    }

    @Benchmark
    public Tensor solve512() {
        return Linalg.solve(shifted512, rhs512);
    }

    @Benchmark
    public Linalg.Eigh eigh256() {
        return Linalg.eigh(spd256);
    }

    @Benchmark
    public Linalg.Svd svd256() {
        return Linalg.svd(normal256, false);
    }

    @Benchmark
    public Linalg.QR qr512x256() {
        return Linalg.qr(tall512x256);
    }

    @Benchmark
    public Tensor expm128() {
        return Linalg.expm(scaled128);
    }
}
