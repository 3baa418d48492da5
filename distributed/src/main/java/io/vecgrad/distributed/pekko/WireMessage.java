package io.vecgrad.distributed.pekko;

/**
 * Marker of every message that crosses a JVM boundary in the Pekko backend. The configuration
 * built by {@link ClusterSettings} binds it to {@link PayloadSerializer}, so no such message ever
 * goes through Java serialization (which Pekko 1.x disables anyway).
 *
 * <pre>{@code
 * WireMessage m = new FloatChunk(0, MessageKind.REDUCE, 3, 0, 0, 1, 0, 4, new float[4]);
 * }</pre>
 */
public interface WireMessage {}
