package dev.vigil.jobs.kafka;

import dev.vigil.simulate.FleetSimulator;
import dev.vigil.simulate.SimRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Publishes a simulated fleet to Kafka as agents would: metrics to the metrics topic, syslog lines to
 * the logs topic, keyed by host, each record stamped with its event time.
 */
public final class FleetPublisher {
    private FleetPublisher() {}

    /** Counts of what was sent, per stream. */
    public record Sent(long metrics, long logs, long extra) {
        public long total() {
            return metrics + logs + extra;
        }
    }

    public static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config);
    }

    /** Sends every record of the simulation and waits until the broker has them all. */
    public static Sent publish(FleetSimulator simulator, KafkaProducer<String, byte[]> producer, String metricsTopic, String logsTopic) {
        long[] counts = new long[2];
        simulator.run(r -> {
            boolean metric = r.stream().equals(SimRecord.METRICS);
            counts[metric ? 0 : 1]++;
            producer.send(new ProducerRecord<>(metric ? metricsTopic : logsTopic, null, r.time(), r.host(),
                    r.text().getBytes(StandardCharsets.UTF_8)));
        });
        producer.flush();
        return new Sent(counts[0], counts[1], 0);
    }
}
