package io.vecgrad.benchmarks;

import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.autodiff.ops.MeanSquare;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.nn.layers.TransformerEncoderBlock;
import io.vecgrad.nn.losses.Losses;
import io.vecgrad.nn.models.LeNet;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.kernel.Parallel;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.optim.GradientTransformation;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.Params;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.optim.first.Sgd;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One full training step (zero grad, forward, loss, backward, parameter update) of the
 * step-* workloads of shared/bench/WORKLOADS.md, float32, fixed data: stepTiny = step-tiny,
 * stepMlp = step-mlp, stepLenet = step-lenet, stepTransformer = step-transformer.
 *
 * <p>Models are nn's real modules and losses; updates are optim's real optimizers
 * ({@link Optimizer#of} with {@link Sgd} / {@link Adam} transforms, PyTorch's defaults), so the
 * figures measure what a user's training loop runs.
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar StepBench -f 1 -wi 3 -i 5 -w 1 -r 1 -prof gc
 * }</pre>
 *
 * <p>Sample mode: {@code vecgrad bench} compares the median time per call, the statistic of
 * reference.py's {@code median_time} (see cli's {@code JmhResults}); JMH also prints the mean.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StepBench {

    /** A model, its data, its loss and its optimizer. */
    static final class Workload {
        final Module model;
        final String[] names;
        final Variable[] params;
        final Variable x;
        final Optimizer optimizer;
        final Function<Variable, Variable> loss;
        private final Map<String, Tensor> grads = new LinkedHashMap<>();

        Workload(Module model, Tensor x, Function<Variable, Variable> loss, GradientTransformation transform) {
            this.model = model;
            Map<String, Variable> named = model.namedParameters();
            this.names = named.keySet().toArray(new String[0]);
            this.params = named.values().toArray(new Variable[0]);
            Map<String, Tensor> values = new LinkedHashMap<>();
            named.forEach((k, v) -> values.put(k, v.value()));
            Params ps = Params.of(values);
            this.x = Variable.constant(x);
            this.loss = loss;
            this.optimizer = Optimizer.of(ps, transform);
        }

        double step() {
            model.zeroGrad(false); // PyTorch 1.13's default zero_grad(set_to_none=False), as reference.py runs

            Variable l = loss.apply(model.forward(x));
            l.backward();
            for (int i = 0; i < params.length; i++) grads.put(names[i], params[i].grad());
            try (NoGrad s = NoGrad.enter()) {
                optimizer.step(Params.of(grads));
            }
            return l.item();
        }
    }

    private Workload tiny, mlp, lenet, transformer;

    @Setup
    public void setup() {
        Parallel.setThreads(1);
        Rng rng = new Rng(0);
        tiny = tiny(rng);
        mlp = mlp(rng);
        lenet = lenet(rng);
        transformer = transformer(rng);
    }

    /**
     * step-lenet's and step-transformer's workloads, {@code {lenet, transformer}}, drawn in
     * {@link #setup}'s order, so that every benchmark and probe steps the same data and weights.
     */
    static Workload[] lenetAndTransformer() {
        Rng rng = new Rng(0);
        tiny(rng);
        mlp(rng);
        Workload lenet = lenet(rng);
        return new Workload[] {lenet, transformer(rng)};
    }

    /** {@code "lenet"} or {@code "transformer"} from {@link #lenetAndTransformer}, for the probes' argument {@code which}. */
    static Workload lenetOrTransformer(String which, String tool) {
        Workload[] both = lenetAndTransformer();
        return switch (which) {
            case "lenet" -> both[0];
            case "transformer" -> both[1];
            default -> throw new IllegalArgumentException(tool + ": workload must be lenet or transformer, was " + which);
        };
    }

    static Workload tiny(Rng rng) {
        Tensor yTiny = rng.normal(DType.FLOAT32, 0, 1, 32, 1);
        return new Workload(new Sequential(new Linear(20, 64), Activation.relu(), new Linear(64, 1)).initialize(rng.split("tiny")),
                rng.normal(DType.FLOAT32, 0, 1, 32, 20), out -> Losses.mse(out, Variable.constant(yTiny)), Sgd.gradientDescent(0.1));
    }

    static Workload mlp(Rng rng) {
        Tensor yMlp = rng.randint(0, 10, 64);
        return new Workload(new Sequential(new Linear(784, 256), Activation.relu(), new Linear(256, 10)).initialize(rng.split("mlp")),
                rng.normal(DType.FLOAT32, 0, 1, 64, 784), out -> Losses.crossEntropy(out, yMlp), Adam.adam(1e-3));
    }

    static Workload lenet(Rng rng) {
        Tensor yLenet = rng.randint(0, 10, 64);
        return new Workload(LeNet.mnist(rng.split("lenet")), rng.normal(DType.FLOAT32, 0, 1, 64, 1, 28, 28),
                out -> Losses.crossEntropy(out, yLenet), Sgd.sgd(0.01, 0.9, 0, 0, false));
    }

    static Workload transformer(Rng rng) {
        return new Workload(
                new TransformerEncoderBlock(128, 4, 512, Activation.relu(), true, 0, false, DType.FLOAT32).initialize(rng.split("tf")),
                rng.normal(DType.FLOAT32, 0, 1, 16, 64, 128), MeanSquare::meanSquare, Adam.adamW(1e-3, 0.9, 0.999, 1e-8, 0.01));
    }

    /** step-tiny: Linear(20→64)-ReLU-Linear(64→1), MSE, batch 32, SGD lr 0.1. */
    @Benchmark
    public double stepTiny() {
        return tiny.step();
    }

    /** step-mlp: Linear(784→256)-ReLU-Linear(256→10), cross-entropy, batch 64, Adam lr 1e-3. */
    @Benchmark
    public double stepMlp() {
        return mlp.step();
    }

    /** step-lenet: the LeNet of WORKLOADS.md, cross-entropy, batch 64, SGD lr 0.01 momentum 0.9. */
    @Benchmark
    public double stepLenet() {
        return lenet.step();
    }

    /** step-transformer: pre-LN encoder block d 128, 4 heads, FF 512, ReLU, input [16,64,128], mean(y²) (one fused node), AdamW lr 1e-3. */
    @Benchmark
    public double stepTransformer() {
        return transformer.step();
    }
}
