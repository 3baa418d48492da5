package io.vecgrad.cli.run;

import io.vecgrad.train.StopSignal;
import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * Ctrl-C handling for a command: a shutdown hook asks the training loop to stop between steps,
 * waits until it has flushed its files (a checkpoint being written is completed, the previous
 * one is never touched), then prints what to do next.
 *
 * <pre>{@code
 * try (InterruptGuard g = InterruptGuard.install(stop, err, () -> "resume with: ...")) { train }
 * }</pre>
 */
public final class InterruptGuard implements AutoCloseable {
    private static final long WAIT_MILLIS = 15_000;
    private final Thread hook;
    private final StopSignal stop;

    private InterruptGuard(Thread hook, StopSignal stop) {
        this.hook = hook;
        this.stop = stop;
    }

    /** @param advice computed when the interrupt comes: where things are and how to resume */
    public static InterruptGuard install(StopSignal stop, PrintStream err, Supplier<String> advice) {
        Thread hook = new Thread(() -> {
            stop.request();
            boolean clean = stop.awaitIdle(WAIT_MILLIS);
            err.println();
            err.println(clean ? "vecgrad: interrupted." : "vecgrad: interrupted (training did not stop in time).");
            err.println(advice.get());
            err.flush();
        }, "vecgrad-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        return new InterruptGuard(hook, stop);
    }

    /** Marks the work finished and removes the hook (unless the JVM is already shutting down). */
    @Override
    public void close() {
        stop.markIdle();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to; it reads the idle mark set above
        }
    }
}
