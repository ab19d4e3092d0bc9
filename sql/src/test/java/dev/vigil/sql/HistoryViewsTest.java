package dev.vigil.sql;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The views of sql/views on a hand-made history whose answers are worked out by hand:
 * host a sends metrics in minutes 0-9 and has a failed unit in minute 2; host b only in minutes 0-4;
 * one incident (first event 00:00, opened 00:01, closed 00:11); one alert of host a (starts 00:02,
 * resolved 00:04) and one of host b (starts 00:03, still firing).
 */
class HistoryViewsTest {
    @TempDir
    Path history;

    private static String at(int minute, int second) {
        return "TIMESTAMPTZ '2026-11-20 00:%02d:%02d+00'".formatted(minute, second);
    }

    static Map<String, String> row(String... columnsAndLiterals) {
        Map<String, String> row = new java.util.HashMap<>();
        for (int i = 0; i < columnsAndLiterals.length; i += 2) {
            row.put(columnsAndLiterals[i], columnsAndLiterals[i + 1]);
        }
        return row;
    }

    @BeforeEach
    void writeHistory() throws Exception {
        HistoryFixture f = new HistoryFixture(history);
        List<Map<String, String>> metrics = new ArrayList<>();
        for (int m = 0; m < 10; m++) {
            metrics.add(Map.of("kind", "'metric'", "time", at(m, 10), "host", "'a'", "name", "'up'", "value", "1"));
            if (m < 5) {
                metrics.add(Map.of("kind", "'metric'", "time", at(m, 20), "host", "'b'", "name", "'up'", "value", "1"));
            }
        }
        metrics.add(Map.of("kind", "'log'", "time", at(2, 30), "host", "'a'", "app", "'systemd'", "severity", "'err'",
                "message", "'nginx.service: Failed with result ''exit-code''.'"));
        f.write("events", "2026-11-20", "00", metrics);
        f.write("incidents", "2026-11-20", "00", List.of(
                row("time", at(1, 0), "status", "'open'", "incident_id", "'i1'", "rule_id", "'r1'", "rule_name", "'brute'",
                        "title", "'SSH brute force'", "level", "'high'", "group_key", "'{}'", "first_time", at(0, 0), "last_time", at(1, 0),
                        "event_count", "10", "summary", "'x'"),
                row("time", at(11, 0), "status", "'closed'", "incident_id", "'i1'", "rule_id", "'r1'", "rule_name", "'brute'",
                        "title", "'SSH brute force'", "level", "'high'", "group_key", "'{}'", "first_time", at(0, 0), "last_time", at(1, 0),
                        "event_count", "10", "summary", "'x'")));
        f.write("alerts", "2026-11-20", "00", List.of(
                Map.of("time", at(2, 0), "status", "'firing'", "alertname", "'DiskFull'", "severity", "'critical'", "host", "'a'",
                        "fingerprint", "'f1'", "starts_at", at(2, 0)),
                Map.of("time", at(4, 0), "status", "'resolved'", "alertname", "'DiskFull'", "severity", "'critical'", "host", "'a'",
                        "fingerprint", "'f1'", "starts_at", at(2, 0), "ends_at", at(4, 0)),
                Map.of("time", at(3, 0), "status", "'firing'", "alertname", "'CpuHigh'", "severity", "'warning'", "host", "'b'",
                        "fingerprint", "'f2'", "starts_at", at(3, 0))));
        // ops: two notifications, one delivered at once (carrying 2 alerts), one given up after 3 attempts.
        f.write("notifications", "2026-11-20", "00", List.of(
                row("time", at(2, 1), "endpoint", "'ops/webhook#0'", "receiver", "'ops'", "kind", "'webhook'", "notification_id", "'n1'",
                        "group_key", "'g'", "status", "'firing'", "alerts", "2", "outcome", "'delivered'", "attempts", "1", "last_error", "''",
                        "created_at", at(2, 0), "alert_time", at(2, 0)),
                row("time", at(7, 0), "endpoint", "'ops/webhook#0'", "receiver", "'ops'", "kind", "'webhook'", "notification_id", "'n2'",
                        "group_key", "'g'", "status", "'resolved'", "alerts", "1", "outcome", "'dead_letter'", "attempts", "3",
                        "last_error", "'HTTP 503'", "created_at", at(4, 0), "alert_time", at(4, 0))));
    }

    @Test
    void alertVolumePerReceiverCountsNotificationsAlertsRetriesAndDeliveryTime() throws Exception {
        try (HistoryQuery q = new HistoryQuery(history)) {
            // Delivery took 1 s and 180 s: mean 90.5 s.
            assertThat(q.query("SELECT receiver, notifications, alerts, firing, dead_letters, retries, mean_delivery_ms, max_delivery_ms"
                    + " FROM alert_volume_per_receiver").rows())
                    .containsExactly(List.of("ops", 2L, 3L, 1L, 1L, 2L, 90_500.0, 180_000L));
        }
    }

    @Test
    void uptimeCountsMinutesWithSamplesLessFailedUnitMinutes() throws Exception {
        try (HistoryQuery q = new HistoryQuery(history)) {
            HistoryQuery.Result r = q.query("SELECT host, minutes, up_minutes, failed_unit_minutes, uptime_pct FROM host_uptime ORDER BY host");
            assertThat(r.rows()).containsExactly(List.of("a", 10L, 9L, 1L, 90.0), List.of("b", 10L, 5L, 0L, 50.0));
        }
    }

    @Test
    void detectionAndResolutionTimesPerIncidentAndAlert() throws Exception {
        try (HistoryQuery q = new HistoryQuery(history)) {
            HistoryQuery.Result r = q.query("SELECT source, name, episodes, resolved, mttd_s, mttr_s FROM mean_times ORDER BY source, name");
            assertThat(r.rows()).containsExactly(
                    java.util.Arrays.asList("alert", "CpuHigh", 1L, 0L, 0.0, null),
                    List.of("alert", "DiskFull", 1L, 1L, 0.0, 120.0),
                    List.of("incident", "brute", 1L, 1L, 60.0, 600.0));
        }
    }

    @Test
    void incidentsPerWeekNoisyRulesAndServiceLevels() throws Exception {
        try (HistoryQuery q = new HistoryQuery(history)) {
            assertThat(q.query("SELECT rule_name, CAST(week AS VARCHAR), incidents FROM incidents_per_week").rows())
                    .containsExactly(List.of("brute", "2026-11-16", 1L));
            assertThat(q.query("SELECT name, episodes, resolved_within_5m FROM noisy_rules WHERE name = 'DiskFull'").rows())
                    .containsExactly(List.of("DiskFull", 1L, 1L));
            // Fleet: (9 + 5) of 20 minutes up; 2 alert episodes, MTTR of the resolved one 2 min; 1 incident in less than a week.
            assertThat(q.query("SELECT host, uptime_pct, alert_episodes, mttr_min, incidents_per_week FROM service_levels ORDER BY host").rows())
                    .containsExactly(java.util.Arrays.asList("*", 70.0, 2L, 2.0, 1.0), java.util.Arrays.asList("a", 90.0, 1L, 2.0, null),
                            java.util.Arrays.asList("b", 50.0, 1L, null, null));
        }
    }
}
