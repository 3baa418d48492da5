package io.vecgrad.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every {@code ```java} block of the root README and of the module READMEs compiles, with only
 * the imports it shows; the root README's tour also runs. train/README.md's example is compiled
 * and run by train's own ReadmeExampleTest (it trains, resumes and writes a report).
 */
class ReadmeExamplesTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path classes;

    @Test
    void rootReadmeTourCompilesWithExplicitImportsAndRuns() throws Exception {
        List<ReadmeSnippets.Snippet> blocks = ReadmeSnippets.javaBlocks(ROOT.resolve("README.md"), "README.md");
        assertEquals(1, blocks.size(), "the tour is the root README's one java block");
        ReadmeSnippets.Snippet tour = blocks.get(0);
        assertTrue(tour.code().contains("import io.vecgrad.nn.Module;"), "the tour must import nn.Module by name");
        assertFalse(tour.code().contains(".*;"), "no wildcard imports: io.vecgrad.nn.* makes Module ambiguous");
        List<String> errors = ReadmeSnippets.compile(blocks, classes);
        assertTrue(errors.isEmpty(), String.join("\n", errors));
        ReadmeSnippets.run(tour, classes);
    }

    /** Why the README insists on explicit imports: the wildcard form really does not compile. */
    @Test
    void wildcardImportOfNnMakesModuleAmbiguous() throws IOException {
        ReadmeSnippets.Snippet wildcard = new ReadmeSnippets.Snippet("wildcard", 1,
                "import io.vecgrad.nn.*;\nimport io.vecgrad.nn.layers.Linear;\nModule net = new Linear(2, 1);\n", "");
        List<String> errors = ReadmeSnippets.compile(List.of(wildcard), classes);
        assertTrue(errors.stream().anyMatch(e -> e.contains("reference to Module is ambiguous")), errors.toString());
    }

    /** Javadoc examples that show their imports (as the README's do) compile too. */
    @Test
    void javadocExamplesThatShowTheirImportsCompile() throws IOException {
        List<ReadmeSnippets.Snippet> examples = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> files = Files.walk(ROOT)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/"))::iterator) {
                examples.addAll(ReadmeSnippets.javadocExamplesWithImports(p, ROOT.relativize(p).toString()));
            }
        }
        assertTrue(examples.stream().anyMatch(e -> e.file().endsWith("nn/Module.java")), "nn.Module's example shows its imports");
        assertTrue(examplesNamingModuleWithoutImports().isEmpty(), "Javadoc examples that use nn's Module must show their"
                + " imports (java.lang.Module makes the type ambiguous under wildcard imports): " + examplesNamingModuleWithoutImports());
        List<String> errors = ReadmeSnippets.compile(examples, classes);
        assertTrue(errors.isEmpty(), String.join("\n", errors));
    }

    /** Source files whose Javadoc examples use the type {@code Module} without showing imports. */
    private static List<String> examplesNamingModuleWithoutImports() throws IOException {
        List<String> bad = new java.util.ArrayList<>();
        java.util.regex.Pattern module = java.util.regex.Pattern.compile("(^|[^.\\w])Module\\b");
        try (java.util.stream.Stream<Path> files = Files.walk(ROOT)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/"))::iterator) {
                java.util.regex.Matcher m = ReadmeSnippets.JAVADOC_EXAMPLE.matcher(Files.readString(p));
                while (m.find()) {
                    String code = m.group(1);
                    if (module.matcher(code).find() && !code.contains("import ")) bad.add(ROOT.relativize(p).toString());
                }
            }
        }
        return bad;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tensor", "autodiff", "nn", "optim", "datasets", "benchmarks", "experiments", "cli", "distributed"})
    void moduleReadmeExamplesCompile(String module) throws IOException {
        Path readme = ROOT.resolve(module).resolve("README.md");
        assertTrue(Files.exists(readme), readme.toString());
        List<ReadmeSnippets.Snippet> blocks = ReadmeSnippets.javaBlocks(readme, module + "/README.md");
        List<String> errors = ReadmeSnippets.compile(blocks, classes);
        assertTrue(errors.isEmpty(), errors.size() + " errors in " + blocks.size() + " blocks:\n" + String.join("\n", errors));
    }
}
