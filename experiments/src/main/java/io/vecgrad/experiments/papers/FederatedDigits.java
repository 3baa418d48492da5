package io.vecgrad.experiments.papers;

import io.vecgrad.distributed.LocalProblem;
import io.vecgrad.distributed.ParamVector;
import io.vecgrad.distributed.Worker;
import io.vecgrad.distributed.fed.ClassificationData;
import io.vecgrad.distributed.fed.ModuleProblem;
import io.vecgrad.distributed.fed.Shards;
import io.vecgrad.distributed.fed.SoftmaxRegression;
import io.vecgrad.nn.Sequential;
import io.vecgrad.nn.layers.Activation;
import io.vecgrad.nn.layers.Linear;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * The data and workers the distributed experiments (P07, P13, P14, P26, P60) share: the 8×8
 * digits split 75/25 into train and test by seed 1, sharded iid or Dirichlet(α) non-iid among
 * n workers, each worker a softmax regression ({@link SoftmaxRegression}) or a 64-32-10 MLP
 * ({@link ModuleProblem}), all starting from the same parameters.
 *
 * <pre>{@code
 * FederatedDigits fd = FederatedDigits.softmax(16, 0.1, 32, seed);   // Dirichlet α = 0.1
 * List<Worker> ws = fd.workers();
 * double acc = fd.accuracy(model);
 * }</pre>
 */
final class FederatedDigits {
    static final ClassificationData[] SPLIT = ClassificationData.digits(0.25, 1);

    private final List<LocalProblem> problems;
    private final ParamVector init;
    private final io.vecgrad.distributed.fed.Classifier classifier;

    private FederatedDigits(List<LocalProblem> problems, ParamVector init, io.vecgrad.distributed.fed.Classifier classifier) {
        this.problems = problems;
        this.init = init;
        this.classifier = classifier;
    }

    private static int[][] shards(int n, double alpha, long seed) {
        ClassificationData train = SPLIT[0];
        return alpha <= 0 ? Shards.iid(train.size(), n, seed) : Shards.dirichlet(train.labels(), train.classes(), n, alpha, seed);
    }

    /** Softmax regression workers (l2 1e-4), iid shards when {@code alpha ≤ 0}, else Dirichlet(α); zero initial weights. */
    static FederatedDigits softmax(int n, double alpha, int batch, long seed) {
        List<LocalProblem> ps = new ArrayList<>();
        for (int[] s : shards(n, alpha, seed)) ps.add(new SoftmaxRegression(SPLIT[0], s, batch, 1e-4));
        SoftmaxRegression any = (SoftmaxRegression) ps.get(0);
        return new FederatedDigits(ps, ParamVector.zeros(any.dim()), any);
    }

    /** 64-32-10 ReLU MLP workers (l2 1e-4), initial weights from {@code seed}. */
    static FederatedDigits mlp(int n, double alpha, int batch, long seed) {
        List<LocalProblem> ps = new ArrayList<>();
        for (int[] s : shards(n, alpha, seed)) {
            ps.add(new ModuleProblem(() -> new Sequential(new Linear(64, 32), Activation.relu(), new Linear(32, 10)), SPLIT[0], s, batch, 1e-4));
        }
        ModuleProblem first = (ModuleProblem) ps.get(0);
        return new FederatedDigits(ps, first.initialParams(new Rng(seed).split("init")), first);
    }

    /** Fresh workers at the common initial point. */
    List<Worker> workers() {
        List<Worker> ws = new ArrayList<>();
        for (int i = 0; i < problems.size(); i++) ws.add(new Worker(i, init, problems.get(i)));
        return ws;
    }

    /** Test accuracy of x. */
    double accuracy(ParamVector x) {
        return classifier.accuracy(x, SPLIT[1]);
    }

    /** Train loss of x: the mean of the workers' shard losses weighted by nothing (each worker counts once). */
    double trainLoss(ParamVector x) {
        double s = 0;
        for (LocalProblem p : problems) s += p.loss(x);
        return s / problems.size();
    }
}
