package io.vecgrad.distributed.pekko;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The benchmark runs end to end on a small vector (figures are not asserted: wall clock). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TransportBenchTest {
    @Test
    void runsAndReportsPositiveFigures() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        TransportBench.Result r = TransportBench.run(50_000, 1, 20, new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertTrue(r.allReduceMBps() > 0 && r.pekkoSendMBps() > 0 && r.socketMBps() > 0, r.toString());
        assertTrue(r.pekkoMessageMicros() > 0 && r.socketMessageMicros() > 0, r.toString());
        String text = buf.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("SocketChannel") && text.contains("all-reduce"), text);
    }

    @Test
    void allReduceComparisonRunsBothAlgorithmsAndChecksItsArguments() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        java.util.Map<AllReduce, Double> r = TransportBench.allReduces(3, 50_000, 1,
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertTrue(r.get(AllReduce.RING) > 0 && r.get(AllReduce.TREE) > 0, r.toString());
        String text = buf.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("ring all-reduce (3 systems") && text.contains("tree all-reduce (3 systems"), text);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TransportBench.allReduces(1, 10, 1, System.out));
        assertTrue(e.getMessage().contains("workers 1"), e.getMessage());
    }
}
