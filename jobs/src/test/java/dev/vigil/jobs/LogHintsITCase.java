package dev.vigil.jobs;

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
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Syslog lines through the whole job at parallelism 2 (vigil replay on a MiniCluster), shuffled: a
 * host's routine logs for hours, then a burst of EXT4 errors never seen before, then a crash loop and a
 * nearly full root filesystem. The errors' template gets log_templates rows and a "new" log_anomalies
 * row; the crash-loop incident row and both alerts name it in their log hints; a quiet host gets none.
 */
class LogHintsITCase {
    private static final DateTimeFormatter BSD = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);
    private static final long MIN = 60_000L;
    private static final long T0 = Instant.parse("2026-11-20T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aNewErrorTemplateIsMinedFlaggedAndNamedInTheHintsOfTheIncidentAndAlertsThatFollow() throws Exception {
        List<String> logs = new ArrayList<>();
        for (String host : List.of("web-1", "web-2")) {
            for (long t = T0; t < T0 + 180 * MIN; t += MIN) {
                logs.add(syslog(host, t, 78, "CRON[" + (4000 + t / MIN % 1000) + "]", "(root) CMD (run-parts /etc/cron.hourly)"));
                if (t % (5 * MIN) == 0) {
                    logs.add(syslog(host, t + 7_000, 38, "sshd[" + (9000 + t / MIN % 1000) + "]",
                            "Accepted publickey for deploy from 10.0.0.5 port " + (40000 + t / MIN % 20000) + " ssh2"));
                }
            }
        }
        long errors = T0 + 150 * MIN;
        for (int i = 0; i < 16; i++) {
            logs.add(syslog("web-1", errors + i * 30_000L, 3, "kernel",
                    "EXT4-fs error (device sda1): ext4_find_entry:1455: inode #" + (2 + i) + ": comm nginx: reading directory lblock 0"));
        }
        long crash = T0 + 165 * MIN;
        for (int i = 1; i <= 8; i++) {
            long t = crash + (i - 1) * 10_000L;
            logs.add(syslog("web-1", t, 30, "systemd[1]", "Started worker.service - Queue worker."));
            logs.add(syslog("web-1", t + 3_000, 29, "systemd[1]", "worker.service: Main process exited, code=exited, status=1/FAILURE"));
            logs.add(syslog("web-1", t + 3_000, 28, "systemd[1]", "worker.service: Failed with result 'exit-code'."));
            logs.add(syslog("web-1", t + 8_000, 30, "systemd[1]", "worker.service: Scheduled restart job, restart counter is at " + i + "."));
        }
        List<String> metrics = new ArrayList<>();
        for (long t = T0 + 160 * MIN; t <= T0 + 175 * MIN; t += MIN) {
            metrics.add(rootAvail("web-1", t, 1L << 30));
            metrics.add(rootAvail("web-2", t, 50L << 30));
        }
        Collections.shuffle(logs, new Random(8));
        Collections.shuffle(metrics, new Random(8));
        Path input = dir.resolve("in");
        Files.createDirectories(input);
        Files.write(input.resolve("syslog.log"), logs, StandardCharsets.UTF_8);
        Files.write(input.resolve("metrics.jsonl"), metrics, StandardCharsets.UTF_8);
        Path out = dir.resolve("out");
        int code = new CommandLine(new VigilCli()).execute("replay", "--input", input.toString(), "--out", out.toString(),
                "--parallelism", "2", "--year", "2026", "--set", "alerts.console=false", "--set", "anomaly.enabled=false",
                "--config", Path.of("..", "config", "vigil.yaml").toString());
        assertThat(code).isZero();

        try (HistoryQuery q = new HistoryQuery(out.resolve("history"))) {
            List<List<Object>> templates = q.query("SELECT template_id, template, category, \"count\", epoch_ms(time)"
                    + " FROM log_templates WHERE host = 'web-1' AND template LIKE 'EXT4-fs error%'").rows();
            assertThat(templates).hasSize(1);
            String id = (String) templates.get(0).get(0);
            assertThat(templates.get(0).subList(2, 5)).containsExactly("disk", 16L, errors);
            assertThat(q.query("SELECT count(*) FROM events WHERE template_id = '" + id + "'").scalar()).isEqualTo(16L);
            assertThat(q.query("SELECT kind, epoch_ms(time) FROM log_anomalies WHERE template_id = '" + id + "'").rows())
                    .containsExactly(List.of("new", errors));

            List<String> incidentHints = q.query("SELECT log_hints FROM incidents WHERE rule_name = 'vigil_crash_loop' ORDER BY time")
                    .rows().stream().map(r -> String.valueOf(r.get(0))).toList();
            assertThat(incidentHints).hasSize(2).allSatisfy(h -> assertThat(h).contains("[disk] kernel \"EXT4-fs error", "new: 16 lines"));

            List<List<Object>> alerts = q.query("SELECT alertname, host, annotations['log_hints'] FROM alerts WHERE status = 'firing'"
                    + " ORDER BY alertname").rows();
            assertThat(alerts).extracting(r -> r.get(1)).containsOnly("web-1");
            assertThat(alerts).extracting(r -> r.get(0)).contains("RootFilesystemAlmostFull");
            assertThat(alerts).hasSizeGreaterThanOrEqualTo(2).allSatisfy(r -> assertThat(String.valueOf(r.get(2)))
                    .startsWith("[disk] kernel \"EXT4-fs error").contains("new: 16 lines in 10 min ending"));
        }
    }

    private static String syslog(String host, long t, int pri, String tag, String message) {
        return "<" + pri + ">" + BSD.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(t), ZoneOffset.UTC)) + " " + host + " " + tag + ": " + message;
    }

    private static String rootAvail(String host, long t, long bytes) {
        return "{\"timestamp\":\"" + Instant.ofEpochMilli(t) + "\",\"value\":\"" + bytes + "\",\"name\":\"node_filesystem_avail_bytes\","
                + "\"labels\":{\"__name__\":\"node_filesystem_avail_bytes\",\"mountpoint\":\"/\",\"fstype\":\"ext4\",\"instance\":\"" + host
                + ":9100\",\"job\":\"node\"}}";
    }
}
