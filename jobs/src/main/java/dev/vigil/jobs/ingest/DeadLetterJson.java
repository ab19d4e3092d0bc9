package dev.vigil.jobs.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.model.DeadLetter;
import org.apache.flink.api.common.serialization.SerializationSchema;

import java.time.Instant;

/**
 * A dead letter as a JSON object, for the optional dead-letter Kafka topic. The raw record is cut to
 * {@link #MAX_RAW_CHARS} characters here ({@code raw_truncated: true}), so an oversized record cannot
 * exceed Kafka's request size and fail the sink; the history keeps it whole.
 */
public final class DeadLetterJson implements SerializationSchema<DeadLetter> {
    private static final long serialVersionUID = 1L;
    static final int MAX_RAW_CHARS = 256 * 1024;
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
        boolean truncated = false;
        String text = d.rawText();
        if (text != null && text.length() > MAX_RAW_CHARS) {
            text = text.substring(0, MAX_RAW_CHARS);
            truncated = true;
        }
        String base64 = d.rawBase64();
        if (base64 != null && base64.length() > MAX_RAW_CHARS) {
            base64 = base64.substring(0, MAX_RAW_CHARS);
            truncated = true;
        }
        n.put("raw_text", text);
        n.put("raw_base64", base64);
        n.put("raw_truncated", truncated);
        n.put("raw_bytes", d.rawBytes());
        try {
            return mapper.writeValueAsBytes(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot happen: a tree of strings always serialises", e);
        }
    }
}
