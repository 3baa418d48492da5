package io.vecgrad.train;

/**
 * Where a training loop stands; saved in checkpoints so a resumed run continues with the next
 * example of the same epoch order.
 *
 * @param step completed optimizer steps
 * @param epoch current 0-based epoch
 * @param position examples of the current epoch's order already consumed
 * @param seconds training wall time so far
 */
public record LoopPosition(long step, int epoch, int position, double seconds) {
    public static final LoopPosition START = new LoopPosition(0, 0, 0, 0.0);
}
