package io.vecgrad.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train/README.md's examples (TrainExample, AdversarialExample, BoostingExample), taken from the file itself, compiled against this module's class
 * path and run at tiny size (2 epochs): it trains, checkpoints, resumes and writes the report.
 */
class ReadmeExampleTest {
    @TempDir
    Path tmp;

    @Test
    void readmeExampleCompilesAndRuns() throws Exception {
        Path run = tmp.resolve("run");
        String text = compileAndRun("TrainExample", run.toString(), "2");
        assertTrue(text.contains("resuming at step 47") && text.contains("done, test accuracy"), text);
        for (String f : List.of("metrics.csv", "summary.json", "report.html", "loss-vs-step.png",
                "validation-accuracy-vs-epoch.png")) {
            assertTrue(Files.exists(run.resolve(f)), f + " missing; output:\n" + text);
        }
        assertEquals(2, new CheckpointStore(run.resolve("checkpoints"), 2).list().size());
    }

    @Test
    void adversarialTrainingExampleCompilesAndRuns() throws Exception {
        String text = compileAndRun("AdversarialExample", "1");
        assertTrue(text.matches("(?s)clean accuracy 0\\.\\d+, accuracy under PGD 0\\.\\d+\\s*"), text);
    }

    @Test
    void boostingExampleCompilesAndRuns() throws Exception {
        String text = compileAndRun("BoostingExample", "2");
        assertTrue(text.startsWith("2 stages: test accuracy 0.") && text.contains("parameters in the assembled net"), text);
    }

    /** Compiles the README's {@code java} block declaring {@code public class <name>}, runs its main, returns what it printed. */
    private String compileAndRun(String name, String... args) throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
        String source = null;
        while (m.find()) {
            if (m.group(1).contains("public class " + name + " ")) {
                source = m.group(1);
            }
        }
        assertTrue(source != null, "README.md has no " + name + " block");
        Path src = Files.createDirectories(tmp.resolve("src-" + name)).resolve(name + ".java");
        Files.writeString(src, source);
        Path classes = Files.createDirectories(tmp.resolve("classes-" + name));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, null, diagnostics, "-d", classes.toString(), "-cp",
                System.getProperty("java.class.path"), "-Xlint:all", "-Werror", src.toString());
        assertEquals(0, rc, "README example " + name + " does not compile:\n" + diagnostics.toString(StandardCharsets.UTF_8));
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            loader.loadClass(name).getMethod("main", String[].class).invoke(null, (Object) args);
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
