package io.vecgrad.distributed.pekko;

import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * The Pekko serializer for every {@link WireMessage}: {@link PayloadCodec}'s little-endian dump
 * with a checked header. {@link ClusterSettings} registers it under the name {@code vecgrad-payload}
 * and binds {@link WireMessage} to it; Java serialization is never used.
 *
 * <pre>{@code
 * // pekko.actor.serializers.vecgrad-payload = "io.vecgrad.distributed.pekko.PayloadSerializer"
 * // pekko.actor.serialization-bindings."io.vecgrad.distributed.pekko.WireMessage" = vecgrad-payload
 * byte[] bytes = new PayloadSerializer().toBinary(chunk);
 * }</pre>
 */
public final class PayloadSerializer extends SerializerWithStringManifest {
    /** The serializer id in Pekko's registry (ids 0–40 are Pekko's own). */
    public static final int IDENTIFIER = 864_211;
    private static final String CHUNK = "F";

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public String manifest(Object o) {
        if (o instanceof Chunk) {
            return CHUNK;
        }
        throw new IllegalArgumentException("vecgrad payload serializer: cannot serialize " + o.getClass().getName());
    }

    @Override
    public byte[] toBinary(Object o) {
        if (o instanceof Chunk c) {
            return PayloadCodec.encode(c);
        }
        throw new IllegalArgumentException("vecgrad payload serializer: cannot serialize " + o.getClass().getName());
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) {
        if (CHUNK.equals(manifest)) {
            return PayloadCodec.decode(bytes);
        }
        throw new CorruptPayloadException("vecgrad payload serializer: unknown manifest '" + manifest + "' on a "
                + bytes.length + "-byte payload");
    }
}
