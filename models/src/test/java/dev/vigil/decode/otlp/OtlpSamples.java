package dev.vigil.decode.otlp;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/** The official OTLP/JSON examples, written on one line as the Collector's Kafka exporter writes records. */
final class OtlpSamples {
    /** A day after the examples' time (2018-12-13T14:51:00.3Z). */
    static final long RECEIVED = Instant.parse("2018-12-14T00:00:00Z").toEpochMilli();

    private OtlpSamples() {}

    static String compact(String name) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        try (InputStream in = OtlpSamples.class.getResourceAsStream("/agents/otlp/" + name)) {
            return mapper.writeValueAsString(mapper.readTree(in));
        }
    }
}
