package io.vecgrad.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering rules only see what is on this module's class path: every reactor module with
 * main code must be a dependency of {@code architecture/pom.xml}, or its imports go unchecked.
 */
class ModulesOnClassPathTest {

    @Test
    void everyModuleWithMainCodeIsAnalysed() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String pom = Files.readString(root.resolve("pom.xml"));
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(LayeringTest.ROOT);
        List<String> missing = new ArrayList<>();
        int modules = 0;
        while (m.find()) {
            Path sources = root.resolve(m.group(1)).resolve("src/main/java/io/vecgrad");
            if (!Files.isDirectory(sources)) continue;              // bom, architecture: no main code
            try (Stream<Path> packages = Files.list(sources)) {
                for (Path p : (Iterable<Path>) packages.filter(Files::isDirectory)::iterator) {
                    modules++;
                    String pkg = LayeringTest.ROOT + "." + p.getFileName();
                    if (classes.stream().noneMatch(c -> c.getPackageName().startsWith(pkg))) {
                        missing.add(m.group(1) + " (" + pkg + ")");
                    }
                }
            }
        }
        assertTrue(modules >= 7, "found only " + modules + " modules in " + root);
        assertTrue(missing.isEmpty(), "add these modules to architecture/pom.xml: " + missing);
    }
}
