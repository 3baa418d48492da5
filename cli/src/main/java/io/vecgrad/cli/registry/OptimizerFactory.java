package io.vecgrad.cli.registry;

import io.vecgrad.cli.spec.SpecValues;
import io.vecgrad.train.OptimizerRecipe;

/**
 * Builds an optimizer from its validated parameters. Every optimizer entry declares an
 * {@code lr} key: it is the base learning rate handed to the schedule.
 *
 * <pre>{@code
 * registries.optimizers().add("sgd", "SGD with momentum",
 *         Catalog.params("lr", 0.1, "momentum", 0.0), p -> new SgdAdapter(p.getDouble("momentum")));
 * }</pre>
 */
@FunctionalInterface
public interface OptimizerFactory {
    OptimizerRecipe create(SpecValues params);
}
