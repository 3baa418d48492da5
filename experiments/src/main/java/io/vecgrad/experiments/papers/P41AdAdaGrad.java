package io.vecgrad.experiments.papers;

import io.vecgrad.experiments.ExperimentContext;
import io.vecgrad.experiments.ExperimentResult;
import io.vecgrad.experiments.PaperExperiment;
import io.vecgrad.experiments.Parameters;
import java.util.Map;
import io.vecgrad.datasets.Batch;
import io.vecgrad.datasets.DataLoader;
import io.vecgrad.datasets.TensorDataset;
import io.vecgrad.datasets.real.Digits;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.optim.batch.AdAdaGrad;
import io.vecgrad.optim.batch.BatchSizeTests;
import io.vecgrad.tensor.DType;
import io.vecgrad.tensor.Tensor;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * P41 (Lau, Liu, Kolar): AdaGrad-Norm whose batch size grows by the norm test. Softmax
 * regression on all digits (pixels /16, float64), per-sample gradient moments in closed form
 * ({@code Σ g_i} and {@code Σ g_i²}), the datasets {@link DataLoader}'s {@code setBatchSize}
 * hook applying the test's choice. Writes {@code p41-batch-sizes.csv} (step, batch, loss).
 */
public final class P41AdAdaGrad extends PaperExperiment {
    public P41AdAdaGrad(String id, List<String> papers, String description, Map<String, ?> defaults) {
        super(id, papers, description, defaults);
    }

    @Override
    public String threshold() {
        return "final batch size > initial batch size and final full-batch loss < 0.5";
    }

    @Override
    public String claim() {
        return "P41: AdAdaGrad-Norm grows the batch size (final > initial) and drives the full-batch loss below"
                + " 0.5 (from ln 10 = 2.30) on digits softmax regression";
    }

    @Override
    public ExperimentResult run(Parameters p, ExperimentContext ctx) throws Exception {
        TensorDataset all = Digits.load();
        Tensor x = all.x().to(DType.FLOAT64).div(16.0).contiguous();
        Tensor y = all.y().to(DType.INT64).contiguous();
        int classes = 10;
        Tensor w = Tensor.zeros(DType.FLOAT64, 64, classes);
        Tensor b = Tensor.zeros(DType.FLOAT64, classes);
        io.vecgrad.optim.Params params = io.vecgrad.optim.Params.of("w", w, "b", b);
        Optimizer opt = Optimizer.of(params, AdAdaGrad.norm(p.getDouble("lr"), p.getDouble("b0"),
                BatchSizeTests.norm(p.getDouble("eta"), p.getInt("cap"))).optimizer());
        int b0 = p.getInt("batch");
        int epochs = ctx.quick() ? 1 : p.getInt("epochs");
        List<String> log = new ArrayList<>(List.of("step,batch,loss"));
        long step = 0;
        try (DataLoader loader = DataLoader.of(new TensorDataset(x, y)).batchSize(b0).seed(ctx.seed()).build()) {
            for (int e = 0; e < epochs; e++) {
                try (DataLoader.Epoch batches = loader.epoch(e)) {
                    for (Batch batch : batches) {
                        int n = batch.x().shape()[0];
                        Tensor xb = batch.x();
                        Tensor r = residual(xb, batch.y(), w, b, classes);          // p_i - e_{y_i}, [n, K]
                        io.vecgrad.optim.Params sum = io.vecgrad.optim.Params.of("w", xb.mT().matmul(r), "b", r.sum(new int[] {0}, false));
                        opt.step(sum.map(t -> t.div(n)));
                        if (n >= 2) {
                            io.vecgrad.optim.Params sumSq = io.vecgrad.optim.Params.of("w", xb.square().mT().matmul(r.square()),
                                    "b", r.square().sum(new int[] {0}, false));
                            loader.setBatchSize(BatchSizeTests.normFromMoments(sum, sumSq, n, p.getDouble("eta"), p.getInt("cap")));
                        }
                        step++;
                        log.add(step + "," + n + "," + loss(x, y, w, b, classes));
                    }
                }
            }
            double finalLoss = loss(x, y, w, b, classes);
            int finalBatch = loader.batchSize();
            Files.write(ctx.dir().resolve("p41-batch-sizes.csv"), log);
            boolean passed = finalBatch > b0 && finalLoss < 0.5;
            return new ExperimentResult("batch size " + b0 + " -> " + finalBatch + " over " + step + " steps (" + epochs
                    + " epochs), full-batch loss " + Runs.sci(finalLoss) + " (needs < 0.5); trace in p41-batch-sizes.csv",
                    passed, Map.of("initial_batch", (double) b0, "final_batch", (double) finalBatch, "final_loss", finalLoss,
                            "steps", (double) step), List.of(java.nio.file.Path.of("p41-batch-sizes.csv")));
        }
    }

    private static Tensor residual(Tensor xb, Tensor yb, Tensor w, Tensor b, int classes) {
        Tensor prob = xb.matmul(w).add(b).softmax(1);
        return prob.sub(yb.to(DType.INT64).oneHot(classes, DType.FLOAT64));
    }

    private static double loss(Tensor x, Tensor y, Tensor w, Tensor b, int classes) {
        Tensor logp = x.matmul(w).add(b).logSoftmax(1);
        return -logp.mul(y.oneHot(classes, DType.FLOAT64)).sum().item() / x.shape()[0];
    }
}
