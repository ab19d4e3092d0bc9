package dev.vigil.jobs;

import dev.vigil.jobs.cli.VigilCli;
import dev.vigil.simulate.FleetSimulator;
import dev.vigil.simulate.SimRecord;
import dev.vigil.simulate.SimulatorConfig;
import dev.vigil.sql.HistoryQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code vigil replay} through the CLI: bounded, batch mode, out-of-order files, deterministic output. */
class ReplayITCase {
    /** Real lines from Loghub's OpenSSH sample (2015), including a "message repeated" line. */
    private static final List<String> OPENSSH = List.of(
            "Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186",
            "Dec 10 06:55:48 LabSZ sshd[24200]: Failed password for invalid user webmaster from 173.234.31.186 port 38926 ssh2",
            "Dec 10 07:13:43 LabSZ sshd[24227]: Failed password for root from 5.36.59.76 port 42393 ssh2",
            "Dec 10 07:13:56 LabSZ sshd[24227]: message repeated 5 times: [ Failed password for root from 5.36.59.76 port 42393 ssh2]",
            "Dec 10 09:32:20 LabSZ sshd[24680]: Accepted password for fztu from 119.137.62.142 port 49116 ssh2",
            "Dec 10 07:07:38 LabSZ sshd[24206]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=52.80.34.196",
            "this is not a syslog line");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void replayIsDeterministicAndKeepsEveryLine() throws Exception {
        Path input = dir.resolve("in");
        Files.createDirectories(input);
        Files.write(input.resolve("auth.log"), OPENSSH, StandardCharsets.UTF_8);
        // A 1 MiB line and a line of invalid UTF-8, after a good line: both dead-lettered, nothing stops.
        Files.write(input.resolve("odd.log"), concat(
                "Nov 20 10:00:00 h sshd[1]: fine\n".getBytes(StandardCharsets.UTF_8),
                "a".repeat(1 << 20).getBytes(StandardCharsets.UTF_8), new byte[] {'\n', (byte) 0xff, (byte) 0xfe, '\n'}));
        // A simulated fleet, split over two files whose lines are shuffled: replay must not care.
        List<String> metrics = new ArrayList<>();
        List<String> logs = new ArrayList<>();
        new FleetSimulator(new SimulatorConfig(2, SimulatorConfig.DEFAULT_START, Duration.ofHours(6), Duration.ofSeconds(60), 9))
                .run(r -> (r.stream().equals(SimRecord.METRICS) ? metrics : logs).add(r.text()));
        Collections.shuffle(metrics, new Random(1));
        Files.write(input.resolve("metrics.jsonl"), metrics, StandardCharsets.UTF_8);
        Files.write(input.resolve("fleet.log"), logs, StandardCharsets.UTF_8);

        String first = replay(input, dir.resolve("out1"));
        String second = replay(input, dir.resolve("out2"));
        assertThat(second).isEqualTo(first);
        assertThat(first).contains("RootFilesystemAlmostFull");

        try (HistoryQuery q = new HistoryQuery(dir.resolve("out1").resolve("history"))) {
            assertThat(q.query("SELECT count(*) FROM metrics").scalar()).isEqualTo((long) metrics.size());
            // The fleet's auditd records (its privilege escalation's commands) are security events, not log lines.
            long auditLines = logs.stream().filter(l -> l.startsWith("node=")).count();
            assertThat(auditLines).isPositive();
            assertThat(q.query("SELECT count(*) FROM logs").scalar()).isEqualTo((long) (logs.size() - auditLines + OPENSSH.size() - 1 + 1));
            assertThat(q.query("SELECT count(*) FROM security_events WHERE host = 'LabSZ' AND action = 'auth_failure'").scalar())
                    .isEqualTo(7L);
            assertThat(q.query("SELECT min(time) FROM logs WHERE host = 'LabSZ'").scalar().toString()).startsWith("2015-12-10T06:55:46");
            List<Object> big = q.query("SELECT \"offset\", raw_bytes, reason FROM dead_letters WHERE source LIKE '%odd.log' AND raw_bytes > 1000").rows().get(0);
            assertThat(big.get(0)).isEqualTo(2L);
            assertThat(big.get(1)).isEqualTo(1 << 20);
            assertThat(big.get(2).toString()).contains("ingest.max-record-bytes");
            assertThat(q.query("SELECT raw_base64 FROM dead_letters WHERE source LIKE '%odd.log' AND \"offset\" = 3").scalar()).isEqualTo("//4=");
            List<Object> dead = q.query("SELECT source, \"offset\", reason, raw_text FROM dead_letters WHERE source LIKE '%auth.log'").rows().get(0);
            assertThat(dead.get(0).toString()).endsWith("auth.log");
            assertThat(dead.get(1)).isEqualTo(7L);
            assertThat(dead.get(2).toString()).contains("TIMESTAMP");
            assertThat(dead.get(3)).isEqualTo("this is not a syslog line");
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static String replay(Path input, Path out) throws Exception {
        int code = new CommandLine(new VigilCli()).execute("replay", "--input", input.toString(), "--out", out.toString(),
                "--year", "2015", "--set", "alerts.console=false", "--set", "ingest.min-time=2010-01-01T00:00:00Z",
                "--config", Path.of("..", "config", "vigil.yaml").toString());
        assertThat(code).isZero();
        return Files.readString(out.resolve("alerts.jsonl"));
    }
}
