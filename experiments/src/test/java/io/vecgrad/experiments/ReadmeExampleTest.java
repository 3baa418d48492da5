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
            import io.vecgrad.datasets.DataLoader;
            import io.vecgrad.datasets.TensorDataset;
            import io.vecgrad.datasets.real.Digits;
            import io.vecgrad.nn.Sequential;
            import io.vecgrad.nn.layers.Activation;
            import io.vecgrad.nn.layers.Linear;
            import io.vecgrad.optim.Optimizer;
            import io.vecgrad.optim.first.Adam;
            import io.vecgrad.tensor.DType;
            import io.vecgrad.tensor.random.Rng;
            import io.vecgrad.train.*;
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
        // X stands for the method under test; any GradientTransformation factory fits
        Files.writeString(src, IMPORTS + source + "\nclass X { static io.vecgrad.optim.GradientTransformation x(double lr) {"
                + " return io.vecgrad.optim.first.Sgd.sgd(lr, 0.9, 0, 0, false); } }\n");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, null, diagnostics, "-d", tmp.toString(), "-cp", System.getProperty("java.class.path"),
                src.toString());
        assertEquals(0, rc, "README example does not compile:\n" + diagnostics.toString(StandardCharsets.UTF_8));
    }
}
