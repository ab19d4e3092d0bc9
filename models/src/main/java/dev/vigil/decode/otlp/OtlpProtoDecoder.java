package dev.vigil.decode.otlp;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.WireFormat;
import dev.vigil.decode.BinaryDecoder;
import dev.vigil.decode.DecodeException;
import dev.vigil.decode.DecoderOptions;
import dev.vigil.decode.EventCollector;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.LogsData;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.MetricsData;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;

import java.io.IOException;

/**
 * Reads OTLP protobuf records, as the OpenTelemetry Collector's Kafka exporter writes them with
 * {@code encoding: otlp_proto}: one {@code LogsData} or {@code MetricsData} message per record (an
 * {@code ExportLogsServiceRequest} or {@code ExportMetricsServiceRequest} has the same bytes and reads the
 * same). The mapping to events is the one otlp-json uses ({@link OtlpMapper}). Records reach it as bytes
 * ({@link BinaryDecoder}); as text they are refused, since text has lost the bytes.
 *
 * <p><b>Which message a record holds.</b> Protobuf does not say, and both messages put their one field,
 * a repeated message, at number 1; so do the two levels below (resource at 1, scope entries at 2). The
 * difference is in the innermost message: a {@code LogRecord}'s field 1 is {@code time_unix_nano}, a
 * fixed64, while a {@code Metric}'s field 1 is its name, a length-delimited string that every valid metric
 * has. Parsed as the wrong type, that field 1 has the wrong wire type, and protobuf keeps it among the
 * unknown fields instead of failing. So a record is read as LogsData when it parses as LogsData with no
 * unknown top-level field and no log record with an unknown field 1; otherwise as MetricsData under the
 * same rule on metrics; otherwise it is rejected. Unknown fields under other numbers are allowed: newer
 * OTLP versions add fields, and this decoder should read what it knows of them. Which type to try first
 * is guessed from the wire type of field 1 in the first innermost message, so a record is normally parsed
 * once; the rule above, not the guess, decides. An empty message (no resources) is dead-lettered.
 */
public final class OtlpProtoDecoder implements BinaryDecoder {
    public static final String NAME = "otlp-proto";

    private final OtlpMapper mapper;

    public OtlpProtoDecoder(DecoderOptions options) {
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
        throw new DecodeException("otlp-proto records are binary protobuf and must be read as bytes, not as text");
    }

    @Override
    public void decodeBytes(byte[] raw, long receivedAt, EventCollector out) throws DecodeException {
        mapper.map(parse(raw), receivedAt, out);
    }

    /** The record as a {@link LogsData} or {@link MetricsData}, by the rule in the class comment. */
    static Message parse(byte[] raw) throws DecodeException {
        boolean metricsFirst = looksLikeMetrics(raw);
        String firstError = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            boolean metrics = metricsFirst == (attempt == 0);
            try {
                if (metrics) {
                    MetricsData d = MetricsData.parseFrom(raw);
                    if (isMetrics(d)) {
                        return d;
                    }
                } else {
                    LogsData d = LogsData.parseFrom(raw);
                    if (isLogs(d)) {
                        return d;
                    }
                }
            } catch (InvalidProtocolBufferException e) {
                if (firstError == null) {
                    firstError = e.getMessage();
                }
            }
        }
        // Not "record is ...": dead-letter kinds read that as a size problem.
        throw new DecodeException("protobuf record is neither OTLP LogsData nor MetricsData"
                + (firstError == null ? " (its fields do not match either)" : " (" + firstError + ")"));
    }

    private static boolean isLogs(LogsData d) {
        if (!d.getUnknownFields().asMap().isEmpty()) {
            return false;
        }
        for (ResourceLogs rl : d.getResourceLogsList()) {
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                for (LogRecord lr : sl.getLogRecordsList()) {
                    if (lr.getUnknownFields().hasField(1)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static boolean isMetrics(MetricsData d) {
        if (!d.getUnknownFields().asMap().isEmpty()) {
            return false;
        }
        for (ResourceMetrics rm : d.getResourceMetricsList()) {
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    if (m.getUnknownFields().hasField(1)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * Whether field 1 of the first log record or metric (top field 1, then field 2, then field 2) is
     * length-delimited, as a metric's name is. Only the order of the attempts depends on it.
     */
    static boolean looksLikeMetrics(byte[] raw) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(raw);
            if (!enter(in, 1) || !enter(in, 2) || !enter(in, 2)) {
                return false;
            }
            int tag;
            while ((tag = in.readTag()) != 0) {
                if (WireFormat.getTagFieldNumber(tag) == 1) {
                    return WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
                }
                in.skipField(tag);
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Moves into the first length-delimited field {@code number} of the current message; false if it has none. */
    private static boolean enter(CodedInputStream in, int number) throws IOException {
        int tag;
        while ((tag = in.readTag()) != 0) {
            if (WireFormat.getTagFieldNumber(tag) == number && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                int length = in.readRawVarint32();
                in.pushLimit(length);
                return true;
            }
            in.skipField(tag);
        }
        return false;
    }
}
