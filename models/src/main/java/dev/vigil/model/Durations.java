package dev.vigil.model;

import java.time.Duration;

/**
 * Durations as Prometheus and Alertmanager write them: one or more number-unit pairs, largest unit
 * first ({@code 30s}, {@code 5m}, {@code 1h30m}, {@code 500ms}, {@code 2d}, {@code 1w}).
 */
public final class Durations {
    private static final java.util.regex.Pattern PART = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h|d|w)");

    private Durations() {}

    /** Parses {@code text}; the error names {@code field}. */
    public static Duration parse(String text, String field) {
        String t = text == null ? "" : text.trim();
        java.util.regex.Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        int at = 0;
        while (at < t.length() && m.find(at) && m.start() == at) {
            long v = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(v);
                case "s" -> Duration.ofSeconds(v);
                case "m" -> Duration.ofMinutes(v);
                case "h" -> Duration.ofHours(v);
                case "d" -> Duration.ofDays(v);
                default -> Duration.ofDays(7 * v);
            });
            at = m.end();
        }
        if (t.isEmpty() || at != t.length()) {
            throw new IllegalArgumentException("field '" + field + "': '" + text + "' is not a duration such as 30s, 5m or 1h30m");
        }
        return total;
    }
}
