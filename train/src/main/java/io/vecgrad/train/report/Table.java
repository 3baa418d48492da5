package io.vecgrad.train.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A small text table rendered for the terminal, markdown or HTML.
 *
 * <pre>{@code
 * Table t = new Table("optimizer", "loss");
 * t.row("adam", "0.123");
 * System.out.print(t.toText());
 * }</pre>
 */
public final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    /** Adds a row; it must have one cell per header. */
    public Table row(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("Table.row: " + cells.length + " cells for "
                    + headers.size() + " columns");
        }
        rows.add(List.of(cells));
        return this;
    }

    public List<List<String>> rows() {
        return rows;
    }

    /** Aligned columns: text left, numbers right. */
    public String toText() {
        int[] w = new int[headers.size()];
        for (int c = 0; c < w.length; c++) {
            w[c] = headers.get(c).length();
            for (List<String> r : rows) {
                w[c] = Math.max(w[c], r.get(c).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, headers, w);
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < w.length; c++) {
            rule.append(c == 0 ? "" : "  ").append("-".repeat(w[c]));
        }
        sb.append(rule).append('\n');
        for (List<String> r : rows) {
            line(sb, r, w);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] w) {
        StringBuilder l = new StringBuilder();
        for (int c = 0; c < w.length; c++) {
            String v = cells.get(c);
            String pad = " ".repeat(w[c] - v.length());
            l.append(c == 0 ? "" : "  ").append(numeric(v) ? pad + v : v + pad);
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }

    private static boolean numeric(String v) {
        return v.matches("[-+]?[0-9.,]+(e[-+]?\\d+)?%?|—");
    }

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("| ").append(String.join(" | ", headers)).append(" |\n|");
        for (int c = 0; c < headers.size(); c++) {
            sb.append("---|");
        }
        sb.append('\n');
        for (List<String> r : rows) {
            sb.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        return sb.toString();
    }

    public String toHtml() {
        StringBuilder sb = new StringBuilder("<table>\n<tr>");
        headers.forEach(h -> sb.append("<th>").append(Html.escape(h)).append("</th>"));
        sb.append("</tr>\n");
        for (List<String> r : rows) {
            sb.append("<tr>");
            r.forEach(c -> sb.append("<td>").append(Html.escape(c)).append("</td>"));
            sb.append("</tr>\n");
        }
        return sb.append("</table>\n").toString();
    }
}
