package io.vecgrad.architecture;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The {@code ```java} blocks of a Markdown file, compiled with javac against the test class path
 * (every vecgrad module). A block is its imports followed by either statements (wrapped in a
 * method {@code run()}) or class members (when it starts with an annotation, a method declaration with a
 * modifier, or a type declaration). An HTML comment {@code <!-- given: ... -->} right above a block supplies
 * what the example takes for granted (its inputs as static fields, helper methods), invisible
 * on the page; it becomes members of the class, with the imports of the block.
 */
final class ReadmeSnippets {

    /** One block: where it is, its code, and the hidden context it needs. */
    record Snippet(String file, int line, String code, String given) {
        String className() {
            return "Readme_" + file.replaceAll("[^A-Za-z0-9]", "_") + "_L" + line;
        }
    }

    private static final Pattern MEMBER = Pattern.compile(
            "^\\s*(@|((public|private|static|final|abstract)\\s+)*(void|class|record|interface|enum)\\b"
            + "|((public|private|protected|static|final)\\s+)+[\\w.<>\\[\\], ]+\\s+\\w+\\s*\\()");

    private ReadmeSnippets() {}

    /** The java blocks of {@code markdown}, in order; {@code name} is how failures refer to the file. */
    static List<Snippet> javaBlocks(Path markdown, String name) throws IOException {
        List<String> lines = Files.readAllLines(markdown, StandardCharsets.UTF_8);
        List<Snippet> out = new ArrayList<>();
        String given = "";
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.trim().startsWith("<!-- given:")) {
                StringBuilder g = new StringBuilder(l.trim().substring("<!-- given:".length()));
                while (!g.toString().contains("-->")) g.append('\n').append(lines.get(++i));
                given = g.substring(0, g.indexOf("-->"));
                continue;
            }
            if (l.trim().equals("```java")) {
                int start = i + 1;
                StringBuilder code = new StringBuilder();
                while (!lines.get(++i).trim().equals("```")) code.append(lines.get(i)).append('\n');
                out.add(new Snippet(name, start + 1, code.toString(), given));
            }
            if (!l.isBlank()) given = l.trim().startsWith("```") ? "" : given;
        }
        return out;
    }

    static final Pattern JAVADOC_EXAMPLE = Pattern.compile("<pre>\\{@code\\s*\n(.*?)\n\\s*\\*\\s*\\}</pre>", Pattern.DOTALL);

    /** The {@code <pre>{@code ...}</pre>} examples of a Java source file that show their imports. */
    static List<Snippet> javadocExamplesWithImports(Path source, String name) throws IOException {
        String text = Files.readString(source, StandardCharsets.UTF_8);
        List<Snippet> out = new ArrayList<>();
        Matcher m = JAVADOC_EXAMPLE.matcher(text);
        while (m.find()) {
            String code = m.group(1).lines().map(l -> l.replaceFirst("^\\s*\\* ?", "")).collect(Collectors.joining("\n")) + "\n";
            if (!code.startsWith("import ")) continue;
            int line = (int) text.substring(0, m.start()).lines().count() + 1;
            out.add(new Snippet(name, line, code, ""));
        }
        return out;
    }

    /** The compilation unit for one snippet. */
    static String source(Snippet s) {
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String l : s.code().split("\n", -1)) {
            if (l.startsWith("import ") && body.toString().isBlank()) imports.append(l).append('\n');
            else body.append(l).append('\n');
        }
        String members = s.given();
        String firstCode = body.toString().lines().filter(x -> !x.isBlank() && !x.trim().startsWith("//")).findFirst().orElse("");
        String cls = s.className();
        if (MEMBER.matcher(firstCode).find()) {
            return imports + "@SuppressWarnings(\"all\") public class " + cls + " {\n" + members + "\n" + body + "\n}\n";
        }
        return imports + "@SuppressWarnings(\"all\") public class " + cls + " {\n" + members
                + "\n public static void run() throws Exception {\n" + body + "\n }\n}\n";
    }

    /**
     * Compiles the snippets into {@code out}; returns the errors, each with the README line of
     * the block and the generated source line it points at (empty: all compiled).
     */
    static List<String> compile(List<Snippet> snippets, Path out) throws IOException {
        if (snippets.isEmpty()) return List.of();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<JavaFileObject> units = new ArrayList<>();
        for (Snippet s : snippets) {
            String src = source(s);
            units.add(new SimpleJavaFileObject(java.net.URI.create("string:///" + s.className() + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return src;
                }
            });
        }
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> options = List.of("--release", "17", "--add-modules", "jdk.incubator.vector", "-proc:none",
                "-nowarn", "-classpath", classPath, "-d", out.toString());
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            javac.getTask(null, files, diagnostics, options, null, units).call();
        }
        return diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> {
                    String unit = d.getSource() == null ? "?" : d.getSource().getName();
                    Snippet s = snippets.stream().filter(x -> unit.endsWith("/" + x.className() + ".java")).findFirst().orElse(null);
                    String at = s == null ? unit : s.file() + " block at line " + s.line();
                    String code = s == null ? "" : lineOf(source(s), d.getLineNumber());
                    return at + ": " + d.getMessage(Locale.ROOT) + "\n    in: " + code.trim();
                })
                .collect(Collectors.toList());
    }

    /** Runs a compiled statement snippet's {@code run()}. */
    static void run(Snippet s, Path classes) throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, ReadmeSnippets.class.getClassLoader())) {
            loader.loadClass(s.className()).getMethod("run").invoke(null);
        }
    }

    private static String lineOf(String source, long line) {
        List<String> lines = source.lines().collect(Collectors.toList());
        return line >= 1 && line <= lines.size() ? lines.get((int) line - 1) : "";
    }
}
