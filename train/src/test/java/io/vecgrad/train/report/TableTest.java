package io.vecgrad.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void rendersTextMarkdownAndEscapedHtml() {
        Table t = new Table("name", "value").row("a<b", "1.5").row("longer", "12.25");
        assertEquals("name    value\n------  -----\na<b       1.5\nlonger  12.25\n", t.toText());
        assertEquals("| name | value |\n|---|---|\n| a<b | 1.5 |\n| longer | 12.25 |\n", t.toMarkdown());
        assertEquals("<table>\n<tr><th>name</th><th>value</th></tr>\n<tr><td>a&lt;b</td><td>1.5</td></tr>\n"
                + "<tr><td>longer</td><td>12.25</td></tr>\n</table>\n", t.toHtml());
        assertThrows(IllegalArgumentException.class, () -> t.row("only one"));
    }
}
