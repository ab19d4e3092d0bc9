package dev.vigil.anomaly;

import dev.vigil.alert.ThresholdRule;
import dev.vigil.model.SqlText;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Labels and annotations of the {@code MetricAnomaly} alert, from the anomaly that started or ended it. */
public final class AnomalyAlerts {
    public static final String ALERTNAME = "MetricAnomaly";

    private AnomalyAlerts() {}

    /** alertname, severity, host, metric and the series' own labels (which never override the first four). */
    public static Map<String, String> labels(String host, String metric, Map<String, String> seriesLabels) {
        Map<String, String> labels = new HashMap<>(seriesLabels);
        labels.put("alertname", ALERTNAME);
        labels.put("severity", "warning");
        labels.put("host", host);
        labels.put("metric", metric);
        return labels;
    }

    public static Map<String, String> firing(Anomaly a, double rawScore) {
        Map<String, String> m = new HashMap<>();
        m.put("summary", "unusual " + a.name() + " on " + a.host() + ": " + ThresholdRule.formatValue(a.value())
                + " (expected " + ThresholdRule.formatValue(a.expectedLow()) + " to " + ThresholdRule.formatValue(a.expectedHigh()) + ")");
        m.put("description", "The " + a.strongestStatisticalView() + " view finds this rarer than the series' recent past allows (score "
                + String.format(java.util.Locale.ROOT, "%.2f", rawScore) + "). Detector " + a.detector() + ", model " + a.modelHash() + ".");
        m.put("value", ThresholdRule.formatValue(a.value()));
        m.put("score", String.format(java.util.Locale.ROOT, "%.3f", rawScore));
        m.put("query", evidenceQuery(a.host(), a.name(), a.labels(), a.time()));
        return m;
    }

    public static Map<String, String> resolved(String host, String metric, Map<String, String> seriesLabels, long at, String reason) {
        Map<String, String> m = new HashMap<>();
        m.put("summary", metric + " on " + host + " is back to normal");
        m.put("resolved_reason", reason);
        m.put("query", evidenceQuery(host, metric, seriesLabels, at));
        return m;
    }

    /** The series with its anomalies (score, expected range) over the hour before {@code at}, from history. */
    public static String evidenceQuery(String host, String metric, Map<String, String> labels, long at) {
        StringBuilder b = new StringBuilder("SELECT m.time, m.value, a.score, a.expected_low, a.expected_high FROM metrics m")
                .append(" LEFT JOIN anomalies a ON a.time = m.time AND a.host = m.host AND a.name = m.name AND a.labels = m.labels")
                .append(" WHERE m.host = ").append(SqlText.quote(host)).append(" AND m.name = ").append(SqlText.quote(metric));
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(labels).entrySet()) {
            b.append(" AND m.labels[").append(SqlText.quote(e.getKey())).append("] = ").append(SqlText.quote(e.getValue()));
        }
        Instant end = Instant.ofEpochMilli(at);
        return b.append(" AND m.time BETWEEN TIMESTAMPTZ '").append(end.minusSeconds(3600)).append("' AND TIMESTAMPTZ '")
                .append(end).append("' ORDER BY m.time").toString();
    }

}
