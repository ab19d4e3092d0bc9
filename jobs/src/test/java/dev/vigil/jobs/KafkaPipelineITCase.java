package dev.vigil.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alert.Fingerprint;
import dev.vigil.decode.CollectingOutput;
import dev.vigil.decode.DecoderOptions;
import dev.vigil.decode.Decoders;
import dev.vigil.decode.RecordDecoder;
import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.config.VigilOptions;
import dev.vigil.jobs.kafka.EmbeddedKafka;
import dev.vigil.jobs.kafka.FleetPublisher;
import dev.vigil.jobs.runtime.LocalFlink;
import dev.vigil.jobs.testing.WebhookReceiver;
import dev.vigil.simulate.FleetSimulator;
import dev.vigil.simulate.Scenario;
import dev.vigil.simulate.SimRecord;
import dev.vigil.simulate.SimulatorConfig;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path on real parts: a simulated fleet produced, out of order, to a real Kafka broker; the
 * job on a MiniCluster at parallelism 2; Parquet history committed by checkpoints and read by DuckDB;
 * the threshold alert delivered to a webhook receiver on loopback.
 */
class KafkaPipelineITCase {
    private static final String METRICS = "it.metrics";
    private static final String LOGS = "it.logs";
    private static final String SECURITY = "it.security";
    private static final String DEAD = "it.dead-letters";
    private static final String ALERTS = "it.alerts";

    @TempDir
    Path dir;

    /** Reads a topic from the beginning until {@code expected} records or 30 s. */
    private static List<JsonNode> consumeAll(String bootstrap, String topic, int expected) throws Exception {
        Map<String, Object> props = Map.of(
                org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_ID_CONFIG, "it-dlq",
                org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                org.apache.kafka.clients.consumer.ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArrayDeserializer.class,
                org.apache.kafka.clients.consumer.ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
        List<JsonNode> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (out.size() < expected && System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    out.add(json.readTree(r.value()));
                }
            }
        }
        return out;
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void simulatedFleetFromKafkaEndsUpInHistoryAndAlertsReachTheWebhook() throws Exception {
        SimulatorConfig simConfig = new SimulatorConfig(3, SimulatorConfig.DEFAULT_START, Duration.ofHours(6), Duration.ofSeconds(60), 5);
        FleetSimulator sim = new FleetSimulator(simConfig);
        List<SimRecord> records = new ArrayList<>();
        sim.run(records::add);
        // Deliberately out of order: shuffle within blocks of 25 records (about a minute of data).
        Random rnd = new Random(3);
        for (int i = 0; i < records.size(); i += 25) {
            Collections.shuffle(records.subList(i, Math.min(records.size(), i + 25)), rnd);
        }
        List<byte[]> brokenMetrics = List.of("{\"timestamp\":\"2026-11-20T01:00:00Z\",\"value\":\"+Inf\",\"name\":\"x\",\"labels\":{\"instance\":\"a:1\"}}"
                .getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xc3, 0x28});
        List<byte[]> brokenLogs = List.of("garbage".getBytes(StandardCharsets.UTF_8),
                "<13>Nov 20 01:00:00 h sshd[1]: \0".getBytes(StandardCharsets.UTF_8),
                "{\"kind\":\"log\",\"time\":\"2099-01-01T00:00:00Z\",\"host\":\"h\",\"message\":\"future\"}".getBytes(StandardCharsets.UTF_8));

        // What the job must produce, from the same decoder over the same records.
        CollectingOutput expected = new CollectingOutput();
        RecordDecoder decoder = new RecordDecoder(Decoders.create("auto", DecoderOptions.defaults()), "all", 1 << 18);
        for (SimRecord r : records) {
            decoder.decode(r.text().getBytes(StandardCharsets.UTF_8), "x", 0, 0, r.time(), expected);
        }
        assertThat(expected.deadLetters).isEmpty();

