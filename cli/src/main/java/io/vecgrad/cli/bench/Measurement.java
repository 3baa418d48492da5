package io.vecgrad.cli.bench;

/**
 * One workload figure.
 *
 * @param name workload name
 * @param value in {@code unit}
 * @param unit the workload's unit (or JMH's for a name WORKLOADS.md does not define)
 */
public record Measurement(String name, double value, String unit) {}
