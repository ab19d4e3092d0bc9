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

    /**
     * The annotations of an alert from a sustained run (AnomalyAlertPolicy): what was unusual, in the
     * metric's units, against the range it was compared with, clamped to what the metric can be. The value
     * lies outside that range (on the side that is a problem), as the policy requires.
     *
     * @param since     when the run began
     * @param low       the range it was compared with
     * @param high      the range it was compared with
     * @param timeOfDay whether that range is what this time of day held on earlier days (else the detector's band)
     */
    public static Map<String, String> sustained(Anomaly a, double rawScore, long since, double low, double high, boolean timeOfDay) {
        dev.vigil.alert.HumanUnits.Unit u = dev.vigil.alert.HumanUnits.unit(a.name());
        String lo = dev.vigil.alert.HumanUnits.format(u, dev.vigil.alert.HumanUnits.clamp(u, low));
        String hi = dev.vigil.alert.HumanUnits.format(u, dev.vigil.alert.HumanUnits.clamp(u, high));
        String value = dev.vigil.alert.HumanUnits.format(u, a.value());
        long minutes = Math.max(0, (a.time() - since) / 60_000L);
        String usual = timeOfDay
                ? "usual at " + java.time.format.DateTimeFormatter.ofPattern("HH:mm 'UTC'", java.util.Locale.ROOT)
                        .format(Instant.ofEpochMilli(a.time()).atZone(java.time.ZoneOffset.UTC)) + " on the last days is " + lo + " to " + hi
                : "expected " + lo + " to " + hi;
        Map<String, String> m = new HashMap<>();
        m.put("summary", a.name() + " on " + a.host() + " has been " + value + (minutes > 0 ? " for " + minutes + " min" : "") + "; " + usual);
        m.put("description", "Outside its " + (timeOfDay ? "usual range for the time of day" : "expected range") + " since "
                + Instant.ofEpochMilli(since) + " on the side that is a problem for it (score "
                + String.format(java.util.Locale.ROOT, "%.2f", rawScore) + ", strongest view " + a.strongestStatisticalView()
                + "). Detector " + a.detector() + ", model " + a.modelHash() + ".");
        m.put("value", ThresholdRule.formatValue(a.value()));
        m.put("expected", lo + " to " + hi);
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
