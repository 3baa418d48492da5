package io.vecgrad.cli.registry;

import io.vecgrad.cli.spec.SpecValues;
import io.vecgrad.train.DataInfo;
import io.vecgrad.train.Model;
import io.vecgrad.tensor.random.Rng;

/**
 * Builds a freshly initialized model sized for the data. {@code rng} is derived from the run
 * seed only, so every optimizer in a comparison starts from the same weights.
 *
 * <pre>{@code
 * registries.models().add("mlp", "Linear-ReLU-Linear", Catalog.params("hidden", 128),
 *         (p, info, rng) -> new ModuleAdapter(Mlp.of(info.features(), p.getInt("hidden"), info.classes(), rng)));
 * }</pre>
 */
@FunctionalInterface
public interface ModelFactory {
    Model create(SpecValues params, DataInfo data, Rng rng);
}
