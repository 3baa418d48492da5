package io.vecgrad.datasets.transform;

import io.vecgrad.tensor.Tensor;
import io.vecgrad.tensor.random.Rng;

/**
 * A batch-level transformation of features or labels. Random transforms draw only from the
 * {@code rng} they are given; the {@link io.vecgrad.datasets.DataLoader} derives it from
 * (seed, epoch, batch start), so augmentation is reproducible whatever the prefetching.
 *
 * <pre>{@code
 * Transform t = Transforms.compose(Transforms.randomCrop(28, 2), Transforms.horizontalFlip(0.5),
 *                                  Transforms.normalize(0.2860, 0.3530));
 * Tensor out = t.apply(images, new Rng(1));
 * }</pre>
 */
@FunctionalInterface
public interface Transform {
    Tensor apply(Tensor batch, Rng rng);
}
