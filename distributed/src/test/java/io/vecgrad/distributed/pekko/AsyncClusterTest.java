package io.vecgrad.distributed.pekko;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code vecgrad cluster --method fedbuff}: two worker JVMs on loopback run FedBuff with Pekko timers to the end. */
class AsyncClusterTest {
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void fedBuffRunsAcrossWorkerJvms() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        int[] codes;
        try (ClusterLauncher c = ClusterLauncher.start(2, o -> o.withMethod("fedbuff"), lines::add)) {
            codes = c.waitFor(Duration.ofSeconds(100));
        }
        String all = String.join("\n", lines);
        assertArrayEquals(new int[] {0, 0}, codes, all);
        long steps = lines.stream().filter(l -> l.startsWith("server: step ")).count();
        assertEquals(20, steps, all);
        assertTrue(all.contains("server: step 20/20 "), all);
        assertTrue(all.contains("server: fedbuff done after 20 steps"), all);
        assertTrue(all.contains("worker 0: fedbuff client done after ") && all.contains("worker 1: fedbuff client done after "), all);
        double first = accuracy(lines, "server: step 1/20 ");
        double last = accuracy(lines, "server: step 20/20 ");
        assertTrue(last > 0.6 && last >= first, "accuracy " + first + " → " + last + "\n" + all);
    }

    static double accuracy(List<String> lines, String prefix) {
        String l = lines.stream().filter(x -> x.startsWith(prefix)).findFirst().orElseThrow();
        return Double.parseDouble(l.substring(l.indexOf("accuracy ") + 9).trim());
    }
}
