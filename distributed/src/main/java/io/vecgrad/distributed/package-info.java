/**
 * Distributed and federated training. Methods are written once against engine-agnostic types
 * (workers, a server or aggregator, a topology, messages with byte accounting) and run on two
 * engines: a deterministic one-JVM simulator, which is the test oracle, and Apache Pekko Cluster
 * (Typed, Java DSL) across JVMs. Pekko is confined to the {@code io.vecgrad.distributed.pekko}
 * package; nothing below this module imports it.
 */
package io.vecgrad.distributed;
