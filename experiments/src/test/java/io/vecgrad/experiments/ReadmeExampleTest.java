package io.vecgrad.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** experiments/README.md's example experiment, taken from the file, compiles against the module. */
class ReadmeExampleTest {
    private static final String IMPORTS = """
            import io.vecgrad.experiments.*;
            import io.vecgrad.experiments.papers.Experiments;
            import io.vecgrad.train.RunSummary;
            import io.vecgrad.train.TrainingPlan;
            import java.util.List;
            import java.util.Map;
            """;

    @TempDir
    Path tmp;

    @Test
    void readmeExampleCompiles() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
        String source = null;
        while (m.find()) {
            if (m.group(1).contains("class P99Example")) {
                source = m.group(1);
            }
        }
        assertTrue(source != null, "README.md has no P99Example block");
        Path src = tmp.resolve("P99Example.java");
        Files.writeString(src, IMPORTS + source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, null, diagnostics, "-d", tmp.toString(), "-cp", System.getProperty("java.class.path"),
                src.toString());
        assertEquals(0, rc, "README example does not compile:\n" + diagnostics.toString(StandardCharsets.UTF_8));
    }
}
