package io.vecgrad.cli.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Validated, typed parameters of one spec: every key a registry entry declares, with the
 * typed value from the command line or the entry's default.
 *
 * <pre>{@code
 * SpecValues p = SpecValues.resolve(spec, Map.of("lr", 1e-3, "beta2", 0.999));
 * double lr = p.getDouble("lr");
 * }</pre>
 */
public final class SpecValues {
    private final String name;
    private final Map<String, Object> values;

    private SpecValues(String name, Map<String, Object> values) {
        this.name = name;
        this.values = Collections.unmodifiableMap(values);
    }

    /** Parameters with their defaults only (no command line involved). */
    public static SpecValues defaults(String name, Map<String, ?> defaults) {
        return new SpecValues(name, new LinkedHashMap<>(defaults));
    }

    /**
     * Checks {@code spec} against the declared keys and converts each value to the type of
     * its default (Double, Integer, Long, Boolean or String).
     *
     * @param positionalKey the key a bare argument fills ({@code "path"}), or null when the
     *     entry takes none
     * @throws SpecException naming the flag and key for an unknown key or a bad value
     */
    public static SpecValues resolve(Spec spec, Map<String, ?> defaults, String positionalKey) {
        Map<String, Object> out = new LinkedHashMap<>(defaults);
        String where = spec.flag() + " " + spec.name();
        if (spec.positional() != null) {
            if (positionalKey == null) {
                throw new SpecException(where + ": unexpected argument '" + spec.positional()
                        + "'; use key=value with keys " + keyList(defaults));
            }
            out.put(positionalKey, spec.positional());
        }
        for (Map.Entry<String, String> e : spec.raw().entrySet()) {
            String key = e.getKey();
            if (!defaults.containsKey(key)) {
                throw new SpecException(where + ": unknown key '" + key + "'; valid keys: "
                        + keyList(defaults));
            }
            out.put(key, convert(where, key, e.getValue(), defaults.get(key)));
        }
        if (positionalKey != null && "".equals(out.get(positionalKey))) {
            throw new SpecException(where + ": needs a " + positionalKey + ", e.g. "
                    + spec.name() + ":" + positionalKey.toUpperCase(Locale.ROOT));
        }
        return new SpecValues(spec.name(), out);
    }

    private static String keyList(Map<String, ?> defaults) {
        return defaults.isEmpty() ? "(none)" : String.join(", ", defaults.keySet());
    }

    private static Object convert(String where, String key, String value, Object def) {
        try {
            if (def instanceof Double) {
                double d = Double.parseDouble(value);
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            }
            if (def instanceof Integer) {
                return Integer.parseInt(value);
            }
            if (def instanceof Long) {
                return Long.parseLong(value);
            }
        } catch (NumberFormatException ex) {
            String kind = def instanceof Double ? "a finite number" : "an integer";
            throw new SpecException(where + ": key '" + key + "' expects " + kind + ", got '"
                    + value + "'");
        }
        if (def instanceof Boolean) {
            if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(value);
            }
            throw new SpecException(where + ": key '" + key + "' expects true or false, got '"
                    + value + "'");
        }
        return value;
    }

    /** The registry name these parameters belong to. */
    public String name() {
        return name;
    }

    /** All values, defaults included, in declaration order. */
    public Map<String, Object> values() {
        return values;
    }

    public double getDouble(String key) {
        return ((Number) require(key)).doubleValue();
    }

    public int getInt(String key) {
        return ((Number) require(key)).intValue();
    }

    public long getLong(String key) {
        return ((Number) require(key)).longValue();
    }

    public boolean getBoolean(String key) {
        return (Boolean) require(key);
    }

    public String getString(String key) {
        return String.valueOf(require(key));
    }

    /** True when the entry declares {@code key}. */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    private Object require(String key) {
        Object v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException(name + ": no parameter '" + key + "'; declared: "
                    + values.keySet());
        }
        return v;
    }

    /** Canonical text, e.g. {@code adam:lr=0.001,beta1=0.9}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name);
        String sep = ":";
        for (Map.Entry<String, Object> e : values.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = ",";
        }
        return sb.toString();
    }
}
