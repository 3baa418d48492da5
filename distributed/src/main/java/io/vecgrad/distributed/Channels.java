package io.vecgrad.distributed;

import io.vecgrad.optim.compress.VectorCompressor;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The links of a {@link Channel} chain: Byzantine replacement, compression (reusing
 * {@code optim.compress.VectorCompressor}), one-bit signs, Gaussian noise, drops, delays and
 * byte counting. Each random effect draws from the stream {@code (effect, sender, round)} split
 * by the receiver, so results never depend on scheduling.
 *
 * <pre>{@code
 * ByteCounter c = new ByteCounter(4);
 * Channel ch = Channels.compress(VectorCompressor.randK(8))
 *         .then(Channels.counting(c))
 *         .then(Channels.gaussianNoise(0.01));
 * }</pre>
 */
public final class Channels {
    private Channels() {}

    /** A per-message effect: returns the transformed message or null to drop it. */
    @FunctionalInterface
    public interface MessageEffect {
        Message apply(Message m, Rng rng);
    }

    /** Applies {@code effect} to each message with its own random stream named {@code role}. */
    public static Channel perMessage(String role, MessageEffect effect) {
        return (batch, streams) -> {
            List<Message> out = new ArrayList<>(batch.size());
            for (Message m : batch) {
                Message r = effect.apply(m, rng(streams, role, m));
                if (r != null) out.add(r);
            }
            return out;
        };
    }

    /** The random stream of one message for one effect. */
    public static Rng rng(RandomStreams streams, String role, Message m) {
        return streams.stream(role, m.from(), m.round()).split(m.to() + 3L);
    }

    /** Compresses every payload with {@code q}; the message then costs {@code ⌈q.bits(d)/8⌉} bytes. */
    public static Channel compress(VectorCompressor q) {
        return perMessage("compress/" + q.name(), (m, rng) -> {
            double[] c = q.compress(m.payload().data(), rng);
            return m.withPayload(new ParamVector(c), (q.bits(m.payload().dim()) + 7) / 8);
        });
    }

    /**
     * One bit per coordinate: sends sign(x) with sign(0) = +1 (a bit has two values), costing
     * {@code ⌈d/8⌉} bytes. The payload entries are ±1.
     */
    public static Channel signs() {
        return perMessage("signs", (m, rng) -> m.withPayload(signOf(m.payload()), (m.payload().dim() + 7L) / 8));
    }

    /** sign(x) with sign(0) = +1. */
    public static ParamVector signOf(ParamVector x) {
        double[] s = new double[x.dim()];
        for (int i = 0; i < s.length; i++) s[i] = x.get(i) < 0 ? -1 : 1;
        return new ParamVector(s);
    }

    /** Adds i.i.d. N(0, sigma²) noise to every payload entry (noisy links, as in ADMM-FL). */
    public static Channel gaussianNoise(double sigma) {
        if (!(sigma >= 0)) throw new IllegalArgumentException("Channels.gaussianNoise: sigma must be ≥ 0, got " + sigma);
        return perMessage("noise", (m, rng) -> {
            double[] v = m.payload().data().clone();
            for (int i = 0; i < v.length; i++) v[i] += sigma * rng.nextGaussian();
            return m.withPayload(new ParamVector(v), m.bytes());
        });
    }

    /** Drops each message independently with probability p. */
    public static Channel drop(double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Channels.drop: probability must be in [0, 1], got " + p);
        return perMessage("drop", (m, rng) -> rng.nextDouble() < p ? null : m);
    }

    /** Adds a latency sampled from {@code latency} to each message (the event engine delivers it later). */
    public static Channel delay(Latency latency) {
        return perMessage("delay", (m, rng) -> m.withDelay(latency.sample(rng)));
    }

    /** Records every message passing this point in {@code counter}, unchanged. */
    public static Channel counting(ByteCounter counter) {
        return (batch, streams) -> {
            for (Message m : batch) counter.record(m);
            return batch;
        };
    }

    /**
     * Replaces the payloads of the senders in {@code byzantine} by {@code attack}'s forgeries.
     * The attack sees the honest payloads of the same batch, one per honest sender in sender
     * order, and f = the number of distinct Byzantine senders. The byte cost is unchanged.
     */
    public static Channel byzantine(Set<Integer> byzantine, ByzantineAttack attack) {
        return (batch, streams) -> {
            // one payload per honest sender (a gossip batch repeats each sender's vector per neighbour)
            java.util.Map<Integer, ParamVector> honestBySender = new java.util.TreeMap<>();
            java.util.Set<Integer> bad = new java.util.TreeSet<>();
            for (Message m : batch) {
                if (byzantine.contains(m.from())) bad.add(m.from());
                else honestBySender.putIfAbsent(m.from(), m.payload());
            }
            List<ParamVector> honest = new ArrayList<>(honestBySender.values());
            int f = bad.size();
            if (f == 0) return batch;
            List<ParamVector> view = List.copyOf(honest);
            List<Message> out = new ArrayList<>(batch.size());
            for (Message m : batch) {
                if (!byzantine.contains(m.from())) {
                    out.add(m);
                    continue;
                }
                ParamVector forged = attack.forge(m.from(), m.payload(), view, f, rng(streams, "byzantine", m));
                if (forged.dim() != m.payload().dim()) {
                    throw new IllegalStateException("Channels.byzantine: attack forged dimension " + forged.dim() + " for worker "
                            + m.from() + ", expected " + m.payload().dim());
                }
                out.add(m.withPayload(forged, m.bytes()));
            }
            return out;
        };
    }
}
