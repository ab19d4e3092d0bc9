package dev.vigil.jobs;

import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.kafka.EmbeddedKafka;
import dev.vigil.jobs.kafka.FleetPublisher;
import dev.vigil.simulate.FleetSimulator;
import dev.vigil.simulate.SimRecord;
import dev.vigil.simulate.SimulatorConfig;
import dev.vigil.sql.HistoryQuery;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upgrades keep their state: a savepoint written by the release (checked in under
 * src/test/resources/savepoints/0.1.0) restores into this build, which goes on exactly at the Kafka
 * offsets the savepoint holds and raises, after the cut, the same incidents and threshold alerts as an
 * uninterrupted run of the same records (open incidents, correlation windows and alert episodes that
 * began before the cut survive: without them the restored run would open them a second time).
 *
 * <p>The fixture is rewritten only on purpose, by the release that writes it:
 * {@code mvn -B verify -pl jobs -Dit.test=SavepointUpgradeITCase -Dvigil.savepoint.write=$PWD/jobs/src/test/resources/savepoints/0.1.0}.
 */
class SavepointUpgradeITCase {
    static final Path FIXTURE = Path.of("src", "test", "resources", "savepoints", "0.1.0");
    /** Four hours of two hosts with their injected incidents; the savepoint is taken after the first two. */
    static final SimulatorConfig FLEET = new SimulatorConfig(2, SimulatorConfig.DEFAULT_START, Duration.ofHours(4), Duration.ofSeconds(60), 11);
    static final long CUT = FLEET.start().plus(Duration.ofHours(2)).toEpochMilli();
    private static final String METRICS = "sp.metrics";
    private static final String LOGS = "sp.logs";

    @TempDir
    Path dir;

    private static List<SimRecord> records(boolean beforeCut) {
        List<SimRecord> out = new ArrayList<>();
        new FleetSimulator(FLEET).run(r -> {
            // The release's fleet had no auditd records (the simulator gained them later): without them the
            // records land on the offsets the savepoint holds.
            if ((r.time() < CUT) == beforeCut && !r.text().startsWith("node=")) {
                out.add(r);
            }
        });
        return out;
    }

