package dev.vigil.jobs;

import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.kafka.EmbeddedKafka;
import dev.vigil.jobs.kafka.FleetPublisher;
import dev.vigil.jobs.runtime.LocalFlink;
import dev.vigil.sql.HistoryQuery;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records the broker deleted before the job read them are never skipped silently: a restore whose
 * committed offset the broker no longer holds yields a row in history table gaps and a KafkaRecordsLost
 * alert, and the job goes on from the log start. The embedded broker itself deletes nothing by age.
 */
class KafkaGapsITCase {
    private static final String METRICS = "gaps.metrics";
    private static final String LOGS = "gaps.logs";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void recordsDeletedBeforeTheyWereReadBecomeAGapRowAndAnAlert() throws Exception {
        Path history = dir.resolve("history");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Duration.ofSeconds(60))) {
            kafka.createTopics(1, METRICS, LOGS);
            // Weeks-old timestamps, as a replayed or simulated fleet has: the broker must keep them.
            long start = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
            try (KafkaProducer<String, byte[]> producer = FleetPublisher.producer(kafka.bootstrapServers())) {
                for (int i = 0; i < 100; i++) {
                    long t = start + i * 30_000L;
                    String line = "{\"kind\":\"metric\",\"time\":" + t + ",\"host\":\"h1\",\"name\":\"up\",\"value\":1}";
                    producer.send(new ProducerRecord<>(METRICS, null, t, "h1", line.getBytes(StandardCharsets.UTF_8)));
                }
                producer.flush();
            }
            TopicPartition tp = new TopicPartition(METRICS, 0);
            try (Admin admin = kafka.admin()) {
                Config topic = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, METRICS)))
                        .all().get(30, TimeUnit.SECONDS).values().iterator().next();
                assertThat(topic.get("retention.ms").value()).isEqualTo("-1");
                assertThat(topic.get("retention.bytes").value()).isEqualTo("-1");
                // The job had read and committed up to offset 10 before it went down; meanwhile the broker
                // deleted everything before offset 60.
                admin.alterConsumerGroupOffsets("it-gaps", Map.of(tp, new OffsetAndMetadata(10))).all().get(30, TimeUnit.SECONDS);
                admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(60))).all().get(30, TimeUnit.SECONDS);
            }

            VigilConfig config = VigilConfig.load(null, List.of(
                    "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                    "kafka.group-id=it-gaps", "kafka.starting-offsets=committed-or-earliest",
                    "kafka.topics.metrics=" + METRICS, "kafka.topics.logs=" + LOGS, "kafka.topics.security=",
                    "alerts.console=false", "alerts.jsonl=" + dir.resolve("alerts.jsonl")));
            StreamExecutionEnvironment env = LocalFlink.environment(2, RuntimeExecutionMode.STREAMING, Duration.ofSeconds(1), null,
                    dir.resolve("checkpoints"));
            new VigilJob(Wiring.kafka(config, OffsetsInitializer.latest()), Wiring.sinks(config, history.toString()), config).build(env);
            env.execute("vigil gaps it");
        }
        try (HistoryQuery q = new HistoryQuery(history)) {
            assertThat(q.query("SELECT count(*) FROM metrics").scalar()).isEqualTo(40L);
            List<List<Object>> gaps = q.query("SELECT topic, partition, first_offset, last_offset, missing, stream FROM gaps").rows();
            assertThat(gaps).containsExactly(List.of(METRICS, 0, 10L, 59L, 50L, "metrics"));
            assertThat(q.query("SELECT count(*) FROM alerts WHERE alertname = 'KafkaRecordsLost' AND status = 'firing'"
                    + " AND labels['topic'] = '" + METRICS + "'").scalar()).isEqualTo(1L);
        }
    }
}
