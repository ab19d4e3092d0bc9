package dev.vigil.jobs.ingest;

import dev.vigil.decode.RecordDecoder;
import dev.vigil.ingest.OffsetGaps;
import dev.vigil.model.Gap;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Decodes Kafka records inside the source, so that event-time watermarks are tracked per partition.
 * One per stream's source: its topics all map to the stream's decoder; the record's timestamp is the
 * receive time.
 * It never throws for a record's content: what cannot be read is emitted as a dead-letter envelope.
 * It also watches each partition's offsets for records the broker deleted before they were read
 * ({@link OffsetGaps}): those are logged, counted ({@code recordsLost}) and emitted as gap envelopes.
 *
 * <p>Metrics, in group {@code vigil} of each Kafka source (one source per stream, so per stream and
 * decoder): {@code recordsIn}, {@code decodeNanos} (time spent decoding), the rows and dead letters of
 * {@link EnvelopeOutput}, {@code recordsLost}, {@code gaps} and {@code offsetJumpsUnexplained}.
 */
public final class KafkaEnvelopeDeserializer implements KafkaRecordDeserializationSchema<Envelope> {
    private static final long serialVersionUID = 2L;
    private static final Logger LOG = LoggerFactory.getLogger(KafkaEnvelopeDeserializer.class);
    /** Each partition asks the broker about offset jumps at most this often. */
    private static final long GAP_CHECK_NANOS = 1_000_000_000L;

    /** Topic to the ingest settings of its stream. */
    private final Map<String, IngestSettings> byTopic;
    /** Kafka client properties (with bootstrap.servers) for the offset lookups; null: no gap detection. */
    private final Map<String, String> kafkaProperties;
    private final String groupId;
    private final boolean checkResume;
    /** Per topic, everything a record needs: one lookup per record. */
    private transient Map<String, TopicInput> inputs;
    private transient EnvelopeOutput output;
    private transient OffsetGaps gaps;
    private transient Collector<Envelope> current;
    private transient Counter recordsIn;
    private transient Counter decodeNanos;
    private transient Counter recordsLost;
    private transient Counter gapsFound;
    private transient Counter jumpsUnexplained;

    /** A deserializer without gap detection (tests that feed records by hand). */
    public KafkaEnvelopeDeserializer(Map<String, IngestSettings> byTopic) {
        this(byTopic, null, null, false);
    }

    /**
     * @param kafkaProperties client properties for the broker lookups of gap detection, with bootstrap.servers;
     *                        values may use Kafka config providers, resolved where the lookups run
     * @param groupId         the consumer group whose committed offsets a restore resumes from
     * @param checkResume     whether a partition's first offset after a (re)start is compared with the group's
     *                        committed offset: not when the job starts at the latest offsets, where skipping
     *                        from an old committed offset to the end is what was asked for
     */
    public KafkaEnvelopeDeserializer(Map<String, IngestSettings> byTopic, Map<String, String> kafkaProperties, String groupId,
                                     boolean checkResume) {
        this.byTopic = new HashMap<>(byTopic);
        this.kafkaProperties = kafkaProperties == null ? null : new HashMap<>(kafkaProperties);
        this.groupId = groupId;
        this.checkResume = checkResume;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        inputs = new HashMap<>();
        List<String> topics = new ArrayList<>(byTopic.keySet());
        for (int i = 0; i < topics.size(); i++) {
            IngestSettings settings = byTopic.get(topics.get(i));
            inputs.put(topics.get(i), new TopicInput(i, settings.stream(), settings.newDecoder()));
        }
        MetricGroup metrics = context.getMetricGroup().addGroup("vigil");
        output = new EnvelopeOutput(metrics);
        recordsIn = metrics.counter("recordsIn");
        decodeNanos = metrics.counter("decodeNanos");
        recordsLost = metrics.counter("recordsLost");
        gapsFound = metrics.counter("gaps");
        jumpsUnexplained = metrics.counter("offsetJumpsUnexplained");
        if (kafkaProperties != null) {
            Properties props = new Properties();
            props.putAll(kafkaProperties);
            gaps = new OffsetGaps(KafkaOffsetLookup.open(props, groupId, context.getUserCodeClassLoader()), new GapListener(),
                    GAP_CHECK_NANOS, checkResume);
        }
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Envelope> out) {
        TopicInput in = inputs.get(record.topic());
        // Records written by old clients may carry no timestamp (-1): then the receive time is now.
        long receivedAt = record.timestamp() >= 0 ? record.timestamp() : System.currentTimeMillis();
        if (gaps != null) {
            current = out;
            gaps.offset(in.id(), record.topic(), in.stream(), record.partition(), record.offset(), receivedAt, System.nanoTime());
        }
        long started = System.nanoTime();
        in.decoder().decode(record.value(), record.topic(), record.partition(), record.offset(), receivedAt, output.to(out));
        decodeNanos.inc(System.nanoTime() - started);
        recordsIn.inc();
    }

    @Override
    public TypeInformation<Envelope> getProducedType() {
        return TypeInformation.of(Envelope.class);
    }

    /** A topic of this source: its index (for {@link OffsetGaps}), its stream and its decoder. */
    private record TopicInput(int id, String stream, RecordDecoder decoder) {}

    private final class GapListener implements OffsetGaps.Listener {
        @Override
        public void gap(Gap gap) {
            LOG.warn("{} records of {}-{} were deleted by the broker before they were read: {}", gap.missing(), gap.topic(),
                    gap.partition(), gap.reason());
            recordsLost.inc(gap.missing());
            gapsFound.inc();
            current.collect(Envelope.of(gap));
        }

        @Override
        public void unexplained(String topic, int partition, long from, long to, Exception cause) {
            LOG.warn("offsets of {}-{} jumped ({} to {}) and the broker could not be asked whether records were deleted: {}",
                    topic, partition, from, to, cause.toString());
            jumpsUnexplained.inc();
        }
    }
}
