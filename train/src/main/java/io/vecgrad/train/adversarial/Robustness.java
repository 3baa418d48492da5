package io.vecgrad.train.adversarial;

import io.vecgrad.datasets.Batch;
import io.vecgrad.datasets.DataLoader;
import io.vecgrad.datasets.Dataset;
import io.vecgrad.tensor.random.Rng;
import io.vecgrad.train.Model;

/**
 * Robust-accuracy evaluation: each batch of a data set (in order) is attacked and the model is
 * scored, in evaluation mode, on the clean and on the attacked inputs. Batch {@code b}'s random
 * start comes from {@code new Rng(seed).split("robustness").split(b)}, so the figures are
 * deterministic per seed.
 *
 * <pre>{@code
 * RobustEvaluation r = Robustness.evaluate(model, data.test(), Pgd.linf(0.1, 0.01, 20).clip(0, 1), 256, 7);
 * System.out.println(r.cleanAccuracy() + " clean, " + r.robustAccuracy() + " under PGD");
 * }</pre>
 */
public final class Robustness {
    private Robustness() {}

    public static RobustEvaluation evaluate(Model model, Dataset data, Attack attack, int batchSize, long seed) {
        Rng root = new Rng(seed).split("robustness");
        AttackObjective objective = AttackObjective.of(model);
        double cl = 0;
        double ca = 0;
        double rl = 0;
        double ra = 0;
        long count = 0;
        int index = 0;
        try (DataLoader loader = DataLoader.of(data).batchSize(batchSize).shuffle(false).build();
                DataLoader.Epoch batches = loader.epoch(0)) {
            for (Batch batch : batches) {
                Model.Scores clean = model.evaluate(batch);
                Batch adv = batch.with(attack.perturb(objective, batch.x(), batch.y(), root.split(index++)), batch.y());
                Model.Scores robust = model.evaluate(adv);
                int n = batch.size();
                cl += clean.loss() * n;
                ca += clean.accuracy() * n;
                rl += robust.loss() * n;
                ra += robust.accuracy() * n;
                count += n;
            }
        }
        return new RobustEvaluation(cl / count, ca / count, rl / count, ra / count);
    }
}
