package dev.vigil.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.anomaly.SyntheticSeries;
import dev.vigil.jobs.cli.VigilCli;
import dev.vigil.sql.HistoryQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prometheus JSON through the whole job at parallelism 2 (vigil replay on a MiniCluster): a spike injected
 * into one series becomes an {@code anomalies} row at the injected time and no alert (one sample out pages
 * nobody); a level shift in another becomes one MetricAnomaly alert once it has lasted {@code anomaly.sustain};
 * a clean series beside them raises nothing. The input lines are shuffled. The metric is one the bundled
 * calibration does not know, so the global alert score applies.
 */
class AnomalyITCase {
    private static final long STEP = 300_000L;
    private static final Instant START = Instant.parse("2026-11-20T00:00:00Z");
    private static final int N = 3 * 288;
    private static final int AT = 700;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void anInjectedShiftBecomesAnAnomalyRowAndOneAlertEpisode() throws Exception {
        List<String> lines = new ArrayList<>();
        addSeries(lines, "web-1", SyntheticSeries.generate(N, STEP, SyntheticSeries.Kind.SPIKE, AT, 7));
        addSeries(lines, "web-2", SyntheticSeries.generate(N, STEP, SyntheticSeries.Kind.NONE, N, 8));
        addSeries(lines, "web-3", SyntheticSeries.generate(N, STEP, SyntheticSeries.Kind.LEVEL_SHIFT, AT, 9));
        Collections.shuffle(lines, new Random(3));
        Path input = dir.resolve("in");
        Files.createDirectories(input);
        Files.write(input.resolve("metrics.jsonl"), lines, StandardCharsets.UTF_8);

        Path out = dir.resolve("out");
        int code = new CommandLine(new VigilCli()).execute("replay", "--input", input.toString(), "--out", out.toString(),
                "--parallelism", "2", "--set", "alerts.console=false", "--set", "exfiltration.metric=",
                "--config", Path.of("..", "config", "vigil.yaml").toString());
        assertThat(code).isZero();

        String injected = START.plusMillis(AT * STEP).toString();
        try (HistoryQuery q = new HistoryQuery(out.resolve("history"))) {
            assertThat(q.query("SELECT count(*) FROM metrics").scalar()).isEqualTo((long) lines.size());
            List<List<Object>> rows = q.query("SELECT host, strftime(time, '%Y-%m-%dT%H:%M:%SZ'), score, p_level, detector, labels['job']"
                    + " FROM anomalies WHERE host = 'web-1' AND time = TIMESTAMPTZ '" + injected + "'").rows();
            assertThat(rows).singleElement().satisfies(r -> {
                assertThat(((Number) r.get(2)).doubleValue()).isGreaterThanOrEqualTo(0.5);
                assertThat(r.get(4)).isEqualTo("vigil-ensemble/3");
                assertThat(r.get(5)).isEqualTo("node");
            });
        }
        List<JsonNode> alerts = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String l : Files.readAllLines(out.resolve("alerts.jsonl"))) {
            JsonNode a = json.readTree(l);
            if ("MetricAnomaly".equals(a.path("labels").path("alertname").asText())) {
                alerts.add(a);
            }
        }
        // Only the shifted series alerts: not the spike, not the clean series.
        assertThat(alerts).extracting(a -> a.path("labels").path("host").asText()).containsOnly("web-3");
        JsonNode first = alerts.stream().filter(a -> a.path("status").asText().equals("firing"))
                .min(java.util.Comparator.comparing(a -> a.path("startsAt").asText())).orElseThrow();
        // Fired once the shift had lasted anomaly.sustain (5 min: the next 5-minute sample or the one after).
        assertThat(Instant.parse(first.path("startsAt").asText())).isBetween(START.plusMillis((AT + 1) * STEP), START.plusMillis((AT + 2) * STEP));
        assertThat(first.path("annotations").path("summary").asText()).contains("app_requests_in_flight on web-3 has been");
        assertThat(first.path("annotations").path("query").asText()).contains("FROM metrics m LEFT JOIN anomalies a");
    }

    private static void addSeries(List<String> lines, String host, double[] x) {
        for (int i = 0; i < x.length; i++) {
            lines.add(String.format(Locale.ROOT, "{\"timestamp\":\"%s\",\"value\":\"%.6f\",\"name\":\"app_requests_in_flight\","
                    + "\"labels\":{\"__name__\":\"app_requests_in_flight\",\"instance\":\"%s:9100\",\"job\":\"node\"}}",
                    START.plusMillis(i * STEP), x[i], host));
        }
    }
}
