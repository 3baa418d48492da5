package io.vecgrad.datasets.coreset;

import io.vecgrad.datasets.Batch;
import io.vecgrad.datasets.Dataset;
import io.vecgrad.datasets.transform.Transform;
import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;

/**
 * Training data of P49 (Liu &amp; Mirzasoleiman, NeurIPS 2022): every epoch sees all original
 * examples plus strongly augmented copies of a weighted coreset. {@link #epoch(int)} is a
 * {@link Dataset} of size {@code N + m}: positions {@code 0..N−1} are the original examples
 * unchanged, positions {@code N..N+m−1} are augmented coreset copies.
 *
 * <p>The reference code weights each augmented copy's loss by its cluster size. Our loaders
 * average unweighted batches, so the weights act through a weighted sampler instead: each of the
 * {@code m} augmented slots of epoch {@code e} holds a copy of a coreset member, member {@code j}
 * filling {@code m·γ_j/Σγ} slots rounded up or down (systematic sampling: one uniform offset per
 * epoch, slot {@code t} takes the member whose cumulative weight covers {@code (t + u)·Σγ/m}).
 * The augmented part of the loss then has the weighted sum's expectation, with less variance than
 * independent draws; with unit weights and {@code m} = coreset size every member is augmented
 * exactly once per epoch (plain full augmentation). {@code m} defaults to the coreset size. Draws and augmentations come from
 * {@code Rng(seed).split("coreset/epoch" + e)}, one child stream per slot, so an epoch's data
 * does not depend on batching or prefetching.
 *
 * <pre>{@code
 * Coreset c = FacilityLocation.select(PerExample.logitGradients(model, x, y), labels, 0.3);
 * CoresetAugmentation aug = new CoresetAugmentation(train, c, Transforms.randomCrop(8, 1), 7);
 * DataLoader loader = DataLoader.of(aug.epoch(3)).batchSize(64).seed(3).build();
 * }</pre>
 */
public final class CoresetAugmentation {
    private final Dataset base;
    private final Coreset coreset;
    private final Transform augment;
    private final long seed;
    private final int slots;

    /** Augmented slots per epoch = coreset size. */
    public CoresetAugmentation(Dataset base, Coreset coreset, Transform augment, long seed) {
        this(base, coreset, augment, seed, coreset.size());
    }

    /** {@code slots} augmented copies per epoch, drawn in proportion to the coreset weights. */
    public CoresetAugmentation(Dataset base, Coreset coreset, Transform augment, long seed, int slots) {
        if (slots < 0) throw new IllegalArgumentException("CoresetAugmentation: negative slot count " + slots);
        if (slots > 0 && coreset.size() == 0) throw new IllegalArgumentException("CoresetAugmentation: " + slots + " slots but an empty coreset");
        for (int i : coreset.indices()) {
            if (i < 0 || i >= base.size()) {
                throw new IllegalArgumentException("CoresetAugmentation: coreset index " + i + " outside a dataset of " + base.size());
            }
        }
        for (double w : coreset.weights()) {
            if (!(w > 0)) throw new IllegalArgumentException("CoresetAugmentation: coreset weight " + w + " is not positive");
        }
        this.base = base;
        this.coreset = coreset;
        this.augment = augment;
        this.seed = seed;
        this.slots = slots;
    }

    /** The coreset whose members are augmented. */
    public Coreset coreset() {
        return coreset;
    }

    /** Which original example each augmented slot of epoch {@code e} copies (systematic sampling by weight). */
    public int[] draws(int e) {
        int[] idx = coreset.indices();
        double[] w = coreset.weights();
        double[] cdf = new double[w.length];
        double s = 0;
        for (int j = 0; j < w.length; j++) cdf[j] = s += w[j];
        double u = new Rng(seed).split("coreset/epoch" + e).split("draws").nextDouble();
        int[] out = new int[slots];
        int j = 0;
        for (int t = 0; t < slots; t++) {
            double target = (t + u) * s / slots;
            while (j < cdf.length - 1 && cdf[j] <= target) j++;
            out[t] = idx[j];
        }
        return out;
    }

    /** The data of epoch {@code e}: originals, then augmented coreset copies. */
    public Dataset epoch(int e) {
        int[] draws = draws(e);
        Rng augRng = new Rng(seed).split("coreset/epoch" + e).split("augment");
        int n = base.size();
        return new Dataset() {
            @Override
            public int size() {
                return n + draws.length;
            }

            @Override
            public Batch get(int[] indices) {
                Tensor[] xs = new Tensor[indices.length];
                Tensor[] ys = new Tensor[indices.length];
                for (int r = 0; r < indices.length; r++) {
                    int p = indices[r];
                    if (p < 0 || p >= n + draws.length) {
                        throw new IndexOutOfBoundsException("CoresetAugmentation epoch " + e + ": index " + p + " outside [0, " + (n + draws.length) + ")");
                    }
                    Batch one = base.get(new int[] {p < n ? p : draws[p - n]});
                    xs[r] = p < n ? one.x() : augment.apply(one.x(), augRng.split(p - n));
                    ys[r] = one.y();
                }
                return new Batch(Tensor.concat(0, xs), Tensor.concat(0, ys), indices.clone());
            }
        };
    }
}
