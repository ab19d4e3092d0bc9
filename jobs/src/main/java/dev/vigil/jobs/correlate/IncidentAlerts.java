package dev.vigil.jobs.correlate;

import dev.vigil.alert.Alert;
import dev.vigil.alert.Fingerprint;
import dev.vigil.correlate.Incident;
import dev.vigil.model.Maps;
import dev.vigil.sigma.SigmaLoader;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

import java.util.HashMap;
import java.util.Map;

/**
 * Incidents at or above the configured level become alerts: firing when the incident opens, resolved when
 * it closes. Labels: {@code alertname} (the rule's title), {@code severity} (critical for critical and
 * high, warning for medium, info below), {@code rule_id}, {@code level}, and the group values (dots made
 * underscores: {@code source_ip}; host.name becomes {@code host}).
 */
public final class IncidentAlerts implements FlatMapFunction<Incident, Alert> {
    private static final long serialVersionUID = 1L;
    private final int minRank;
    private final String externalUrl;

    public IncidentAlerts(String alertLevel, String externalUrl) {
        this.minRank = SigmaLoader.levelRank(alertLevel);
        this.externalUrl = externalUrl;
    }

    @Override
    public void flatMap(Incident i, Collector<Alert> out) {
        if (SigmaLoader.levelRank(i.level()) < minRank) {
            return;
        }
        Map<String, String> labels = new HashMap<>();
        for (Map.Entry<String, String> g : i.group().entrySet()) {
            if (g.getValue() == null || g.getValue().equals("null")) {
                continue;
            }
            if (g.getKey().equals("host.name")) {
                labels.put("host", g.getValue());
            } else {
                labels.put(g.getKey().replaceAll("[^a-zA-Z0-9_]", "_"), g.getValue());
            }
        }
        labels.put("alertname", i.title());
        labels.put("severity", severity(i.level()));
        labels.put("level", i.level());
        labels.put("rule_id", i.ruleId());
        Map<String, String> annotations = new HashMap<>();
        annotations.put("summary", i.summary());
        annotations.put("description", i.count() + " events between first and last; evidence in history table incidents");
        annotations.put("incident_id", i.id());
        annotations.put("tags", String.join(",", i.tags()));
        if (!i.intel().isEmpty()) {
            annotations.put("threat_intel", String.join("; ", i.intel()));
        }
        annotations.put("query", "SELECT * FROM incidents WHERE incident_id = '" + i.id() + "' ORDER BY time");
        Map<String, String> sorted = Maps.sortedCopy(labels);
        boolean firing = i.status().equals(Incident.OPEN);
        out.collect(new Alert(i.time(), firing ? Alert.FIRING : Alert.RESOLVED, sorted, annotations, i.first(),
                firing ? 0L : i.time(), externalUrl + "/rules/" + i.ruleId(), Fingerprint.of(sorted)));
    }

    static String severity(String level) {
        return switch (level) {
            case "critical", "high" -> "critical";
            case "medium" -> "warning";
            default -> "info";
        };
    }
}
