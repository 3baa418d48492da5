package io.vecgrad.cli.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed but not yet validated command-line spec such as {@code adam:lr=1e-3,beta2=0.99}
 * or {@code libsvm:data/a9a.txt}: a name, an optional positional argument and raw
 * {@code key=value} strings. Validation against a registry entry gives {@link SpecValues}.
 *
 * <pre>{@code
 * Spec s = Spec.parse("--optimizer", "adam:lr=1e-3,beta2=0.99");
 * s.name();            // "adam"
 * s.raw().get("lr");   // "1e-3"
 * }</pre>
 *
 * @param flag the option the text came from (for error messages), e.g. {@code --optimizer}
 * @param text the text as typed
 * @param name the registry name, lower case
 * @param positional the bare argument after the colon ({@code csv:PATH}), or null
 * @param raw the {@code key=value} pairs in typed order
 */
public record Spec(String flag, String text, String name, String positional, Map<String, String> raw) {

    public Spec {
        raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
    }

    /**
     * Parses {@code name[:item(,item)*]} where each item is {@code key=value}; the first item
     * may instead be a bare positional argument (a path).
     *
     * @throws SpecException naming {@code flag} when the text is malformed
     */
    public static Spec parse(String flag, String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            throw new SpecException(flag + ": empty value; expected NAME or NAME:key=value,...");
        }
        int colon = t.indexOf(':');
        String name = (colon < 0 ? t : t.substring(0, colon)).trim().toLowerCase(java.util.Locale.ROOT);
        if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new SpecException(flag + " '" + text + "': bad name '" + name
                    + "'; names use letters, digits, '.', '-' and '_'");
        }
        String positional = null;
        Map<String, String> raw = new LinkedHashMap<>();
        if (colon >= 0) {
            String body = t.substring(colon + 1);
            String[] items = body.split(",", -1);
            for (int i = 0; i < items.length; i++) {
                String item = items[i].trim();
                int eq = item.indexOf('=');
                if (eq < 0) {
                    if (i == 0 && !item.isEmpty()) {
                        positional = item;
                        continue;
                    }
                    throw new SpecException(flag + " '" + text + "': item '" + item
                            + "' is not key=value");
                }
                String key = item.substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT);
                String value = item.substring(eq + 1).trim();
                if (key.isEmpty() || value.isEmpty()) {
                    throw new SpecException(flag + " '" + text + "': item '" + item
                            + "' needs both a key and a value");
                }
                if (raw.put(key, value) != null) {
                    throw new SpecException(flag + " '" + text + "': key '" + key + "' given twice");
                }
            }
        }
        return new Spec(flag, text, name, positional, raw);
    }

    @Override
    public String toString() {
        return text;
    }
}
