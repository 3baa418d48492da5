package io.vecgrad.train;

/**
 * Where the trainer reports progress: a terminal progress bar (the command line), a log, or
 * nothing.
 *
 * <pre>{@code
 * try (ProgressListener p = ProgressListener.silent()) { p.start("adam", 500, 0); p.update(1, 0.69, 1200.0); }
 * }</pre>
 */
public interface ProgressListener extends AutoCloseable {
    /** A new run of {@code total} steps begins, {@code done} of them already done (resume). */
    void start(String label, long total, long done);

    /** After a logged step: steps done, latest mean loss, examples per second. */
    void update(long done, double loss, double examplesPerSecond);

    @Override
    void close();

    /** Reports nothing. */
    static ProgressListener silent() {
        return new ProgressListener() {
            @Override
            public void start(String label, long total, long done) {}

            @Override
            public void update(long done, double loss, double examplesPerSecond) {}

            @Override
            public void close() {}
        };
    }
}