    /** Publishes in the simulator's order, keyed by host: the same records always get the same offsets. */
    private static void publish(EmbeddedKafka kafka, List<SimRecord> records) {
        try (KafkaProducer<String, byte[]> producer = FleetPublisher.producer(kafka.bootstrapServers())) {
            for (SimRecord r : records) {
                producer.send(new ProducerRecord<>(r.stream().equals(SimRecord.METRICS) ? METRICS : LOGS, null, r.time(), r.host(),
                        r.text().getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    private static VigilConfig config(EmbeddedKafka kafka) throws Exception {
        return VigilConfig.load(Path.of("..", "config", "vigil.yaml"), List.of(
                "kafka.bootstrap-servers=" + kafka.bootstrapServers(), "kafka.group-id=sp", "kafka.starting-offsets=earliest",
                "kafka.topics.metrics=" + METRICS, "kafka.topics.logs=" + LOGS, "kafka.topics.security=",
                "watermark.out-of-orderness=1m", "alerts.console=false"));
    }

    private static StreamExecutionEnvironment environment(Path checkpoints, Path savepoint) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint.toUri().toString());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        env.enableCheckpointing(1000);
        return env;
    }

    private static long scalar(Path history, String sql) throws Exception {
        try (HistoryQuery q = new HistoryQuery(history)) {
            return ((Number) q.query(sql).scalar()).longValue();
        }
    }

    private static List<List<Object>> rows(Path history, String sql) throws Exception {
        try (HistoryQuery q = new HistoryQuery(history)) {
            return q.query(sql).rows();
        }
    }

    private static long metrics(List<SimRecord> records) {
        return records.stream().filter(r -> r.stream().equals(SimRecord.METRICS)).count();
    }

    @Test
    @EnabledIfSystemProperty(named = "vigil.savepoint.write", matches = ".+")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void writeTheReleasesSavepoint() throws Exception {
        Path target = Path.of(System.getProperty("vigil.savepoint.write"));
        List<SimRecord> before = records(true);
        Path history = dir.resolve("history");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Duration.ofSeconds(60))) {
            kafka.createTopics(2, METRICS, LOGS);
            publish(kafka, before);
            VigilConfig config = config(kafka);
            StreamExecutionEnvironment env = environment(dir.resolve("checkpoints"), null);
            new VigilJob(Wiring.kafka(config, null), Wiring.sinks(config, history.toString()), config).build(env);
            JobClient job = env.executeAsync("vigil savepoint fixture");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline && (!Files.exists(history.resolve("events"))
                    || scalar(history, "SELECT count(*) FROM metrics") < metrics(before))) {
                Thread.sleep(1000);
            }
            assertThat(scalar(history, "SELECT count(*) FROM metrics")).isEqualTo(metrics(before));
            String savepoint = job.stopWithSavepoint(false, dir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(2, TimeUnit.MINUTES);
            deleteTree(target);
            Files.createDirectories(target);
            Path from = Path.of(java.net.URI.create(savepoint));
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : files.toList()) {
                    Path to = target.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Properties about = new Properties();
            about.setProperty("written-by", "vigil 0.1.0 (" + Instant.now() + ")");
            about.setProperty("metrics-before-cut", Long.toString(metrics(before)));
            try (var out = Files.newBufferedWriter(target.resolve("fixture.properties"))) {
                about.store(out, "SavepointUpgradeITCase fixture: a stop-with-savepoint after the first two hours of FLEET");
            }
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void theReleasesSavepointRestoresAndTheJobGoesOnWhereItStopped() throws Exception {
        assertThat(FIXTURE.resolve("_metadata")).as("the checked-in savepoint").exists();
        List<SimRecord> before = records(true);
        List<SimRecord> after = records(false);
        Path restored = dir.resolve("restored");
        Path whole = dir.resolve("whole");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Duration.ofSeconds(60))) {
            kafka.createTopics(2, METRICS, LOGS);
            publish(kafka, before);
            publish(kafka, after);
            VigilConfig config = config(kafka);
            // This build, restored from the release's savepoint. Its Kafka splits keep the savepoint's
            // (unbounded) stopping offsets, so it runs until every record is in and is then cancelled.
            StreamExecutionEnvironment env = environment(dir.resolve("cp-restored"), FIXTURE.toAbsolutePath());
            new VigilJob(Wiring.kafka(config, null), Wiring.sinks(config, restored.toString()), config).build(env);
            JobClient job = env.executeAsync("vigil restored");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline && (!Files.exists(restored.resolve("events"))
                    || scalar(restored, "SELECT count(*) FROM metrics") < metrics(after))) {
                assertThat(job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()).as("the restored job runs").isFalse();
                Thread.sleep(1000);
            }
            // A few more checkpoints commit what the last records raised.
            Thread.sleep(5000);
            job.cancel().get(1, TimeUnit.MINUTES);
            // The same records in one uninterrupted run, for reference.
            StreamExecutionEnvironment env2 = environment(dir.resolve("cp-whole"), null);
            new VigilJob(Wiring.kafka(config, OffsetsInitializer.latest()), Wiring.sinks(config, whole.toString()), config).build(env2);
            env2.execute("vigil uninterrupted");
        }
        // Exactly at the savepoint's offsets: every record after the cut once, none before it again.
        assertThat(scalar(restored, "SELECT count(*) FROM metrics")).isEqualTo(metrics(after));
        assertThat(scalar(restored, "SELECT count(*) FROM metrics WHERE epoch_ms(time) < " + CUT)).isZero();
        assertThat(scalar(restored, "SELECT count(*) FROM logs"))
                .isEqualTo(scalar(whole, "SELECT count(*) FROM logs WHERE epoch_ms(time) >= " + CUT));
        // State that began before the cut survived: what the restored job raised after the cut is what the
        // uninterrupted run raised after it (incident openings and closings, threshold alert changes), up
        // to half an hour before the last record, which the restored job (never at the end of its input)
        // has not yet passed with its watermark.
        long settled = FLEET.start().plus(FLEET.duration()).minus(Duration.ofMinutes(30)).toEpochMilli();
        String window = " WHERE epoch_ms(time) >= " + CUT + " AND epoch_ms(time) < " + settled;
        String incidents = "SELECT status, rule_id, group_key::VARCHAR, epoch_ms(first_time) FROM incidents" + window + " ORDER BY ALL";
        String alerts = "SELECT status, alertname, fingerprint, epoch_ms(starts_at) FROM alerts" + window
                + " AND generator_url LIKE '%/rules/%' ORDER BY ALL";
        assertThat(rows(whole, incidents)).isNotEmpty();
        assertThat(rows(restored, incidents)).isEqualTo(rows(whole, incidents));
        assertThat(rows(restored, alerts)).isEqualTo(rows(whole, alerts));
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> files = Files.walk(p)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
