package dev.vigil.jobs;

import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.kafka.EmbeddedKafka;
import dev.vigil.jobs.kafka.FleetPublisher;
import dev.vigil.jobs.runtime.LocalFlink;
import dev.vigil.jobs.testing.WebhookReceiver;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job with Kafka and webhook secrets given as file references runs on a MiniCluster (its Kafka clients
 * resolve the reference, its webhook fails and logs), and nothing it logs holds a secret's value.
 */
class SecretsInLogsITCase {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void whatTheJobLogsHoldsNoSecretValue() throws Exception {
        Path truststorePassword = dir.resolve("truststore-password");
        Files.writeString(truststorePassword, "truststore-s3cret-99\n");
        Path hook = dir.resolve("hook-url");
        StringWriter logs = new StringWriter();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration logConfig = context.getConfiguration();
        WriterAppender appender = WriterAppender.newBuilder().setName("secrets-it").setTarget(logs)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %c - %m%n").build()).build();
        appender.start();
        LoggerConfig root = logConfig.getRootLogger();
        Level before = root.getLevel();
        root.addAppender(appender, Level.INFO, null);
        root.setLevel(Level.INFO);
        context.updateLoggers();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Duration.ofSeconds(60));
             WebhookReceiver receiver = new WebhookReceiver(1_000)) {
            Files.writeString(hook, receiver.url() + "?token=hook-s3cret-77\n");
            kafka.createTopics(1, "secrets.metrics");
            long t0 = Instant.parse("2026-11-20T00:00:00Z").toEpochMilli();
            try (KafkaProducer<String, byte[]> producer = FleetPublisher.producer(kafka.bootstrapServers())) {
                // A root file system with 1 GiB left for 20 minutes: RootFilesystemAlmostFull fires and is posted.
                for (int i = 0; i < 40; i++) {
                    long t = t0 + i * 30_000L;
                    String line = "{\"kind\":\"metric\",\"time\":" + t + ",\"host\":\"h1\",\"name\":\"node_filesystem_avail_bytes\","
                            + "\"value\":1073741824,\"labels\":{\"mountpoint\":\"/\"}}";
                    producer.send(new ProducerRecord<>("secrets.metrics", null, t, "h1", line.getBytes(StandardCharsets.UTF_8)));
                }
                producer.flush();
            }
            VigilConfig config = VigilConfig.load(Path.of("..", "config", "vigil.yaml"), List.of(
                    "kafka.bootstrap-servers=" + kafka.bootstrapServers(), "kafka.group-id=secrets-it", "kafka.starting-offsets=earliest",
                    "kafka.topics.metrics=secrets.metrics", "kafka.topics.logs=", "kafka.topics.security=",
                    "kafka.properties.ssl.truststore.password=${file:" + truststorePassword + "}",
                    "alerts.console=false", "alerts.webhook.url=${file:" + hook + "}", "alerts.webhook.attempts=1",
                    "alerts.webhook.timeout=2s", "anomaly.enabled=false", "forecast.enabled=false"));
            StreamExecutionEnvironment env = LocalFlink.environment(2, RuntimeExecutionMode.STREAMING, Duration.ofSeconds(1), null,
                    dir.resolve("checkpoints"));
            new VigilJob(Wiring.kafka(config, OffsetsInitializer.latest()), Wiring.sinks(config, dir.resolve("history").toString()), config)
                    .build(env);
            env.execute("vigil secrets it");
        } finally {
            root.removeAppender("secrets-it");
            root.setLevel(before);
            context.updateLoggers();
            appender.stop();
        }
        String logged = logs.toString();
        // The logs were captured: the Kafka clients logged their configuration, the webhook its failure.
        assertThat(logged).contains("ssl.truststore.password = [hidden]").contains("did not accept alert");
        assertThat(logged).doesNotContain("truststore-s3cret-99").doesNotContain("hook-s3cret-77");
    }
}
