package dev.vigil.jobs.sources;

import dev.vigil.decode.RecordDecoder;
import dev.vigil.jobs.types.Envelope;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.HashMap;
import java.util.Map;

/**
 * Decodes Kafka records inside the source, so that event-time watermarks are tracked per partition.
 * One per stream's source: its topics all map to the stream's decoder; the record's timestamp is the
 * receive time.
 * It never throws for a record's content: what cannot be read is emitted as a dead-letter envelope.
 */
public final class KafkaEnvelopeDeserializer implements KafkaRecordDeserializationSchema<Envelope> {
    private static final long serialVersionUID = 1L;
    /** Topic to the ingest settings of its stream. */
    private final Map<String, IngestSettings> byTopic;
    private transient Map<String, RecordDecoder> decoders;
    private transient EnvelopeOutput output;

    public KafkaEnvelopeDeserializer(Map<String, IngestSettings> byTopic) {
        this.byTopic = new HashMap<>(byTopic);
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        decoders = new HashMap<>();
        for (Map.Entry<String, IngestSettings> e : byTopic.entrySet()) {
            decoders.put(e.getKey(), e.getValue().newDecoder());
        }
        output = new EnvelopeOutput();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Envelope> out) {
        RecordDecoder decoder = decoders.get(record.topic());
        // Records written by old clients may carry no timestamp (-1): then the receive time is now.
        long receivedAt = record.timestamp() >= 0 ? record.timestamp() : System.currentTimeMillis();
        decoder.decode(record.value(), record.topic(), record.partition(), record.offset(), receivedAt, output.to(out));
    }

    @Override
    public TypeInformation<Envelope> getProducedType() {
        return TypeInformation.of(Envelope.class);
    }
}
