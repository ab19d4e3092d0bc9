package dev.vigil.alert;

import dev.vigil.model.SqlText;

import dev.vigil.model.Maps;
import dev.vigil.model.MetricSample;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A static threshold on a metric, as in a Prometheus alerting rule {@code metric{match} OP value for D}:
 * it fires once the comparison has held on every sample of a series for {@code forDuration}, and
 * resolves on the first sample where it no longer holds or when the series goes stale.
 *
 * @param name        the alert name ({@code alertname} label)
 * @param metric      the metric name it watches
 * @param match       labels a series must carry with these exact values
 * @param comparison  how the sample compares to the threshold
 * @param threshold   the threshold
 * @param forDuration how long the condition must hold before it fires (0: at once)
 * @param severity    the {@code severity} label
 * @param labels      extra labels
 * @param summary     the summary annotation; {@code {{host}}}, {{value}} and any {{label}} are filled in
 */
public record ThresholdRule(
        String name,
        String metric,
        Map<String, String> match,
        Comparison comparison,
        double threshold,
        Duration forDuration,
        String severity,
        Map<String, String> labels,
        String summary) implements java.io.Serializable {

    public ThresholdRule {
        requireText(name, "name");
        requireText(metric, "metric");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(forDuration, "for");
        if (forDuration.isNegative()) {
            throw new IllegalArgumentException("rule " + name + ": 'for' must not be negative");
        }
        if (Double.isNaN(threshold) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("rule " + name + ": 'value' must be a finite number");
        }
        if (!name.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
            throw new IllegalArgumentException("rule name '" + name + "' must be a valid Prometheus label value of the form [a-zA-Z_][a-zA-Z0-9_]*");
        }
        severity = severity == null ? "warning" : severity;
        match = Maps.sortedCopy(match);
        labels = Maps.sortedCopy(labels);
        summary = summary == null
                ? "{{alertname}}: " + metric + " on {{host}} is {{value}} (" + comparison.symbol() + " " + formatValue(threshold) + ")"
                : summary;
    }

    private static void requireText(String s, String field) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("threshold rule: '" + field + "' is required");
        }
    }

    /** Whether this rule watches the sample's series. */
    public boolean appliesTo(MetricSample sample) {
        if (!metric.equals(sample.name())) {
            return false;
        }
        for (Map.Entry<String, String> e : match.entrySet()) {
            String actual = e.getKey().equals("host") ? sample.host() : sample.labels().get(e.getKey());
            if (!e.getValue().equals(actual)) {
                return false;
            }
        }
        return true;
    }

    public boolean breached(double value) {
        return comparison.test(value, threshold);
    }

    /** The alert's labels: the series' labels, then the rule's, then alertname, severity and host. */
    public Map<String, String> alertLabels(MetricSample sample) {
        Map<String, String> l = new HashMap<>(sample.labels());
        l.putAll(labels);
        l.put("alertname", name);
        l.put("severity", severity);
        l.put("host", sample.host());
        return l;
    }

    public Map<String, String> annotations(Map<String, String> alertLabels, double value, String query) {
        Map<String, String> a = new HashMap<>(4);
        String text = summary.replace("{{value}}", formatValue(value));
        for (Map.Entry<String, String> e : alertLabels.entrySet()) {
            text = text.replace("{{" + e.getKey() + "}}", e.getValue());
        }
        a.put("summary", text);
        a.put("description", metric + " " + comparison.symbol() + " " + formatValue(threshold)
                + (forDuration.isZero() ? "" : " for " + formatDuration(forDuration)) + "; last value " + formatValue(value));
        a.put("value", formatValue(value));
        a.put("query", query);
        return a;
    }

    /**
     * A query over the history that shows the samples behind an alert: this series over the hour
     * before {@code at}. It goes into the alert's {@code query} annotation for {@code vigil sql}.
     */
    public String evidenceQuery(MetricSample sample, long at) {
        StringBuilder b = new StringBuilder("SELECT time, value FROM metrics WHERE host = ")
                .append(SqlText.quote(sample.host())).append(" AND name = ").append(SqlText.quote(metric));
        for (Map.Entry<String, String> e : match.entrySet()) {
            if (!e.getKey().equals("host")) {
                b.append(" AND labels[").append(SqlText.quote(e.getKey())).append("] = ").append(SqlText.quote(e.getValue()));
            }
        }
        java.time.Instant end = java.time.Instant.ofEpochMilli(at);
        return b.append(" AND time BETWEEN TIMESTAMPTZ '").append(end.minusSeconds(3600))
                .append("' AND TIMESTAMPTZ '").append(end).append("' ORDER BY time").toString();
    }


    public static String formatValue(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }

    static String formatDuration(Duration d) {
        long s = d.getSeconds();
        if (s % 3600 == 0) {
            return (s / 3600) + "h";
        }
        if (s % 60 == 0) {
            return (s / 60) + "m";
        }
        return s + "s";
    }
}
