package io.vecgrad.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.distributed.robust.Attacks;
import io.vecgrad.optim.compress.VectorCompressor;
import io.vecgrad.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChannelsTest {
    private static List<Message> batch(int n, int d, long seed) {
        Rng rng = new Rng(seed);
        List<Message> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] v = new double[d];
            for (int j = 0; j < d; j++) v[j] = rng.nextGaussian();
            out.add(Message.dense(i, Message.SERVER, 3, "grad", new ParamVector(v)));
        }
        return out;
    }

    @Test
    void byteCounterMatchesTheAnalyticCostOfEachEncoding() {
        int d = 1000, n = 4;
        RandomStreams s = new RandomStreams(1);
        ByteCounter dense = new ByteCounter(n), top = new ByteCounter(n), signs = new ByteCounter(n);
        Channels.counting(dense).transmit(batch(n, d, 1), s);
        assertEquals(n * 8L * d, dense.workerBytes());
        Channels.compress(VectorCompressor.topK(10)).then(Channels.counting(top)).transmit(batch(n, d, 1), s);
        long topBits = 10L * (64 + 10);   // 10 float64 values + 10-bit indices (d = 1000 < 1024)
        assertEquals(n * ((topBits + 7) / 8), top.workerBytes());
        Channels.signs().then(Channels.counting(signs)).transmit(batch(n, d, 1), s);
        assertEquals(n * 125L, signs.workerBytes());
        assertEquals(n, signs.messagesSent(0) + signs.messagesSent(1) + signs.messagesSent(2) + signs.messagesSent(3));
    }

    @Test
    void identityCompressorLeavesPayloadsBitwiseUnchanged() {
        List<Message> in = batch(3, 20, 2);
        List<Message> out = Channels.compress(VectorCompressor.identity()).transmit(in, new RandomStreams(5));
        for (int i = 0; i < 3; i++) assertTrue(out.get(i).payload().bitwiseEquals(in.get(i).payload()));
    }

    @Test
    void randomEffectsDependOnlyOnSeedSenderAndRoundNotOnTheBatch() {
        Channel noisyDrop = Channels.gaussianNoise(0.1).then(Channels.drop(0.3));
        List<Message> full = noisyDrop.transmit(batch(10, 5, 3), new RandomStreams(7));
        List<Message> again = noisyDrop.transmit(batch(10, 5, 3), new RandomStreams(7));
        assertEquals(full.size(), again.size());
        for (int k = 0; k < full.size(); k++) assertTrue(full.get(k).payload().bitwiseEquals(again.get(k).payload()));
        // sender 4 alone gets the same noise and the same drop decision as inside the batch
        List<Message> alone = noisyDrop.transmit(List.of(batch(10, 5, 3).get(4)), new RandomStreams(7));
        Message inBatch = full.stream().filter(m -> m.from() == 4).findFirst().orElse(null);
        assertEquals(inBatch == null, alone.isEmpty());
        if (inBatch != null) assertTrue(inBatch.payload().bitwiseEquals(alone.get(0).payload()));
        assertNotEquals(10, full.size(), "p = 0.3 over 10 messages with this seed drops some");
    }

    @Test
    void byzantineReplacementTouchesOnlyTheNamedSendersAndSeesTheHonestOnes() {
        List<Message> in = batch(5, 4, 4);
        List<Message> out = Channels.byzantine(Set.of(1, 3), Attacks.signFlip()).transmit(in, new RandomStreams(1));
        ParamVector honestMean = ParamVector.mean(List.of(in.get(0).payload(), in.get(2).payload(), in.get(4).payload()));
        for (int i : new int[] {0, 2, 4}) assertTrue(out.get(i).payload().bitwiseEquals(in.get(i).payload()));
        for (int i : new int[] {1, 3}) assertArrayEquals(honestMean.times(-1).data(), out.get(i).payload().data(), 0.0);
        assertEquals(in.get(1).bytes(), out.get(1).bytes());
    }

    @Test
    void delayAddsLatencyAndSignsAreOneBitWithSignOfZeroPositive() {
        Message m = Message.dense(0, 1, 0, "x", ParamVector.of(-2, 0, 3));
        Message delayed = Channels.delay(Latency.constant(0.25)).transmit(List.of(m), new RandomStreams(1)).get(0);
        assertEquals(0.25, delayed.delay(), 0.0);
        Message s = Channels.signs().transmit(List.of(m), new RandomStreams(1)).get(0);
        assertArrayEquals(new double[] {-1, 1, 1}, s.payload().data(), 0.0);
        assertEquals(1, s.bytes());
    }
}
