package io.vecgrad.train.report;

import io.vecgrad.tensor.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * report.html of a run folder: plots, summary table, extra sections (experiment verdicts),
 * the configuration and the environment. Images are referenced by relative file name so the
 * folder can be moved or archived as a whole.
 */
public final class HtmlReport {
    private HtmlReport() {}

    /**
     * @param sections extra titled HTML fragments (already escaped), shown after the summary
     */
    public static Path write(Path dir, String title, Table summary, Map<String, String> sections,
            List<Path> images, Map<String, Object> config, Map<String, Object> environment) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(Html.escape(title)).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1700px}\n")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;")
                .append("text-align:right}td:first-child,th:first-child{text-align:left}\n")
                .append("img{width:800px;max-width:48%;margin:4px}pre{background:#f6f6f6;padding:1em}\n")
                .append(".pass{color:#080;font-weight:bold}.fail{color:#b00;font-weight:bold}\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(Html.escape(title)).append("</h1>\n");
        h.append("<h2>Summary</h2>\n").append(summary.toHtml());
        sections.forEach((name, html) -> h.append("<h2>").append(Html.escape(name)).append("</h2>\n")
                .append(html).append('\n'));
        if (!images.isEmpty()) {
            h.append("<h2>Plots</h2>\n<div>\n");
            for (Path img : images) {
                String rel = dir.relativize(img).toString().replace('\\', '/');
                // a missing plot says so in the browser console (the headless-browser test reads it)
                h.append("<img src=\"").append(Html.escape(rel)).append("\" alt=\"")
                        .append(Html.escape(img.getFileName().toString()))
                        .append("\" onerror=\"console.error('report: cannot load image ' + this.src)\">\n");
            }
            h.append("</div>\n");
        }
        h.append("<h2>Configuration</h2>\n<pre>").append(Html.escape(Json.writePretty(config))).append("</pre>\n");
        h.append("<h2>Environment</h2>\n<table>\n");
        environment.forEach((k, v) -> h.append("<tr><th>").append(Html.escape(k)).append("</th><td>")
                .append(Html.escape(String.valueOf(v))).append("</td></tr>\n"));
        h.append("</table>\n").append(rawDataLinks(dir));
        h.append("</body>\n</html>\n");
        Path file = dir.resolve("report.html");
        Files.writeString(file, h, StandardCharsets.UTF_8);
        return file;
    }

    /** Links to the raw files this folder really holds (an experiment's top folder has no metrics.csv). */
    private static String rawDataLinks(Path dir) {
        StringBuilder links = new StringBuilder();
        for (String name : List.of("metrics.csv", "config.json", "summary.json")) {
            if (Files.exists(dir.resolve(name))) {
                links.append(links.length() == 0 ? "" : ", ")
                        .append("<a href=\"").append(name).append("\">").append(name).append("</a>");
            }
        }
        return links.length() == 0 ? "" : "<p>Raw data: " + links + "</p>\n";
    }
}
