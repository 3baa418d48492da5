package io.vecgrad.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Same inputs, same bits, whether the kernels run interpreted or compiled: the property that
 * makes a seeded training run reproducible, since the JIT compiles at unpredictable moments.
 * (Vector-API transcendentals and {@code reduceLanes(ADD)} broke it once.)
 */
@Tag("kernel")
class DeterminismTest {

    @Test
    void interpretedAndCompiledKernelsAgreeBitwise() throws Exception {
        long compiled = 0;
        for (int i = 0; i < 300; i++) compiled = DeterminismProbe.checksum();   // long enough for C2
        assertEquals(compiled, interpretedChecksum());
    }

    private static long interpretedChecksum() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "--add-modules", "jdk.incubator.vector", "-Xint",
                "-Dvecgrad.simd=" + System.getProperty("vecgrad.simd", "true"),
                "-cp", System.getProperty("java.class.path"), DeterminismProbe.class.getName());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertEquals(0, p.waitFor(), "probe JVM failed");
            return Long.parseLong(line.trim());
        }
    }
}
