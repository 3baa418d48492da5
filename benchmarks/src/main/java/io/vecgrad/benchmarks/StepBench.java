package io.vecgrad.benchmarks;

import io.vecgrad.autodiff.NoGrad;
import io.vecgrad.autodiff.Variable;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.nn.layers.TransformerEncoderBlock;
import io.vecgrad.nn.losses.Losses;
import io.vecgrad.nn.models.LeNet;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
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
 * <p>The optimizers (SGD, SGD with momentum, Adam, AdamW with PyTorch's defaults) are written
 * here with the fused in-place tensor ops, because the optim module lives on another branch.
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar StepBench -f 1 -wi 3 -i 5 -w 1 -r 1 -prof gc
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StepBench {

    /** The update rule of a step. */
    interface Update {
        void apply(List<Variable> params);
    }

    /** Plain SGD: {@code p −= lr·g}. */
    static Update sgd(double lr) {
        return ps -> {
            for (Variable p : ps) p.value().axpyInPlace(-lr, p.grad());
        };
    }

    /** SGD with momentum (PyTorch): {@code b = μ·b + g; p −= lr·b}. */
    static Update momentum(List<Variable> params, double lr, double mu) {
        List<Tensor> buf = zerosLike(params);
        return ps -> {
            for (int i = 0; i < ps.size(); i++) {
                buf.get(i).mulInPlace(mu).addInPlace(ps.get(i).grad());
                ps.get(i).value().axpyInPlace(-lr, buf.get(i));
            }
        };
    }

    /** Adam (PyTorch defaults β = (0.9, 0.999), ε = 1e-8); AdamW when {@code weightDecay} &gt; 0 (decoupled). */
    static Update adam(List<Variable> params, double lr, double weightDecay) {
        List<Tensor> m = zerosLike(params), v = zerosLike(params);
        long[] t = {0};
        return ps -> {
            t[0]++;
            double bc1 = 1 - Math.pow(0.9, t[0]), bc2 = 1 - Math.pow(0.999, t[0]);
            for (int i = 0; i < ps.size(); i++) {
                Tensor p = ps.get(i).value(), g = ps.get(i).grad();
                if (weightDecay > 0) p.mulInPlace(1 - lr * weightDecay);
                m.get(i).lerpInPlace(g, 0.1);
                v.get(i).mulInPlace(0.999).addcmulInPlace(0.001, g, g);
                Tensor denom = v.get(i).sqrt().mulInPlace(1 / Math.sqrt(bc2)).addInPlace(1e-8);
                p.addcdivInPlace(-lr / bc1, m.get(i), denom);
            }
        };
    }

    private static List<Tensor> zerosLike(List<Variable> ps) {
        List<Tensor> out = new ArrayList<>();
        for (Variable p : ps) out.add(Tensor.zeros(p.dtype(), p.shape()));
        return out;
    }

    /** A model, its data and its update. */
    static final class Workload {
        final Module model;
        final List<Variable> params;
        final Variable x;
        final Update update;
        final java.util.function.Function<Variable, Variable> loss;

        Workload(Module model, Tensor x, java.util.function.Function<Variable, Variable> loss, java.util.function.Function<List<Variable>, Update> update) {
            this.model = model;
            this.params = model.parameters();
            this.x = Variable.constant(x);
            this.loss = loss;
            this.update = update.apply(params);
        }

        double step() {
            model.zeroGrad();
            Variable l = loss.apply(model.forward(x));
            l.backward();
            try (NoGrad s = NoGrad.enter()) {
                update.apply(params);
            }
            return l.item();
        }
    }

    private Workload tiny, mlp, lenet, transformer;

    @Setup
    public void setup() {
        Rng rng = new Rng(0);
        Tensor yTiny = rng.normal(DType.FLOAT32, 0, 1, 32, 1);
        tiny = new Workload(new Sequential(new Linear(20, 64), Activation.relu(), new Linear(64, 1)).initialize(rng.split("tiny")),
                rng.normal(DType.FLOAT32, 0, 1, 32, 20), out -> Losses.mse(out, Variable.constant(yTiny)), ps -> sgd(0.1));
        Tensor yMlp = rng.randint(0, 10, 64);
        mlp = new Workload(new Sequential(new Linear(784, 256), Activation.relu(), new Linear(256, 10)).initialize(rng.split("mlp")),
                rng.normal(DType.FLOAT32, 0, 1, 64, 784), out -> Losses.crossEntropy(out, yMlp), ps -> adam(ps, 1e-3, 0));
        Tensor yLenet = rng.randint(0, 10, 64);
        lenet = new Workload(LeNet.mnist(rng.split("lenet")), rng.normal(DType.FLOAT32, 0, 1, 64, 1, 28, 28),
                out -> Losses.crossEntropy(out, yLenet), ps -> momentum(ps, 0.01, 0.9));
        transformer = new Workload(
                new TransformerEncoderBlock(128, 4, 512, Activation.relu(), true, 0, false, DType.FLOAT32).initialize(rng.split("tf")),
                rng.normal(DType.FLOAT32, 0, 1, 16, 64, 128), out -> out.square().mean(), ps -> adam(ps, 1e-3, 0.01));
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

    /** step-transformer: pre-LN encoder block d 128, 4 heads, FF 512, ReLU, input [16,64,128], mean(y²), AdamW lr 1e-3. */
    @Benchmark
    public double stepTransformer() {
        return transformer.step();
    }
}
