package dev.vigil.jobs.cli;

import dev.vigil.jobs.VigilJob;
import dev.vigil.jobs.Wiring;
import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.config.VigilOptions;
import dev.vigil.jobs.kafka.EmbeddedKafka;
import dev.vigil.jobs.kafka.FleetPublisher;
import dev.vigil.jobs.runtime.LocalFlink;
import dev.vigil.simulate.FleetSimulator;
import dev.vigil.simulate.GroundTruth;
import dev.vigil.simulate.SimulatorConfig;
import dev.vigil.sql.HistoryQuery;
import dev.vigil.sql.ResultFormatter;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code vigil demo}: a real Kafka broker and the job on a MiniCluster, fed a simulated fleet with
 * injected incidents (and a few broken records), printing alerts as they fire; then a summary and two
 * queries over the history it wrote.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start an embedded Kafka broker (KRaft, 127.0.0.1) and the job on a local MiniCluster,",
            "publish a simulated fleet, print alerts as they fire, and query the history written under --data."})
public final class DemoCommand implements Callable<Integer> {
    static final String METRICS_TOPIC = "vigil.metrics";
    static final String LOGS_TOPIC = "vigil.logs";
    static final String SECURITY_TOPIC = "vigil.security";

    @Mixin
    SimulationOptions simulation;

    @Option(names = "--data", defaultValue = "./vigil-data", description = "Where history and alerts go (default: ${DEFAULT-VALUE}).")
    Path data;

    @Mixin
    ConfigMixin configMixin;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        Path history = data.resolve("history");
        Path alerts = data.resolve("alerts.jsonl");
        Output.deleteTree(history);
        Files.deleteIfExists(alerts);
        Files.createDirectories(data);

        System.out.println("== starting Kafka (KRaft, 127.0.0.1)");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Duration.ofSeconds(60))) {
            System.out.printf("   broker at %s (%.1f s)%n", kafka.bootstrapServers(), seconds(started));
            kafka.createTopics(2, METRICS_TOPIC, LOGS_TOPIC, SECURITY_TOPIC);

            SimulatorConfig simConfig = simulation.config();
            FleetSimulator sim = new FleetSimulator(simConfig);
            GroundTruth.write(data.resolve("ground_truth.json"), simConfig, sim.scenarios());
            System.out.printf("== publishing a simulated fleet: %d hosts, %s, %d injected incidents%n", simConfig.hosts(), simulation.duration, sim.scenarios().size());
            long published = System.nanoTime();
            FleetPublisher.Sent sent;
            try (KafkaProducer<String, byte[]> producer = FleetPublisher.producer(kafka.bootstrapServers())) {
                sent = FleetPublisher.publish(sim, producer, METRICS_TOPIC, LOGS_TOPIC);
                int broken = publishBrokenRecords(producer, simConfig.start().toEpochMilli());
                sent = new FleetPublisher.Sent(sent.metrics(), sent.logs(), broken);
            }
            System.out.printf("   %,d metric samples, %,d log lines, %d broken records (%.1f s)%n",
                    sent.metrics(), sent.logs(), sent.extra(), seconds(published));

            VigilConfig config = configMixin.load(demoDefaults(kafka.bootstrapServers(), history, alerts));
            System.out.println("== running the Vigil job on a local MiniCluster; alerts as they fire:");
            long jobStarted = System.nanoTime();
            StreamExecutionEnvironment env = LocalFlink.environment(config.get(VigilOptions.PARALLELISM),
                    RuntimeExecutionMode.STREAMING, config.get(VigilOptions.CHECKPOINT_INTERVAL), Duration.ofSeconds(3),
                    history.resolveSibling("checkpoints"));
            // Bounded: the job reads what was published and ends, committing history on its final checkpoint.
            new VigilJob(Wiring.kafka(config, OffsetsInitializer.latest()), Wiring.sinks(config, history.toString()), config).build(env);
            env.execute("vigil demo");
            double jobSeconds = seconds(jobStarted);
            System.out.printf("== job finished in %.1f s: %,.0f records/s end to end%n", jobSeconds, sent.total() / jobSeconds);
        }
        Output.sortLines(alerts);

        try (HistoryQuery q = new HistoryQuery(history)) {
            System.out.println("== history under " + history);
            System.out.print(Output.summary(q));
            String q1 = "SELECT action, count(*) AS events, count(DISTINCT source_ip) AS sources FROM security_events GROUP BY action ORDER BY events DESC LIMIT 8";
            System.out.println("\n$ vigil sql --history " + history + " \"" + q1 + "\"");
            System.out.print(ResultFormatter.format(q.query(q1), ResultFormatter.Format.TABLE));
            String q2 = "SELECT first_time, level, title, group_key, event_count FROM incidents WHERE status = 'closed' ORDER BY first_time";
            System.out.println("\n$ vigil sql --history " + history + " \"" + q2 + "\"");
            System.out.print(ResultFormatter.format(q.query(q2), ResultFormatter.Format.TABLE));
        }
        System.out.printf("%n== demo done in %.1f s. Ground truth: %s; alerts: %s%n", seconds(started), data.resolve("ground_truth.json"), alerts);
        return 0;
    }

    /** Demo settings: the embedded broker, the demo rules, fast checkpoints; --config and --set still win. */
    private static List<String> demoDefaults(String bootstrap, Path history, Path alerts) {
        return new ArrayList<>(List.of(
                VigilOptions.KAFKA_BOOTSTRAP_SERVERS.key() + "=" + bootstrap,
                VigilOptions.KAFKA_GROUP_ID.key() + "=vigil-demo",
                VigilOptions.KAFKA_STARTING_OFFSETS.key() + "=earliest",
                VigilOptions.HISTORY_PATH.key() + "=" + history,
                VigilOptions.ALERTS_JSONL.key() + "=" + alerts,
                VigilOptions.CHECKPOINT_INTERVAL.key() + "=2s"));
    }

    /** A handful of records no decoder can read, to show that they land in dead_letters and nothing stops. */
    static int publishBrokenRecords(KafkaProducer<String, byte[]> producer, long time) {
        List<byte[]> broken = List.of(
                "{\"timestamp\":\"2026-11-20T01:00:00Z\",\"value\":\"NaN\",\"name\":\"node_load1\",\"labels\":{\"instance\":\"web-1:9100\"}}".getBytes(StandardCharsets.UTF_8),
                "{\"timestamp\": \"2026-11-20T01:00:00Z\", \"value\": ".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x41, (byte) 0xc3},
                "<13>Nov 20 01:00:00 web-1 sshd[1]: \0 nul inside".getBytes(StandardCharsets.UTF_8),
                "this line is no syslog".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < broken.size(); i++) {
            producer.send(new ProducerRecord<>(i < 2 ? METRICS_TOPIC : LOGS_TOPIC, null, time, "broken", broken.get(i)));
        }
        producer.flush();
        return broken.size();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
