package io.vecgrad.distributed.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.distributed.async.AsyncFederated;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every asynchronous method of {@code vecgrad cluster} runs on a one-node cluster in this JVM (server and client). */
class AsyncClusterNodeTest {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyAsynchronousMethodRunsToTheEnd() {
        for (String m : AsyncClusterNode.METHODS) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int code = AsyncClusterNode.run(NodeOptions.parse("--rank", "0", "--workers", "1", "--rounds", "4",
                    "--method", m, "--timeout-s", "30"), new PrintStream(bytes, true, StandardCharsets.UTF_8));
            String out = bytes.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, m + ":\n" + out);
            assertEquals(4, out.lines().filter(l -> l.startsWith("server: step ")).count(), m + ":\n" + out);
            assertTrue(out.contains("server: " + m + " done after 4 steps") && out.contains("worker 0: " + m + " client done"),
                    m + ":\n" + out);
        }
    }

    @Test
    void configurationsFollowTheMethod() {
        NodeOptions o = NodeOptions.parse("--rank", "0", "--workers", "4");
        assertEquals(AsyncFederated.Scheme.FEDBUFF, AsyncClusterNode.config(o.withMethod("fedbuff")).scheme());
        assertEquals(2, AsyncClusterNode.config(o.withMethod("fedbuff")).buffer());
        assertEquals(AsyncFederated.Scheme.FEDFIX, AsyncClusterNode.config(o.withMethod("fedfix")).scheme());
        assertEquals(0.25, AsyncClusterNode.config(o.withMethod("async-fedavg")).serverLr());
        assertThrows(IllegalArgumentException.class, () -> AsyncClusterNode.config(o));   // fedavg is synchronous
    }
}
