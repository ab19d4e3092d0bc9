package dev.vigil.decode.otlp;

import dev.vigil.decode.DecodeException;
import dev.vigil.decode.Decoder;
import dev.vigil.decode.DecoderOptions;
import dev.vigil.decode.EventCollector;

/**
 * Reads OTLP/JSON records, as the OpenTelemetry Collector's Kafka exporter writes them with
 * {@code encoding: otlp_json}: one {@code LogsData} ({@code {"resourceLogs":[...]}}) or
 * {@code MetricsData} ({@code {"resourceMetrics":[...]}}) object per record. Traces are not read (a
 * {@code resourceSpans} record is rejected as neither).
 *
 * <p>The JSON is read into the OTLP protobuf messages ({@link OtlpJsonReader}) and mapped by the one
 * mapping that {@code otlp-proto} uses too ({@link OtlpMapper}), so both encodings give the same events
 * for the same content. A record maps whole or is rejected whole.
 */
public final class OtlpJsonDecoder implements Decoder {
    public static final String NAME = "otlp-json";

    private final OtlpMapper mapper;

    public OtlpJsonDecoder(DecoderOptions options) {
        this.mapper = new OtlpMapper(options);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public java.util.Set<String> emits() {
        return OtlpMapper.emits();
    }

    @Override
    public void decode(String text, long receivedAt, EventCollector out) throws DecodeException {
        mapper.map(OtlpJsonReader.read(text), receivedAt, out);
    }
}
