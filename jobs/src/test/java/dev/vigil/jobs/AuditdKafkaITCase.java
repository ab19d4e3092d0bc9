package dev.vigil.jobs;

import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.kafka.EmbeddedKafka;
import dev.vigil.jobs.kafka.FleetPublisher;
import dev.vigil.jobs.runtime.LocalFlink;
import dev.vigil.simulate.AgentLines;
import dev.vigil.sql.HistoryQuery;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * auditd lines in a Kafka topic mapped to the auditd decoder ({@code kafka.topics.formats}) become a Sigma
 * process_creation incident that reads the parent (a web server spawning a shell), on the host it happened
 * on, at parallelism 2; records of two hosts arrive interleaved and out of order across hosts, and one
 * event's EOE never comes. An auditd-service rule matches the raw EXECVE record too.
 */
class AuditdKafkaITCase {
    private static final String TOPIC = "it.audit";
    private static final String PROCESS_RULE = """
            title: Shell Spawned By Web Server
            id: 0c7e4f0a-6b1e-4b8e-9d0e-3f1f6f7a0a01
            status: test
            logsource: {product: linux, category: process_creation}
            detection:
              selection:
                ParentImage|endswith: ['/apache2', '/nginx']
                Image|endswith: ['/sh', '/bash', '/dash']
              condition: selection
            level: high
            """;
    private static final String AUDITD_RULE = """
            title: Whoami Via EXECVE
            id: 0c7e4f0a-6b1e-4b8e-9d0e-3f1f6f7a0a02
            status: test
            logsource: {product: linux, service: auditd}
            detection:
              selection:
                type: execve
                a0: whoami
              condition: selection
            level: medium
            """;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void auditdLinesInKafkaRaiseAProcessCreationIncidentOnTheirHost() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("web_shell.yml"), PROCESS_RULE);
        Files.writeString(rules.resolve("whoami.yml"), AUDITD_RULE);
        long t = Instant.parse("2026-11-30T09:00:00Z").toEpochMilli();
        // web-01: apache (started hours before) runs sh -c whoami; db-01: an ordinary cron job, its EOE lost.
        List<String> web = new ArrayList<>();
        web.addAll(AgentLines.auditExec(new AgentLines.Exec("web-01", t - 3_600_000, 900, 1, 0, "root", "/", "/usr/sbin/apache2",
                List.of("/usr/sbin/apache2", "-k", "start")), 100, null));
        web.addAll(AgentLines.auditExec(new AgentLines.Exec("web-01", t, 950, 900, 33, "www-data", "/var/www", "/usr/bin/dash",
                List.of("sh", "-c", "whoami")), 101, "exec"));
        web.addAll(AgentLines.auditExec(new AgentLines.Exec("web-01", t + 2, 951, 950, 33, "www-data", "/var/www", "/usr/bin/whoami",
                List.of("whoami")), 102, "exec"));
        List<String> db = new ArrayList<>(AgentLines.auditExec(new AgentLines.Exec("db-01", t - 1000, 300, 1, 0, "root", "/", "/usr/bin/dash",
                List.of("/bin/sh", "-c", "run-parts /etc/cron.hourly")), 7, null));
        db.remove(db.size() - 1);
        db.addAll(AgentLines.auditExec(new AgentLines.Exec("db-01", t + 1000, 301, 300, 0, "root", "/", "/usr/bin/run-parts",
                List.of("run-parts", "/etc/cron.hourly")), 8, null));

        try (EmbeddedKafka kafka = EmbeddedKafka.start(Duration.ofSeconds(60))) {
            kafka.createTopics(2, TOPIC);
            try (KafkaProducer<String, byte[]> producer = FleetPublisher.producer(kafka.bootstrapServers())) {
                // db-01's records, which are later in event time, go first; then the two hosts alternate.
                int i = 0;
                for (String line : db) {
                    producer.send(new ProducerRecord<>(TOPIC, null, t, "db-01", line.getBytes(StandardCharsets.UTF_8)));
                    if (i < web.size()) {
                        producer.send(new ProducerRecord<>(TOPIC, null, t, "web-01", web.get(i++).getBytes(StandardCharsets.UTF_8)));
                    }
                }
                while (i < web.size()) {
                    producer.send(new ProducerRecord<>(TOPIC, null, t, "web-01", web.get(i++).getBytes(StandardCharsets.UTF_8)));
                }
                producer.flush();
            }
            VigilConfig config = VigilConfig.load(null, List.of(
                    "kafka.bootstrap-servers=" + kafka.bootstrapServers(), "kafka.group-id=it-auditd",
                    "kafka.starting-offsets=earliest", "kafka.topics.metrics=", "kafka.topics.logs=", "kafka.topics.security=",
                    "kafka.topics.formats=" + TOPIC + ":auditd", "rules.paths=" + rules,
                    "alerts.console=false", "alerts.jsonl=" + dir.resolve("alerts.jsonl")));
            StreamExecutionEnvironment env = LocalFlink.environment(2, RuntimeExecutionMode.STREAMING, Duration.ofSeconds(1), null,
                    dir.resolve("checkpoints"));
            new VigilJob(Wiring.kafka(config, OffsetsInitializer.latest()), Wiring.sinks(config, dir.resolve("history").toString()), config)
                    .build(env);
            env.execute("vigil auditd it");
        }
        try (HistoryQuery q = new HistoryQuery(dir.resolve("history"))) {
            List<List<Object>> incidents = q.query("SELECT rule_id, summary FROM incidents WHERE status = 'open' ORDER BY rule_id").rows();
            assertThat(incidents).hasSize(2);
            assertThat(incidents.get(0).get(0)).isEqualTo("0c7e4f0a-6b1e-4b8e-9d0e-3f1f6f7a0a01");
            assertThat((String) incidents.get(0).get(1)).contains("host.name=web-01");
            assertThat(incidents.get(1).get(0)).isEqualTo("0c7e4f0a-6b1e-4b8e-9d0e-3f1f6f7a0a02");
            // Every exec is in history, db-01's without EOE too, each with its parent where the table knew it.
            List<List<Object>> execs = q.query("SELECT host, attributes['process.executable'], attributes['process.parent.executable']"
                    + " FROM security_events WHERE action = 'process_exec' ORDER BY time").rows();
            assertThat(execs).extracting(r -> r.get(0) + " " + r.get(1) + " " + r.get(2)).containsExactly(
                    "web-01 /usr/sbin/apache2 null",
                    "db-01 /usr/bin/dash null",
                    "web-01 /usr/bin/dash /usr/sbin/apache2",
                    "web-01 /usr/bin/whoami /usr/bin/dash",
                    "db-01 /usr/bin/run-parts /usr/bin/dash");
            assertThat(q.query("SELECT count(*) FROM dead_letters").scalar()).isEqualTo(0L);
        }
    }
}