        Path history = dir.resolve("history");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Duration.ofSeconds(60));
             WebhookReceiver webhook = new WebhookReceiver()) {
            kafka.createTopics(2, METRICS, LOGS, SECURITY, DEAD, ALERTS);
            try (KafkaProducer<String, byte[]> producer = FleetPublisher.producer(kafka.bootstrapServers())) {
                for (SimRecord r : records) {
                    producer.send(new ProducerRecord<>(r.stream().equals(SimRecord.METRICS) ? METRICS : LOGS, null, r.time(), r.host(),
                            r.text().getBytes(StandardCharsets.UTF_8)));
                }
                long t = simConfig.start().toEpochMilli();
                brokenMetrics.forEach(b -> producer.send(new ProducerRecord<>(METRICS, null, t, "broken", b)));
                brokenLogs.forEach(b -> producer.send(new ProducerRecord<>(LOGS, null, t, "broken", b)));
                producer.flush();
            }

            VigilConfig config = VigilConfig.load(Path.of("..", "config", "vigil.yaml"), List.of(
                    "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                    "kafka.group-id=it", "kafka.starting-offsets=earliest",
                    "kafka.topics.metrics=" + METRICS, "kafka.topics.logs=" + LOGS, "kafka.topics.security=" + SECURITY,
                    "kafka.topics.dead-letters=" + DEAD,
                    "kafka.topics.alerts=" + ALERTS,
                    "watermark.out-of-orderness=3m",
                    "alerts.console=false",
                    "alerts.webhook.url=" + webhook.url(),
                    "alerts.jsonl=" + dir.resolve("alerts.jsonl")));
            StreamExecutionEnvironment env = LocalFlink.environment(2, RuntimeExecutionMode.STREAMING, Duration.ofSeconds(1), null, dir.resolve("checkpoints"));
            new VigilJob(Wiring.kafka(config, OffsetsInitializer.latest()), Wiring.sinks(config, history.toString()), config).build(env);
            env.execute("vigil it");

            // Every part file was committed by a checkpoint: none is left in progress.
            try (Stream<Path> files = Files.walk(history)) {
                assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.contains("inprogress")).toList()).isEmpty();
            }
            try (HistoryQuery q = new HistoryQuery(history)) {
                assertThat(q.query("SELECT count(*) FROM metrics").scalar()).isEqualTo((long) expected.metrics.size());
                assertThat(q.query("SELECT count(*) FROM logs").scalar()).isEqualTo((long) expected.logs.size());
                // Decoded events, and one process_exec the job assembled from each execve's audit records.
                long execs = expected.security.stream().filter(e -> "EXECVE".equals(e.attributes().get("auditd.type"))).count();
                assertThat(execs).isPositive();
                assertThat(q.query("SELECT count(*) FROM security_events").scalar()).isEqualTo(expected.security.size() + execs);
                assertThat(q.query("SELECT count(*) FROM security_events WHERE action = 'process_exec'").scalar()).isEqualTo(execs);
                long produced = records.size() + brokenMetrics.size() + brokenLogs.size();
                long deadLettered = (long) q.query("SELECT count(*) FROM dead_letters").scalar();
                assertThat(deadLettered).isEqualTo(brokenMetrics.size() + brokenLogs.size());
                // Every record is a metric or a log line, except the auditd records, which are security events only.
                long auditRecords = records.stream().filter(r -> r.text().startsWith("node=")).count();
                assertThat(q.query("SELECT count(*) FROM events WHERE kind <> 'security'").scalar())
                        .isEqualTo(produced - deadLettered - auditRecords);
                assertThat(q.query("SELECT count(*) FROM dead_letters WHERE stream = 'metrics' AND source = '" + METRICS + "'").scalar())
                        .isEqualTo((long) brokenMetrics.size());
                assertThat(q.query("SELECT count(*) FROM dead_letters WHERE raw_base64 IS NOT NULL").scalar()).isEqualTo(1L);
                assertThat((String) q.query("SELECT reason FROM dead_letters WHERE raw_text LIKE '%2099%'").scalar())
                        .contains("'time'").contains("ahead of the receive time");

                Scenario disk = sim.scenarios().stream().filter(s -> s.kind().equals("disk_filling")).findFirst().orElseThrow();
                List<List<Object>> fired = q.query("SELECT host, fingerprint FROM alerts WHERE status = 'firing' AND alertname = 'RootFilesystemAlmostFull'").rows();
                assertThat(fired).hasSize(1);
                assertThat(fired.get(0).get(0)).isEqualTo(disk.host());

                // The webhook got the same alert, as Alertmanager's webhook payload.
                ObjectMapper json = new ObjectMapper();
                List<JsonNode> posts = new ArrayList<>();
                for (String body : webhook.bodies()) {
                    posts.add(json.readTree(body));
                }
                long alertsInHistory = (long) q.query("SELECT count(*) FROM alerts").scalar();
                assertThat(posts).hasSize((int) alertsInHistory);
                assertThat(webhook.contentTypes()).allMatch("application/json"::equals);
                JsonNode post = posts.stream().filter(p -> p.at("/alerts/0/labels/alertname").asText().equals("RootFilesystemAlmostFull")
                        && p.get("status").asText().equals("firing")).findFirst().orElseThrow();
                assertThat(post.get("version").asText()).isEqualTo("4");
                assertThat(post.get("receiver").asText()).isEqualTo("vigil");
                assertThat(post.get("groupKey").asText()).isEqualTo("{}:{alertname=\"RootFilesystemAlmostFull\"}");
                JsonNode alert = post.get("alerts").get(0);
                assertThat(alert.at("/labels/host").asText()).isEqualTo(disk.host());
                assertThat(alert.at("/labels/mountpoint").asText()).isEqualTo("/");
                assertThat(alert.get("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
                Map<String, String> labels = new TreeMap<>();
                alert.get("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                assertThat(alert.get("fingerprint").asText()).isEqualTo(Fingerprint.of(labels)).isEqualTo(fired.get(0).get(1));
                assertThat(alert.at("/annotations/summary").asText()).contains(disk.host());
            }
            assertThat(Files.readAllLines(dir.resolve("alerts.jsonl"))).hasSize(webhook.bodies().size());
            // The alert topic, read committed (it is written in transactions): every alert change once.
            List<JsonNode> onTopic = consumeAll(kafka.bootstrapServers(), ALERTS, webhook.bodies().size());
            assertThat(onTopic).hasSize(webhook.bodies().size());
            assertThat(onTopic).allSatisfy(a -> assertThat(a.path("fingerprint").asText()).hasSize(16));
            // Sigma: every injected attack whose logs Vigil reads raised its incident with the right group key,
            // and the incidents at level high or above reached the webhook as alerts.
            try (HistoryQuery q = new HistoryQuery(history)) {
                for (Scenario s : sim.scenarios()) {
                    for (dev.vigil.jobs.cli.EvalScenariosCommand.Expectation e : dev.vigil.jobs.cli.EvalScenariosCommand.expected(s)) {
                        if (!e.table().equals("incidents") || e.rule().equals("vigil_exfiltration")) {
                            continue;
                        }
                        StringBuilder sql = new StringBuilder("SELECT count(*) FROM incidents WHERE status = 'open' AND rule_name = '")
                                .append(e.rule()).append("'");
                        e.group().forEach((k, v) -> sql.append(" AND json_extract_string(group_key, '$.\"").append(k).append("\"') = '").append(v).append("'"));
                        assertThat(q.query(sql.toString()).scalar()).as("%s raises %s %s", s.kind(), e.rule(), e.group()).isEqualTo(1L);
                    }
                }
                Scenario brute = sim.scenarios().stream().filter(s -> s.kind().equals("ssh_brute_force_success")).findFirst().orElseThrow();
                assertThat(webhook.bodies()).anySatisfy(b -> assertThat(b).contains("\"alertname\":\"SSH brute force followed by a login\"")
                        .contains("\"source_ip\":\"" + brute.sourceIp() + "\"").contains("\"severity\":\"critical\""));
                assertThat((String) q.query("SELECT list_extract(tags, 2) FROM incidents WHERE rule_name = 'vigil_ssh_brute_force' LIMIT 1").scalar())
                        .isEqualTo("attack.t1110.001");
            }
            // The dead-letter topic got each dead letter as JSON, too.
            List<JsonNode> dlq = consumeAll(kafka.bootstrapServers(), DEAD, brokenMetrics.size() + brokenLogs.size());
            assertThat(dlq).hasSize(brokenMetrics.size() + brokenLogs.size());
            assertThat(dlq).allSatisfy(d -> assertThat(d.get("reason").asText()).isNotBlank());
            assertThat(dlq).anySatisfy(d -> assertThat(d.get("raw_base64").asText()).isEqualTo("wyg="));
        }
    }
}
