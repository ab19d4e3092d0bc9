package dev.vigil.jobs.cli;

import dev.vigil.jobs.kafka.EmbeddedKafka;
import dev.vigil.jobs.kafka.FleetPublisher;
import dev.vigil.simulate.FleetSimulator;
import org.apache.flink.util.TimeUtils;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code vigil kafka}: a local Kafka broker (KRaft, 127.0.0.1) with Vigil's topics, optionally filled with
 * a simulated fleet, kept up until interrupted or for {@code --hold}: something real for `vigil run` or a
 * Flink cluster to read. With {@code --port} and {@code --log-dir} it can be stopped and started again
 * with what it held (the chaos suite's broker outage). {@code vigil kafka dump} prints a topic.
 */
@Command(name = "kafka", mixinStandardHelpOptions = true,
        description = {"Start a local Kafka broker (KRaft, 127.0.0.1) with the topics vigil.metrics, vigil.logs,",
            "vigil.security and vigil.alerts, optionally publish a simulated fleet, and keep it up until interrupted."},
        subcommands = KafkaCommand.Dump.class)
public final class KafkaCommand implements Callable<Integer> {
    static final String ALERTS_TOPIC = "vigil.alerts";

    @Option(names = "--simulate", description = "Publish a simulated fleet (see --hosts, --duration, --seed).")
    boolean simulate;

    @picocli.CommandLine.Mixin
    SimulationOptions simulation;

    @Option(names = "--hold", description = "Stop after this long (default: until interrupted), e.g. 10m.")
    String hold;

    @Option(names = "--broken", description = "Also publish a handful of records no decoder can read (dead letters).")
    boolean broken;

    @Option(names = "--port", defaultValue = "0",
            description = "Broker port (the controller takes the next one); default: free ports.")
    int port;

    @Option(names = "--log-dir", description = "Keep the broker's log in this folder, to start it again with what it held "
            + "(default: a temporary folder deleted at exit).")
    Path logDir;

    @Override
    public Integer call() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Duration.ofSeconds(60), logDir, port)) {
            kafka.createTopics(2, DemoCommand.METRICS_TOPIC, DemoCommand.LOGS_TOPIC, DemoCommand.SECURITY_TOPIC, ALERTS_TOPIC);
            if (simulate) {
                FleetSimulator sim = new FleetSimulator(simulation.config());
                try (KafkaProducer<String, byte[]> producer = FleetPublisher.producer(kafka.bootstrapServers())) {
                    FleetPublisher.Sent sent = FleetPublisher.publish(sim, producer, DemoCommand.METRICS_TOPIC, DemoCommand.LOGS_TOPIC);
                    System.out.printf("published %,d metric samples and %,d log lines%n", sent.metrics(), sent.logs());
                    if (broken) {
                        int n = DemoCommand.publishBrokenRecords(producer, simulation.config().start().toEpochMilli());
                        System.out.printf("published %d broken records%n", n);
                    }
                }
            }
            System.out.println("bootstrap.servers=" + kafka.bootstrapServers());
            System.out.flush();
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            if (hold == null) {
                stop.await();
            } else {
                stop.await(TimeUtils.parseDuration(hold).toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        return 0;
    }

    /** Prints a topic's committed records (read_committed), one value per line, until it has been quiet a while. */
    @Command(name = "dump", mixinStandardHelpOptions = true,
            description = "Print the committed records of a topic, one value per line, from the beginning, and stop "
                    + "once no record has come for --quiet.")
    static final class Dump implements Callable<Integer> {
        @Option(names = "--bootstrap-servers", required = true, description = "The broker, e.g. 127.0.0.1:9092.")
        String bootstrap;

        @Option(names = "--topic", required = true, description = "The topic to print.")
        String topic;

        @Option(names = "--quiet", defaultValue = "5s", description = "Stop after this long without a record (default: ${DEFAULT-VALUE}).")
        String quiet;

        @Override
        public Integer call() {
            long quietNanos = TimeUtils.parseDuration(quiet).toNanos();
            Map<String, Object> props = Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.GROUP_ID_CONFIG, "vigil-dump-" + System.nanoTime(),
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
                consumer.subscribe(List.of(topic));
                long last = System.nanoTime();
                while (System.nanoTime() - last < quietNanos) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        System.out.println(new String(r.value(), StandardCharsets.UTF_8));
                        last = System.nanoTime();
                    }
                }
            }
            return 0;
        }
    }
}
