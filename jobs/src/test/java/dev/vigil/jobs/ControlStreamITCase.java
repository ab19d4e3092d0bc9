package dev.vigil.jobs;

import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.kafka.EmbeddedKafka;
import dev.vigil.jobs.kafka.FleetPublisher;
import dev.vigil.jobs.runtime.LocalFlink;
import dev.vigil.sql.HistoryQuery;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control stream end to end: a long-running job reads Kafka and a watched control folder; a control
 * file disables the SSH brute-force rule and adds an indicator, and the events that follow raise a
 * threat-intelligence incident but no brute-force incident.
 */
class ControlStreamITCase {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void controlFilesChangeRulesAndIndicatorsOfARunningJob() throws Exception {
        Path control = Files.createDirectories(dir.resolve("control"));
        Path history = dir.resolve("history");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Duration.ofSeconds(60))) {
            kafka.createTopics(1, "ctl.logs");
            VigilConfig config = VigilConfig.load(Path.of("..", "config", "vigil.yaml"), List.of(
                    "kafka.bootstrap-servers=" + kafka.bootstrapServers(), "kafka.group-id=ctl", "kafka.starting-offsets=earliest",
                    "kafka.topics.metrics=", "kafka.topics.security=", "kafka.topics.logs=ctl.logs",
                    "control.dir=" + control, "alerts.console=false", "watermark.out-of-orderness=1s", "watermark.idleness=5s"));
            StreamExecutionEnvironment env = LocalFlink.environment(2, RuntimeExecutionMode.STREAMING, Duration.ofSeconds(1), null, dir.resolve("checkpoints"));
            new VigilJob(Wiring.kafka(config, null), Wiring.sinks(config, history.toString()), config, true).build(env);
            JobClient job = env.executeAsync("vigil control it");
            try {
                Files.writeString(control.resolve("changes.jsonl"), String.join("\n",
                        "{\"type\":\"rule\",\"rule\":\"vigil_ssh_brute_force\",\"enabled\":false}",
                        "{\"type\":\"ioc\",\"kind\":\"ip\",\"value\":\"198.51.100.66\",\"list\":\"feed\"}",
                        "not a control message") + "\n");
                Thread.sleep(8_000); // the folder is polled every 2 s
                long t = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
                try (KafkaProducer<String, byte[]> producer = FleetPublisher.producer(kafka.bootstrapServers())) {
                    for (int i = 0; i < 15; i++) {
                        send(producer, t + i * 1000L, "Failed password for root from 203.0.113.50 port " + (40000 + i) + " ssh2");
                    }
                    send(producer, t + 20_000, "Failed password for admin from 198.51.100.66 port 5555 ssh2");
                    // Moves event time on, past every window and suppression of the events above.
                    send(producer, t + 3_600_000, "Accepted publickey for deploy from 10.0.0.5 port 1 ssh2");
                    producer.flush();
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                long intel = 0;
                while (System.nanoTime() < deadline && intel == 0) {
                    Thread.sleep(2_000);
                    if (Files.isDirectory(history.resolve("incidents"))) {
                        try (HistoryQuery q = new HistoryQuery(history)) {
                            intel = (long) q.query("SELECT count(*) FROM incidents WHERE rule_name = 'vigil_threat_intel'").scalar();
                        }
                    }
                }
                if (intel == 0 && Files.isDirectory(history)) {
                    try (HistoryQuery q = new HistoryQuery(history)) {
                        System.out.println("DIAG events " + q.query("SELECT kind, count(*), max(time) FROM events GROUP BY kind").rows());
                        System.out.println("DIAG incidents " + q.query("SELECT rule_name, status, group_key FROM incidents").rows());
                        System.out.println("DIAG dead " + q.query("SELECT stream, reason FROM dead_letters").rows());
                        System.out.println("DIAG late " + q.query("SELECT operator, count(*) FROM late_events GROUP BY ALL").rows());
                    }
                }
                assertThat(intel).as("threat-intel incidents").isPositive();
                try (HistoryQuery q = new HistoryQuery(history)) {
                    assertThat(q.query("SELECT count(*) FROM incidents WHERE rule_name = 'vigil_ssh_brute_force'").scalar()).isEqualTo(0L);
                    assertThat((String) q.query("SELECT group_key FROM incidents WHERE rule_name = 'vigil_threat_intel' LIMIT 1").scalar())
                            .isEqualTo("{\"threat.indicator\":\"198.51.100.66\"}");
                }
                // The malformed control line is a dead letter; it is committed with the next checkpoint.
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                long dead = 0;
                while (System.nanoTime() < deadline && dead == 0) {
                    Thread.sleep(1_000);
                    try (HistoryQuery q = new HistoryQuery(history)) {
                        dead = (long) q.query("SELECT count(*) FROM dead_letters WHERE stream = 'control'").scalar();
                    }
                }
                assertThat(dead).isEqualTo(1L);
            } finally {
                job.cancel().get(60, TimeUnit.SECONDS);
            }
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, long t, String sshdMessage) {
        String stamp = java.time.format.DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", java.util.Locale.ROOT)
                .format(java.time.LocalDateTime.ofInstant(Instant.ofEpochMilli(t), java.time.ZoneOffset.UTC));
        producer.send(new ProducerRecord<>("ctl.logs", null, t, "web-1",
                ("<38>" + stamp + " web-1 sshd[42]: " + sshdMessage).getBytes(StandardCharsets.UTF_8)));
    }
}
