package dev.vigil.decode;

/**
 * Metric and label names made valid for Prometheus the way Telegraf's Prometheus serializer makes them,
 * so that a series read from Telegraf's line protocol or from OTLP is named as the same data scraped by
 * Prometheus would be: a valid name is kept as it is; otherwise a first character that cannot start a
 * name is dropped, any other invalid character becomes '_', and underscores at both ends are trimmed.
 * Metric names are {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, label names {@code [a-zA-Z_][a-zA-Z0-9_]*}.
 *
 * <p>One pass over the characters, no pattern: these run for every field of every record.
 */
public final class PrometheusNames {
    private PrometheusNames() {}

    /** The metric name, or null when nothing valid is left (Telegraf then drops the field). */
    public static String metricName(String name) {
        return sanitize(name, true);
    }

    /** The label name, or null when nothing valid is left. */
    public static String labelName(String name) {
        return sanitize(name, false);
    }

    private static String sanitize(String name, boolean colon) {
        if (isValid(name, colon)) {
            return name;
        }
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (i == 0) {
                if (isFirst(c, colon)) {
                    b.append(c);
                }
            } else {
                b.append(isRest(c, colon) ? c : '_');
            }
        }
        int start = 0;
        int end = b.length();
        while (start < end && b.charAt(start) == '_') {
            start++;
        }
        while (end > start && b.charAt(end - 1) == '_') {
            end--;
        }
        return start == end ? null : b.substring(start, end);
    }

    private static boolean isValid(String name, boolean colon) {
        if (name.isEmpty() || !isFirst(name.charAt(0), colon)) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!isRest(name.charAt(i), colon)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isFirst(char c, boolean colon) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':');
    }

    private static boolean isRest(char c, boolean colon) {
        return isFirst(c, colon) || (c >= '0' && c <= '9');
    }
}
