package io.vecgrad.train;

/** Receives metrics rows as they are produced (the run folder's metrics.csv, or a list). */
@FunctionalInterface
public interface MetricsSink {
    void accept(MetricRow row);
}
