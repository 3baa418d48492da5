package io.vecgrad.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report as a reader sees it: rendered by headless Chromium (Debian {@code chromium}),
 * the screenshot is not blank and the page loads without console messages (a missing image or
 * a script error would log one). Skipped, saying so, where Chromium is not installed. The
 * screenshot is left in {@code train/target/report-screenshot.png} for a human to look at.
 */
class ReportBrowserTest {
    @TempDir
    Path dir;

    @Test
    void reportRendersInHeadlessChromiumWithoutConsoleErrors() throws Exception {
        Path chromium = chromium();
        assumeTrue(chromium != null, "chromium is not installed (apt-get install chromium): report not checked in a browser");
        Path html = ReportTest.writeReport(dir);
        Path shot = dir.resolve("screenshot.png");
        List<String> console = render(chromium, html, shot);
        assertEquals(List.of(), console, "console messages while loading " + html);
        ReportTest.assertNotBlank(shot, 0, 0);
        Path keep = Path.of("target", "report-screenshot.png");
        Files.createDirectories(keep.getParent());
        Files.copy(shot, keep, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The check above can fail: a report whose plot is missing logs a console error. */
    @Test
    void aMissingPlotIsDetected() throws Exception {
        Path chromium = chromium();
        assumeTrue(chromium != null, "chromium is not installed (apt-get install chromium): report not checked in a browser");
        Path html = ReportTest.writeReport(dir);
        Files.delete(dir.resolve("loss-vs-time.png"));
        List<String> console = render(chromium, html, dir.resolve("broken.png"));
        assertEquals(1, console.size(), console.toString());
        assertTrue(console.get(0).contains("loss-vs-time.png"), console.get(0));
    }

    private static Path chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
                Path p = Path.of(d, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    /** Renders {@code html} to {@code shot}; returns the console lines Chromium logged. */
    private static List<String> render(Path chromium, Path html, Path shot) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(html.getParent(), "profile");
        Path log = html.getParent().resolve(html.getFileName() + ".log");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--no-first-run", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                "--window-size=1400,2200", "--screenshot=" + shot.toAbsolutePath(), html.toUri().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s; log: " + Files.readString(log));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(Files.exists(shot), "chromium wrote no screenshot (exit " + p.exitValue() + "):\n" + out);
        List<String> console = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.contains(":CONSOLE")) {
                console.add(line);
            }
        }
        return console;
    }
}
