package io.vecgrad.datasets.io;

/** Strict decimal number parsing for text formats: no hex floats, no 'd'/'f' suffixes. */
final class Numbers {
    private Numbers() {}

    /** The value of {@code s}, or NaN-free failure signalled by returning null. */
    static Double parse(String s) {
        int n = s.length();
        if (n == 0 || n > 64) return null;
        switch (s) {
            case "nan": case "NaN": case "NAN": return Double.NaN;
            case "inf": case "Inf": case "+inf": case "Infinity": return Double.POSITIVE_INFINITY;
            case "-inf": case "-Inf": case "-Infinity": return Double.NEGATIVE_INFINITY;
            default: break;
        }
        int i = 0;
        if (s.charAt(i) == '+' || s.charAt(i) == '-') i++;
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) { i++; digits++; }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) { i++; digits++; }
        }
        if (digits == 0) return null;
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
            int exp = 0;
            while (i < n && isDigit(s.charAt(i))) { i++; exp++; }
            if (exp == 0) return null;
        }
        if (i != n) return null;
        return Double.parseDouble(s);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
