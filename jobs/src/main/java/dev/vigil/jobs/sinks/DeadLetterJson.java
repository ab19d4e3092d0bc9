package dev.vigil.jobs.sinks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.model.DeadLetter;
import org.apache.flink.api.common.serialization.SerializationSchema;

import java.time.Instant;

/** A dead letter as a JSON object, for the optional dead-letter Kafka topic. */
public final class DeadLetterJson implements SerializationSchema<DeadLetter> {
    private static final long serialVersionUID = 1L;
    private transient ObjectMapper mapper;

    @Override
    public byte[] serialize(DeadLetter d) {
        if (mapper == null) {
            mapper = new ObjectMapper();
        }
        ObjectNode n = mapper.createObjectNode();
        n.put("time", Instant.ofEpochMilli(d.time()).toString());
        n.put("stream", d.stream());
        n.put("format", d.format());
        n.put("source", d.source());
        if (d.partition() != null) {
            n.put("partition", d.partition());
        }
        n.put("offset", d.offset());
        n.put("reason", d.reason());
        n.put("raw_text", d.rawText());
        n.put("raw_base64", d.rawBase64());
        n.put("raw_bytes", d.rawBytes());
        try {
            return mapper.writeValueAsBytes(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot happen: a tree of strings always serialises", e);
        }
    }
}
