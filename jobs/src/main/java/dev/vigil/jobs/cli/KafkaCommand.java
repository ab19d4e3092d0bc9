package dev.vigil.jobs.cli;

import dev.vigil.jobs.kafka.EmbeddedKafka;
import dev.vigil.jobs.kafka.FleetPublisher;
import dev.vigil.simulate.FleetSimulator;
import org.apache.flink.util.TimeUtils;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code vigil kafka}: a local Kafka broker (KRaft, 127.0.0.1) with Vigil's topics, optionally filled with
 * a simulated fleet, kept up until interrupted or for {@code --hold}: something real for `vigil run` or a
 * Flink cluster to read.
 */
@Command(name = "kafka", mixinStandardHelpOptions = true,
        description = {"Start a local Kafka broker (KRaft, 127.0.0.1) with the topics vigil.metrics, vigil.logs",
            "and vigil.security, optionally publish a simulated fleet, and keep it up until interrupted."})
public final class KafkaCommand implements Callable<Integer> {
    @Option(names = "--simulate", description = "Publish a simulated fleet (see --hosts, --duration, --seed).")
    boolean simulate;

    @picocli.CommandLine.Mixin
    SimulationOptions simulation;

    @Option(names = "--hold", description = "Stop after this long (default: until interrupted), e.g. 10m.")
    String hold;

    @Override
    public Integer call() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Duration.ofSeconds(60))) {
            kafka.createTopics(2, DemoCommand.METRICS_TOPIC, DemoCommand.LOGS_TOPIC, DemoCommand.SECURITY_TOPIC);
            if (simulate) {
                FleetSimulator sim = new FleetSimulator(simulation.config());
                try (KafkaProducer<String, byte[]> producer = FleetPublisher.producer(kafka.bootstrapServers())) {
                    FleetPublisher.Sent sent = FleetPublisher.publish(sim, producer, DemoCommand.METRICS_TOPIC, DemoCommand.LOGS_TOPIC);
                    System.out.printf("published %,d metric samples and %,d log lines%n", sent.metrics(), sent.logs());
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
}
