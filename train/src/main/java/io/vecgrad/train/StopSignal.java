package io.vecgrad.train;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets a shutdown hook (Ctrl-C) ask the training loop to stop between steps and wait until
 * it has: a checkpoint being written is finished, never cut off.
 */
public final class StopSignal {
    private volatile boolean requested;
    private final CountDownLatch idle = new CountDownLatch(1);

    /** Asks the loop to stop after its current step. */
    public void request() {
        requested = true;
    }

    public boolean requested() {
        return requested;
    }

    /** Called by the loop once it has stopped (or finished) and all files are flushed. */
    public void markIdle() {
        idle.countDown();
    }

    /** Waits up to {@code millis} for {@link #markIdle()}; true when it came. */
    public boolean awaitIdle(long millis) {
        try {
            return idle.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
