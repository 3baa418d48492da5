package io.vecgrad.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vecgrad.autodiff.Variable;
import io.vecgrad.datasets.Dataset;
import io.vecgrad.nn.Sequential;
import io.vecgrad.optim.Optimizer;
import io.vecgrad.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What users of the installed artifacts rely on: the BOM and the jar manifests. */
class PublishingTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** Modules with main code that are tools, not libraries a user depends on. */
    static final List<String> NOT_IN_BOM = List.of("benchmarks");

    @Test
    void bomListsEveryLibraryModuleAtTheReactorVersion() throws IOException {
        String root = Files.readString(ROOT.resolve("pom.xml"));
        String bom = Files.readString(ROOT.resolve("bom/pom.xml"));
        assertEquals(version(root), version(bom), "bom/pom.xml must carry the reactor's version");
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(root);
        List<String> missing = new ArrayList<>();
        while (m.find()) {
            String module = m.group(1);
            if (!Files.isDirectory(ROOT.resolve(module).resolve("src/main/java")) || NOT_IN_BOM.contains(module)) continue;
            if (!bom.contains("<artifactId>vecgrad-" + module + "</artifactId>")) missing.add("vecgrad-" + module);
        }
        assertTrue(missing.isEmpty(), "add to bom/pom.xml: " + missing);
    }

    /** When the modules come as jars (mvn verify, install), each names its JPMS module. */
    @Test
    void everyJarNamesItsAutomaticModule() throws Exception {
        int jars = 0;
        for (Class<?> c : List.of(Tensor.class, Variable.class, Sequential.class, Optimizer.class, Dataset.class)) {
            Path location = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!location.toString().endsWith(".jar")) continue;     // mvn test: target/classes
            jars++;
            String module = c.getPackageName().replaceFirst("^(io\\.vecgrad\\.[a-z]+).*$", "$1");
            try (JarFile jar = new JarFile(location.toFile())) {
                assertEquals(module, jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"), location.toString());
            }
        }
        System.out.println("manifests checked in " + jars + " jars");
    }

    private static String version(String pom) {
        String withoutParent = pom.replaceAll("(?s)<parent>.*?</parent>", "");
        Matcher v = Pattern.compile("<version>([^<]+)</version>").matcher(withoutParent);
        assertTrue(v.find(), "no version");
        return v.group(1);
    }
}
