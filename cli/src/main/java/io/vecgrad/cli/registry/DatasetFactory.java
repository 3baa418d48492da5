package io.vecgrad.cli.registry;

import io.vecgrad.cli.spec.SpecValues;
import io.vecgrad.train.DataSplit;
import io.vecgrad.tensor.random.Rng;
import java.io.IOException;

/**
 * Loads or generates a data set. File-backed entries call
 * {@link DatasetUnavailableException#requireFiles} first so a missing package is explained.
 *
 * <pre>{@code
 * registries.datasets().addWithArgument("csv", "path", "CSV file, label in the last column",
 *         Catalog.params("test-fraction", 0.2), (p, rng) -> CsvAdapter.load(Path.of(p.getString("path")), rng));
 * }</pre>
 */
@FunctionalInterface
public interface DatasetFactory {
    /**
     * @param rng derived from the run seed, for generators and train/test splits
     * @throws DatasetUnavailableException when the data is not installed (message says how)
     * @throws IOException when a file exists but cannot be read
     */
    DataSplit load(SpecValues params, Rng rng) throws IOException;
}
