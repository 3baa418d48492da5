package io.vecgrad.benchmarks;

import io.vecgrad.autodiff.Autodiff;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.losses.Losses;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.kernel.Parallel;
import io.vecgrad.tensor.random.Rng;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Autodiff overheads and the {@code hvp-mlp} workload of WORKLOADS.md.
 *
 * <ul>
 *   <li>{@code chain1000}: 1,000 small ops on a 4-element float32 tensor, forward + backward
 *       (divide by 1,000 for the per-op cost); {@code chain1000TensorOnly} runs the same
 *       forward ops on plain tensors, to separate the tensor layer's cost from the tape's;
 *   <li>{@code hvpMlp}: Hessian-vector product of the step-mlp loss (Linear(784→256)-ReLU-
 *       Linear(256→10), softmax cross-entropy, batch 64, float32) w.r.t. all parameters,
 *       reverse-over-reverse, v random. The layers are written functionally (the HVP needs the
 *       parameters as inputs), with nn's real loss {@code Losses.crossEntropy};
 *   <li>{@code gradMlp}: one gradient of the same loss (the reference for the HVP/grad ratio).
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
public class AutodiffBench {
    private Tensor small;
    private Variable c1;
    private Variable c2;
    private Map<String, Tensor> params;
    private Map<String, Tensor> direction;
    private Variable x;
    private Tensor labels;
    private Function<Map<String, Variable>, Variable> loss;

    @Setup
    public void setup() {
        Parallel.setThreads(1); // the reference row runs PyTorch at one thread
        small = Tensor.of(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, 4);
        c1 = Variable.constant(Tensor.scalar(DType.FLOAT32, 0.999));
        c2 = Variable.constant(Tensor.scalar(DType.FLOAT32, 0.001));
        Rng rng = new Rng(0);
        params = new LinkedHashMap<>();
        params.put("w1", rng.split("w1").normal(DType.FLOAT32, 0, 1 / Math.sqrt(784), 784, 256));
        params.put("b1", rng.split("b1").normal(DType.FLOAT32, 0, 0.01, 256));
        params.put("w2", rng.split("w2").normal(DType.FLOAT32, 0, 1 / Math.sqrt(256), 256, 10));
        params.put("b2", rng.split("b2").normal(DType.FLOAT32, 0, 0.01, 10));
        direction = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            direction.put(e.getKey(), rng.split("v" + e.getKey()).normal(DType.FLOAT32, 0, 1, e.getValue().shape()));
        }
        x = Variable.constant(rng.split("x").normal(DType.FLOAT32, 0, 1, 64, 784));
        labels = rng.split("y").randint(0, 10, 64);
        loss = p -> {
            Variable h = x.matmul(p.get("w1")).add(p.get("b1")).relu();
            Variable logits = h.matmul(p.get("w2")).add(p.get("b2"));
            return Losses.crossEntropy(logits, labels);
        };
    }

    /** 500 × (mul, add) = 1,000 recorded ops, then backward through all of them. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Tensor chain1000() {
        Variable p = Variable.parameter(small);
        Variable y = p;
        for (int i = 0; i < 500; i++) y = y.mul(c1).add(c2);
        y.sum().backward();
        return p.grad();
    }

    /** The same 1,000 ops on plain tensors: the tensor layer's share of {@link #chain1000}. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Tensor chain1000TensorOnly() {
        Tensor y = small;
        Tensor a = c1.value(), b = c2.value();
        for (int i = 0; i < 500; i++) y = y.mul(a).add(b);
        return y;
    }

    /** hvp-mlp, in sample mode: {@code vecgrad bench} compares its median time per call. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Map<String, Tensor> hvpMlp() {
        return Autodiff.hvp(loss, params, direction);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Map<String, Tensor> gradMlp() {
        return Autodiff.grad(loss, params);
    }
}
