package io.vecgrad.cli.train;

/**
 * Knobs of one training loop.
 *
 * @param epochs passes over the training set
 * @param batchSize examples per step (the last batch of an epoch may be smaller)
 * @param seed seeds the batch order; same seed, same order
 * @param logEvery write a metrics row every this many steps (and at each epoch end)
 * @param checkpointEvery save a checkpoint every this many steps (0: only at epoch ends);
 *     ignored when the trainer has no checkpoint store
 */
public record TrainerSettings(int epochs, int batchSize, long seed, int logEvery, int checkpointEvery) {
    public TrainerSettings {
        if (epochs < 1 || batchSize < 1 || logEvery < 1 || checkpointEvery < 0) {
            throw new IllegalArgumentException("TrainerSettings: epochs, batch and log-every must be >= 1 and"
                    + " checkpoint-every >= 0; got epochs=" + epochs + ", batch=" + batchSize
                    + ", logEvery=" + logEvery + ", checkpointEvery=" + checkpointEvery);
        }
    }

    /** Steps in one epoch of {@code n} examples. */
    public long stepsPerEpoch(int n) {
        return (n + batchSize - 1) / batchSize;
    }
}
