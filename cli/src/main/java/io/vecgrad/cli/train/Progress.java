package io.vecgrad.cli.train;

/**
 * Where the trainer reports progress: a terminal progress bar, or nothing in tests.
 *
 * <pre>{@code
 * try (Progress p = Progress.silent()) { p.start("adam", 500, 0); p.update(1, 0.69, 1200.0); }
 * }</pre>
 */
public interface Progress extends AutoCloseable {
    /** A new run of {@code total} steps begins, {@code done} of them already done (resume). */
    void start(String label, long total, long done);

    /** After a step: steps done, latest mean loss, examples per second. */
    void update(long done, double loss, double examplesPerSecond);

    @Override
    void close();

    /** Reports nothing. */
    static Progress silent() {
        return new Progress() {
            @Override
            public void start(String label, long total, long done) {}

            @Override
            public void update(long done, double loss, double examplesPerSecond) {}

            @Override
            public void close() {}
        };
    }
}
