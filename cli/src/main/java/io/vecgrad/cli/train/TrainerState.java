package io.vecgrad.cli.train;

/**
 * Where a training loop stands; saved in checkpoints so a run resumes at the next batch.
 *
 * @param step completed steps
 * @param epoch current 0-based epoch
 * @param batchInEpoch completed batches of the current epoch
 * @param seconds training wall time so far
 */
public record TrainerState(long step, int epoch, int batchInEpoch, double seconds) {
    public static final TrainerState START = new TrainerState(0, 0, 0, 0.0);
}
