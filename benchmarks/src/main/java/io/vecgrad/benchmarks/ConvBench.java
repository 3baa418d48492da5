package io.vecgrad.benchmarks;

import io.vecgrad.tensor.kernel.Conv2dF32;
import io.vecgrad.tensor.kernel.Conv2dGeometry;
import io.vecgrad.tensor.kernel.Parallel;
import io.vecgrad.tensor.kernel.Pool2dF32;
import io.vecgrad.tensor.kernel.Pool2dGeometry;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * conv-lenet1 and conv-lenet2 of shared/bench/WORKLOADS.md: float32 conv2d forward, N(0,1)
 * inputs, no bias, milliseconds per call. Output arrays are reused, as the tensor layer's
 * buffer pool would; the kernel's own scratch lives in thread locals. Beside them, LeNet's two
 * ReLU + 2×2 max-pool layers (index-free kernels, forward and backward; no reference row).
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar ConvBench -f 1 -wi 3 -i 5 -w 1 -r 1
 * }</pre>
 *
 * <p>Sample mode: {@code vecgrad bench} compares the median time per call, the statistic of
 * reference.py's {@code median_time} (see cli's {@code JmhResults}); JMH also prints the mean.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ConvBench {
    private Layer lenet1;
    private Layer lenet2;
    private Pool pool1;
    private Pool pool2;

    /** One fused ReLU + 2×2 max pooling's geometry and its arrays. */
    private static final class Pool {
        final Pool2dGeometry g;
        final float[] x;
        final float[] y;
        final float[] dy;
        final float[] dx;

        Pool(int[] input, Random rnd) {
            g = Pool2dGeometry.max(input, 2, 2, 0, 1);
            x = gaussian(rnd, g.inputSize());
            y = new float[g.outputSize()];
            dy = gaussian(rnd, g.outputSize());
            dx = new float[g.inputSize()];
        }

        float[] forward() {
            Pool2dF32.maxForwardIndexFree(g, x, 0, y, 0, true);
            return y;
        }

        float[] backward() {
            Pool2dF32.maxBackwardIndexFree(g, x, 0, dy, 0, dx, 0, true);
            return dx;
        }
    }

    /** One convolution's geometry and its arrays. */
    private static final class Layer {
        final Conv2dGeometry g;
        final float[] x;
        final float[] w;
        final float[] y;

        Layer(int[] input, int[] weight, int padding, Random rnd) {
            g = Conv2dGeometry.of(input, weight, 1, padding, 1, 1);
            x = gaussian(rnd, g.inputSize());
            w = gaussian(rnd, g.weightSize());
            y = new float[g.outputSize()];
        }

        float[] run() {
            Conv2dF32.forward(g, x, 0, w, 0, null, 0, y, 0);
            return y;
        }
    }

    @Setup
    public void setup() {
        Parallel.setThreads(1); // the reference row runs PyTorch at one thread
        Random rnd = new Random(42);
        lenet1 = new Layer(new int[] {64, 1, 28, 28}, new int[] {16, 1, 5, 5}, 2, rnd);
        lenet2 = new Layer(new int[] {64, 16, 14, 14}, new int[] {32, 16, 5, 5}, 2, rnd);
        pool1 = new Pool(new int[] {64, 16, 28, 28}, rnd);
        pool2 = new Pool(new int[] {64, 32, 14, 14}, rnd);
    }

    /** conv-lenet1: input [64,1,28,28], weight [16,1,5,5], padding 2, stride 1. */
    @Benchmark
    public float[] convLenet1() {
        return lenet1.run();
    }

    /** conv-lenet2: input [64,16,14,14], weight [32,16,5,5], padding 2, stride 1. */
    @Benchmark
    public float[] convLenet2() {
        return lenet2.run();
    }

    /** LeNet's first ReLU + pool, forward: [64,16,28,28] to [64,16,14,14]. */
    @Benchmark
    public float[] poolLenet1Forward() {
        return pool1.forward();
    }

    /** LeNet's first ReLU + pool, backward (the winners recomputed from x). */
    @Benchmark
    public float[] poolLenet1Backward() {
        return pool1.backward();
    }

    /** LeNet's second ReLU + pool, forward: [64,32,14,14] to [64,32,7,7]. */
    @Benchmark
    public float[] poolLenet2Forward() {
        return pool2.forward();
    }

    /** LeNet's second ReLU + pool, backward. */
    @Benchmark
    public float[] poolLenet2Backward() {
        return pool2.backward();
    }

    private static float[] gaussian(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return a;
    }
}
