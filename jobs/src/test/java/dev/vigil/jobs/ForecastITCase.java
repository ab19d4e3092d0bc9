package dev.vigil.jobs;

import dev.vigil.jobs.cli.VigilCli;
import dev.vigil.simulate.ForecastScenarios;
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
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prometheus JSON through the whole job at parallelism 2 (vigil replay on a MiniCluster), shuffled: a
 * slowly filling disk gets forecasts rows whose ETA approaches the real exhaustion, and one warning
 * FilesystemWillFill alert a day or more ahead; a stable, nearly full disk beside it gets none.
 */
class ForecastITCase {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aFillingDiskIsForecastAndWarnedAboutAheadAndAStableOneIsNot() throws Exception {
        List<String> lines = new ArrayList<>();
        long exhausts = -1;
        for (ForecastScenarios.Series s : ForecastScenarios.generate(Instant.parse("2026-11-01T00:00:00Z"), 8, 300_000L, 5)) {
            if (s.kind().equals("slow_fill")) {
                exhausts = s.exhaustsAt();
                lines.addAll(s.lines());
            } else if (s.kind().equals("stable_high")) {
                lines.addAll(s.lines());
            }
        }
        Collections.shuffle(lines, new Random(4));
        Path input = dir.resolve("in");
        Files.createDirectories(input);
        Files.write(input.resolve("metrics.jsonl"), lines, StandardCharsets.UTF_8);
        Path out = dir.resolve("out");
        int code = new CommandLine(new VigilCli()).execute("replay", "--input", input.toString(), "--out", out.toString(),
                "--parallelism", "2", "--set", "alerts.console=false", "--set", "anomaly.enabled=false",
                "--config", Path.of("..", "config", "vigil.yaml").toString());
        assertThat(code).isZero();

        try (HistoryQuery q = new HistoryQuery(out.resolve("history"))) {
            // 12 hours before the disk ran out, the forecast's ETA was within 2 hours of the truth.
            Instant before = Instant.ofEpochMilli(exhausts - 12 * 3_600_000L);
            Object eta = q.query("SELECT epoch_ms(eta) FROM forecasts WHERE host = 'fc-slow-fill' AND labels['mountpoint'] = '/'"
                    + " AND time <= TIMESTAMPTZ '" + before + "' ORDER BY time DESC LIMIT 1").scalar();
            assertThat(Math.abs(((Number) eta).longValue() - exhausts)).isLessThan(2 * 3_600_000L);
            assertThat(q.query("SELECT count(*) FROM forecasts WHERE host = 'fc-stable-high' AND eta IS NULL").scalar())
                    .satisfies(n -> assertThat(((Number) n).longValue()).isPositive());
            List<List<Object>> alerts = q.query("SELECT host, severity, epoch_ms(starts_at) FROM alerts"
                    + " WHERE alertname = 'FilesystemWillFill' AND status = 'firing' ORDER BY starts_at").rows();
            assertThat(alerts).extracting(r -> r.get(0)).containsOnly("fc-slow-fill");
            assertThat(alerts).extracting(r -> r.get(1)).containsExactly("warning", "critical");
            assertThat(exhausts - ((Number) alerts.get(0).get(2)).longValue()).isGreaterThan(24 * 3_600_000L);
        }
    }
}
