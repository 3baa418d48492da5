package io.vecgrad.optim.bcd;

/**
 * Chooses the block {@link BlockCoordinateDescent} updates next; {@link BlockRules} builds the
 * paper's rules. An empty block means no block can make progress (the solve stops).
 */
@FunctionalInterface
public interface BlockSelector {
    int[] select(BcdIterate it);
}
