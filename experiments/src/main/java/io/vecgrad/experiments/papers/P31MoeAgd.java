package io.vecgrad.experiments.papers;

import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import io.vecgrad.nn.Module;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.nn.layers.SinusoidalPositionalEncoding;
import io.vecgrad.nn.moe.MoeEncoderBlock;
import io.vecgrad.nn.moe.MoeLayer;
import io.vecgrad.nn.moe.MoeOptions;
import io.vecgrad.nn.moe.Routing;
import io.vecgrad.nn.moe.TokenEncoder;
import io.vecgrad.optim.first.Adam;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.multitask.AlternatingTrainer;
import io.vecgrad.train.multitask.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * P31 IMP (Akbari et al., NeurIPS 2023): one modality-agnostic transformer encoder trained by
 * alternating gradient descent on two image tasks with different input shapes, sparse (MoE) against
 * dense at equal active parameters, scaled to two cores.
 *
 * <p>Tasks: the 8×8 digits (rows as 8 tokens of 8 pixels; 1,437 train / 360 test) and the first
 * 4,000 / 1,000 Fashion-MNIST images (rows as 28 tokens of 28 pixels); when Fashion-MNIST is not
 * installed the second task is the digits read column-wise (stated in the output). Each task has
 * its own stem (Linear to d = 32 + sinusoidal positions) and head (Linear to 10 classes); the
 * encoder ({@link TokenEncoder}: 2 pre-LN blocks, 2 heads, FFN width 64, final LayerNorm, mean
 * pooling) is shared. Sparse: both FFNs are {@link MoeLayer}s with 4 experts of width 64, top-1
 * tokens-choose routing, capacity factor 1.25, balance loss α = 0.01 and z-loss β = 0.001 (IMP's
 * code's router, {@link MoeLayer}); dense: the same encoder with plain FFNs of width 64. Each token
 * goes through one FFN of width 64 in both, so the active parameters per token are equal (the MoE
 * adds the router's 4·33 weights per layer). AGD with weights 1 : 1, batch 32, Adam lr 2e-3,
 * {@code steps} steps, seeds 1…{@code seeds} (seed = initial weights, task sequence and batch order;
 * dense and MoE see the same task sequence).
 *
 * <p>Criterion (fixed before running): the mean over seeds of the two-task average test accuracy
 * of the MoE encoder is at least the dense encoder's (IMP: MoE improves over dense at equal
 * compute). Reported besides: per-task accuracies, the experts' load and the fraction of dropped
 * routing choices.
 *
 * <pre>{@code
 * Outcome o = P31MoeAgd.run(P31MoeAgd.Config.defaults());
 * }</pre>
 */
public final class P31MoeAgd extends PaperExperiment {
    public P31MoeAgd() {
        super("p31-moe-agd", List.of("P31"), "P31 IMP: MoE vs dense shared encoder trained by alternating gradient descent on digits + Fashion-MNIST",
                Experiments.params("seeds", 3, "steps", 1500));
    }

    @Override
    public String claim() {
        return "a sparse MoE encoder trained by alternating gradient descent on two tasks reaches at least the accuracy of a dense encoder with equal active parameters (IMP: MoE improves and reduces task conflicts)";
    }

    @Override
    public String threshold() {
        return "mean over seeds of the two-task average test accuracy: MoE (4 experts, top-1, cf 1.25) >= dense (FFN width 64, same active parameters)";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws java.io.IOException {
        return run(ctx.quick() ? Config.quick() : new Config(p.getInt("seeds"), p.getInt("steps"), 4000, 1000, 32, 2e-3)).toResult(ctx.dir());
    }

    /** Sizes of one run. */
    public record Config(int seeds, int steps, int fashionTrain, int fashionTest, int batch, double lr) {
        public static Config defaults() {
            return new Config(3, 1500, 4000, 1000, 32, 2e-3);
        }

        public static Config quick() {
            return new Config(1, 6, 64, 32, 8, 2e-3);
        }
    }

    /** A task's data as token sequences: {@code x [N, T·F]} to be read as {@code [N, T, F]}. */
    record TaskData(String name, TensorDataset train, TensorDataset test, int tokens, int features) {}

    static List<TaskData> tasks(Config c, Outcome o) {
        ImageData digits = ImageData.digits();
        List<TaskData> out = new ArrayList<>();
        out.add(new TaskData("digits", flat(digits.train()), flat(digits.test()), 8, 8));
        if (ImageData.fashionAvailable()) {
            ImageData f = ImageData.fashion(c.fashionTrain(), c.fashionTest());
            out.add(new TaskData("fashion-mnist", flat(f.train()), flat(f.test()), 28, 28));
        } else {
            o.line("Fashion-MNIST is not installed: the second task is the digits read column-wise");
            out.add(new TaskData("digits-columns", columns(digits.train()), columns(digits.test()), 8, 8));
        }
        return out;
    }

    private static TensorDataset flat(TensorDataset d) {
        return new TensorDataset(d.x().reshape(d.size(), -1).contiguous(), d.y());
    }

    private static TensorDataset columns(TensorDataset d) {
        return new TensorDataset(d.x().reshape(d.size(), 8, 8).transpose(1, 2).contiguous().reshape(d.size(), 64), d.y());
    }

    static TokenEncoder encoder(boolean moe, Rng rng) {
        MoeOptions o = moe ? MoeOptions.tokensChoose(4, 1).withCapacityFactor(1.25) : null;
        TokenEncoder e = new TokenEncoder(32, 2, 64, 2, o, 1, DType.FLOAT32);
        e.initialize(rng);
        return e;
    }

    static Task task(TaskData d, Rng rng, int batch) {
        Module stem = new Sequential(new Linear(d.features(), 32), new SinusoidalPositionalEncoding(d.tokens(), 32));
        stem.initialize(rng.split(d.name() + "/stem"));
        Linear head = new Linear(32, 10);
        head.initialize(rng.split(d.name() + "/head"));
        return new Task(d.name(), stem, head, d.train(), new int[] {d.tokens(), d.features()}, batch, 1.0);
    }

    public static Outcome run(Config c) {
        Outcome o = new Outcome();
        List<TaskData> data = tasks(c, o);
        o.line(String.format("P31 AGD on %s (%d/%d) and %s (%d/%d); %d steps, batch %d, Adam lr %.0e, %d seeds", data.get(0).name(),
                data.get(0).train().size(), data.get(0).test().size(), data.get(1).name(), data.get(1).train().size(),
                data.get(1).test().size(), c.steps(), c.batch(), c.lr(), c.seeds()));
        double[][] mean = new double[2][c.seeds()];
        for (int s = 0; s < c.seeds(); s++) {
            long seed = s + 1;
            for (int m = 0; m < 2; m++) {
                boolean moe = m == 1;
                Rng rng = new Rng(seed);
                TokenEncoder enc = encoder(moe, rng.split("encoder"));
                List<Task> tasks = List.of(task(data.get(0), rng, c.batch()), task(data.get(1), rng, c.batch()));
                long dropped = 0, choices = 0;
                long[] load = new long[4];
                try (AlternatingTrainer agd = new AlternatingTrainer(enc, tasks, () -> Adam.adam(c.lr()), MoeLayer::auxiliaryLoss, seed)) {
                    for (int step = 0; step < c.steps(); step++) {
                        AlternatingTrainer.Step st = agd.step();
                        if (step % 50 == 0 || step == c.steps() - 1) {
                            o.row("p31-steps", "encoder,seed,step,task,loss,aux", moe ? "moe" : "dense", seed, step, st.task(), st.loss(), st.auxiliary());
                        }
                        if (moe) {
                            for (int b = 0; b < 2; b++) {
                                Routing r = ((MoeEncoderBlock) enc.submodule("block" + b)).moe().lastRouting();
                                dropped += r.droppedChoices();
                                choices += r.dispatched() + r.droppedChoices();
                                int[] l = r.load();
                                for (int x = 0; x < 4; x++) load[x] += l[x];
                            }
                        }
                    }
                    double sum = 0;
                    StringBuilder per = new StringBuilder();
                    for (int j = 0; j < 2; j++) {
                        AlternatingTrainer.Scores sc = agd.evaluate(j, data.get(j).test());
                        sum += sc.accuracy() / 2;
                        per.append(String.format(" %s %.2f %%", data.get(j).name(), 100 * sc.accuracy()));
                        o.row("p31-accuracy", "encoder,seed,task,test_loss,test_accuracy,steps_on_task", moe ? "moe" : "dense", seed,
                                data.get(j).name(), sc.loss(), sc.accuracy(), agd.taskCounts()[j]);
                    }
                    mean[m][s] = sum;
                    o.line(String.format("seed %d %-5s:%s; average %.2f %%%s", seed, moe ? "moe" : "dense", per, 100 * sum, moe
                            ? String.format("; expert load %s, dropped %.2f %% of routing choices", java.util.Arrays.toString(load), 100.0 * dropped / choices)
                            : ""));
                }
            }
        }
        SeedStats dense = SeedStats.of(mean[0]), moe = SeedStats.of(mean[1]);
        o.figure("dense_mean_accuracy", dense.mean());
        o.figure("moe_mean_accuracy", moe.mean());
        o.check(String.format("two-task average test accuracy: MoE %s %% vs dense %s %%; needs MoE >= dense", moe.format(100, 2), dense.format(100, 2)),
                moe.mean() >= dense.mean());
        return o;
    }
}
