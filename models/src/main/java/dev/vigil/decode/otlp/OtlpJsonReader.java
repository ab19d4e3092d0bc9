package dev.vigil.decode.otlp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.vigil.decode.DecodeException;
import dev.vigil.decode.JsonStreams;
import dev.vigil.decode.SyslogDecoder;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.LogsData;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.MetricsData;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;

import java.io.IOException;
import java.util.Base64;

/**
 * Reads OTLP/JSON ({@code {"resourceLogs":[...]}} or {@code {"resourceMetrics":[...]}}) into the OTLP
 * protobuf messages, so that JSON and protobuf records share one mapping to events ({@link OtlpMapper}).
 *
 * <p>Why not protobuf's own JsonFormat: it needs protobuf-java-util (with Gson and Guava) on every
 * classpath that has the models, it first builds a Gson tree and then fills the message by reflection over
 * descriptors, which is several times slower than a streaming read, and it reads OTLP's hex trace and span
 * ids as base64 without a word, giving wrong bytes. This reader walks Jackson's tokens once and fills only
 * the fields {@link OtlpMapper} reads; every other field, known or not, is skipped, as OTLP/JSON receivers
 * must ignore unknown fields.
 *
 * <p>The OTLP/JSON rules it follows: keys are lowerCamelCase; 64-bit integers are strings (a JSON number
 * is accepted too, as the protobuf JSON mapping allows); doubles are numbers or "NaN", "Infinity",
 * "-Infinity"; enums are integers (their names are accepted too); {@code traceId} and {@code spanId} are
 * hex; {@code bytesValue} is base64; null stands for the default value. Errors name the field and the
 * column (records are one line).
 */
final class OtlpJsonReader {
    private final JsonParser p;

    private OtlpJsonReader(JsonParser p) {
        this.p = p;
    }

    /** The record as a {@link LogsData} or a {@link MetricsData}. */
    static Message read(String text) throws DecodeException {
        try (JsonParser p = JsonStreams.openObject(text)) {
            OtlpJsonReader r = new OtlpJsonReader(p);
            LogsData.Builder logs = null;
            MetricsData.Builder metrics = null;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (field.equals("resourceLogs")) {
                    logs = LogsData.newBuilder();
                    if (r.startArray(v, field)) {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            logs.addResourceLogs(r.resourceLogs());
                        }
                    }
                } else if (field.equals("resourceMetrics")) {
                    metrics = MetricsData.newBuilder();
                    if (r.startArray(v, field)) {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            metrics.addResourceMetrics(r.resourceMetrics());
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new DecodeException("malformed JSON: expected a field name, got " + t);
            }
            JsonStreams.expectEnd(p);
            if (logs != null && metrics != null) {
                throw new DecodeException("JSON object has both 'resourceLogs' and 'resourceMetrics'; an OTLP record is one or the other");
            }
            if (logs != null) {
                return logs.build();
            }
            if (metrics != null) {
                return metrics.build();
            }
            throw new DecodeException("JSON object is neither OTLP LogsData ('resourceLogs') nor MetricsData ('resourceMetrics')");
        } catch (JsonProcessingException e) {
            throw JsonStreams.malformed(e);
        } catch (IOException e) {
            throw new DecodeException("malformed JSON: " + e.getMessage());
        }
    }

    // ---- logs

    private ResourceLogs resourceLogs() throws IOException, DecodeException {
        ResourceLogs.Builder b = ResourceLogs.newBuilder();
        expectObject("resourceLogs");
        while (nextField()) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            switch (f) {
                case "resource": if (startObject(v, f)) { b.setResource(resource()); } break;
                case "scopeLogs":
                    if (startArray(v, f)) {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            b.addScopeLogs(scopeLogs());
                        }
                    }
                    break;
                default: p.skipChildren();
            }
        }
        return b.build();
    }

    private ScopeLogs scopeLogs() throws IOException, DecodeException {
        ScopeLogs.Builder b = ScopeLogs.newBuilder();
        expectObject("scopeLogs");
        while (nextField()) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            switch (f) {
                case "scope": if (startObject(v, f)) { b.setScope(scope()); } break;
                case "logRecords":
                    if (startArray(v, f)) {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            b.addLogRecords(logRecord());
                        }
                    }
                    break;
                default: p.skipChildren();
            }
        }
        return b.build();
    }

    private LogRecord logRecord() throws IOException, DecodeException {
        LogRecord.Builder b = LogRecord.newBuilder();
        expectObject("logRecords");
        while (nextField()) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (f) {
                case "timeUnixNano": b.setTimeUnixNano(uint64(v, f)); break;
                case "observedTimeUnixNano": b.setObservedTimeUnixNano(uint64(v, f)); break;
                case "severityNumber": b.setSeverityNumberValue(enumValue(v, f, "SEVERITY_NUMBER_")); break;
                case "severityText": b.setSeverityText(string(v, f)); break;
                case "body": b.setBody(anyValue(v, f)); break;
                case "attributes": if (startArray(v, f)) { while (p.nextToken() != JsonToken.END_ARRAY) { b.addAttributes(keyValue(f)); } } break;
                case "traceId": b.setTraceId(hex(v, f)); break;
                case "spanId": b.setSpanId(hex(v, f)); break;
                case "eventName": b.setEventName(string(v, f)); break;
                default: p.skipChildren();
            }
        }
        return b.build();
    }

    // ---- metrics

    private ResourceMetrics resourceMetrics() throws IOException, DecodeException {
        ResourceMetrics.Builder b = ResourceMetrics.newBuilder();
        expectObject("resourceMetrics");
        while (nextField()) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            switch (f) {
                case "resource": if (startObject(v, f)) { b.setResource(resource()); } break;
                case "scopeMetrics":
                    if (startArray(v, f)) {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            b.addScopeMetrics(scopeMetrics());
                        }
                    }
                    break;
                default: p.skipChildren();
            }
        }
        return b.build();
    }

    private ScopeMetrics scopeMetrics() throws IOException, DecodeException {
        ScopeMetrics.Builder b = ScopeMetrics.newBuilder();
        expectObject("scopeMetrics");
        while (nextField()) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            switch (f) {
                case "scope": if (startObject(v, f)) { b.setScope(scope()); } break;
                case "metrics":
                    if (startArray(v, f)) {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            b.addMetrics(metric());
                        }
                    }
                    break;
                default: p.skipChildren();
            }
        }
        return b.build();
    }

    private Metric metric() throws IOException, DecodeException {
        Metric.Builder b = Metric.newBuilder();
        expectObject("metrics");
        while (nextField()) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (f) {
                case "name": b.setName(string(v, f)); break;
                case "gauge": {
                    Gauge.Builder g = Gauge.newBuilder();
                    expectObject(f);
                    while (nextField()) {
                        String gf = p.currentName();
                        JsonToken gv = p.nextToken();
                        if (gf.equals("dataPoints") && startArray(gv, gf)) {
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                g.addDataPoints(numberPoint());
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    b.setGauge(g);
                    break;
                }
                case "sum": {
                    Sum.Builder s = Sum.newBuilder();
                    expectObject(f);
                    while (nextField()) {
                        String sf = p.currentName();
                        JsonToken sv = p.nextToken();
                        if (sv == JsonToken.VALUE_NULL) {
                            continue;
                        }
                        switch (sf) {
                            case "dataPoints":
                                if (startArray(sv, sf)) {
                                    while (p.nextToken() != JsonToken.END_ARRAY) {
                                        s.addDataPoints(numberPoint());
                                    }
                                }
                                break;
                            case "aggregationTemporality":
                                s.setAggregationTemporalityValue(enumValue(sv, sf, "AGGREGATION_TEMPORALITY_"));
                                break;
                            case "isMonotonic": s.setIsMonotonic(bool(sv, sf)); break;
                            default: p.skipChildren();
                        }
                    }
                    b.setSum(s);
                    break;
                }
                case "histogram": {
                    Histogram.Builder h = Histogram.newBuilder();
                    expectObject(f);
                    while (nextField()) {
                        String hf = p.currentName();
                        JsonToken hv = p.nextToken();
                        if (hv == JsonToken.VALUE_NULL) {
                            continue;
                        }
                        switch (hf) {
                            case "dataPoints":
                                if (startArray(hv, hf)) {
                                    while (p.nextToken() != JsonToken.END_ARRAY) {
                                        h.addDataPoints(histogramPoint());
                                    }
                                }
                                break;
                            case "aggregationTemporality":
                                h.setAggregationTemporalityValue(enumValue(hv, hf, "AGGREGATION_TEMPORALITY_"));
                                break;
                            default: p.skipChildren();
                        }
                    }
                    b.setHistogram(h);
                    break;
                }
                case "exponentialHistogram": {
                    ExponentialHistogram.Builder h = ExponentialHistogram.newBuilder();
                    expectObject(f);
                    while (nextField()) {
                        String hf = p.currentName();
                        JsonToken hv = p.nextToken();
                        if (hv == JsonToken.VALUE_NULL) {
                            continue;
                        }
                        switch (hf) {
                            case "dataPoints":
                                if (startArray(hv, hf)) {
                                    while (p.nextToken() != JsonToken.END_ARRAY) {
                                        h.addDataPoints(exponentialPoint());
                                    }
                                }
                                break;
                            case "aggregationTemporality":
                                h.setAggregationTemporalityValue(enumValue(hv, hf, "AGGREGATION_TEMPORALITY_"));
                                break;
                            default: p.skipChildren();
                        }
                    }
                    b.setExponentialHistogram(h);
                    break;
                }
                case "summary": {
                    Summary.Builder s = Summary.newBuilder();
                    expectObject(f);
                    while (nextField()) {
                        String sf = p.currentName();
                        JsonToken sv = p.nextToken();
                        if (sf.equals("dataPoints") && startArray(sv, sf)) {
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                s.addDataPoints(summaryPoint());
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    b.setSummary(s);
                    break;
                }
                default: p.skipChildren();
            }
        }
        return b.build();
    }

    private NumberDataPoint numberPoint() throws IOException, DecodeException {
        NumberDataPoint.Builder b = NumberDataPoint.newBuilder();
        expectObject("dataPoints");
        while (nextField()) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (f) {
                case "attributes": if (startArray(v, f)) { while (p.nextToken() != JsonToken.END_ARRAY) { b.addAttributes(keyValue(f)); } } break;
                case "timeUnixNano": b.setTimeUnixNano(uint64(v, f)); break;
                case "asDouble": b.setAsDouble(dbl(v, f)); break;
                case "asInt": b.setAsInt(int64(v, f)); break;
                case "flags": b.setFlags((int) uint64(v, f)); break;
                default: p.skipChildren();
            }
        }
        return b.build();
    }

    private HistogramDataPoint histogramPoint() throws IOException, DecodeException {
        HistogramDataPoint.Builder b = HistogramDataPoint.newBuilder();
        expectObject("dataPoints");
        while (nextField()) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (f) {
                case "attributes": if (startArray(v, f)) { while (p.nextToken() != JsonToken.END_ARRAY) { b.addAttributes(keyValue(f)); } } break;
                case "timeUnixNano": b.setTimeUnixNano(uint64(v, f)); break;
                case "count": b.setCount(uint64(v, f)); break;
                case "sum": b.setSum(dbl(v, f)); break;
                case "bucketCounts":
                    if (startArray(v, f)) {
                        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                            b.addBucketCounts(uint64(e, f));
                        }
                    }
                    break;
                case "explicitBounds":
                    if (startArray(v, f)) {
                        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                            b.addExplicitBounds(dbl(e, f));
                        }
                    }
                    break;
                case "flags": b.setFlags((int) uint64(v, f)); break;
                default: p.skipChildren();
            }
        }
        return b.build();
    }

    private ExponentialHistogramDataPoint exponentialPoint() throws IOException, DecodeException {
        ExponentialHistogramDataPoint.Builder b = ExponentialHistogramDataPoint.newBuilder();
        expectObject("dataPoints");
        while (nextField()) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (f) {
                case "attributes": if (startArray(v, f)) { while (p.nextToken() != JsonToken.END_ARRAY) { b.addAttributes(keyValue(f)); } } break;
                case "timeUnixNano": b.setTimeUnixNano(uint64(v, f)); break;
                case "count": b.setCount(uint64(v, f)); break;
                case "sum": b.setSum(dbl(v, f)); break;
                case "flags": b.setFlags((int) uint64(v, f)); break;
                default: p.skipChildren();
            }
        }
        return b.build();
    }

    private SummaryDataPoint summaryPoint() throws IOException, DecodeException {
        SummaryDataPoint.Builder b = SummaryDataPoint.newBuilder();
        expectObject("dataPoints");
        while (nextField()) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (f) {
                case "attributes": if (startArray(v, f)) { while (p.nextToken() != JsonToken.END_ARRAY) { b.addAttributes(keyValue(f)); } } break;
                case "timeUnixNano": b.setTimeUnixNano(uint64(v, f)); break;
                case "count": b.setCount(uint64(v, f)); break;
                case "sum": b.setSum(dbl(v, f)); break;
                case "quantileValues":
                    if (startArray(v, f)) {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            SummaryDataPoint.ValueAtQuantile.Builder q = SummaryDataPoint.ValueAtQuantile.newBuilder();
                            expectObject(f);
                            while (nextField()) {
                                String qf = p.currentName();
                                JsonToken qv = p.nextToken();
                                if (qv == JsonToken.VALUE_NULL) {
                                    continue;
                                }
                                switch (qf) {
                                    case "quantile": q.setQuantile(dbl(qv, qf)); break;
                                    case "value": q.setValue(dbl(qv, qf)); break;
                                    default: p.skipChildren();
                                }
                            }
                            b.addQuantileValues(q);
                        }
                    }
                    break;
                case "flags": b.setFlags((int) uint64(v, f)); break;
                default: p.skipChildren();
            }
        }
        return b.build();
    }

    // ---- common

    private Resource resource() throws IOException, DecodeException {
        Resource.Builder b = Resource.newBuilder();
        while (nextField()) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            if (f.equals("attributes") && startArray(v, f)) {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    b.addAttributes(keyValue(f));
                }
            } else {
                p.skipChildren();
            }
        }
        return b.build();
    }

    private InstrumentationScope scope() throws IOException, DecodeException {
        InstrumentationScope.Builder b = InstrumentationScope.newBuilder();
        while (nextField()) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (f) {
                case "name": b.setName(string(v, f)); break;
                case "version": b.setVersion(string(v, f)); break;
                default: p.skipChildren();
            }
        }
        return b.build();
    }

    private KeyValue keyValue(String field) throws IOException, DecodeException {
        expectObject(field);
        KeyValue.Builder b = KeyValue.newBuilder();
        while (nextField()) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (f) {
                case "key": b.setKey(string(v, f)); break;
                case "value": b.setValue(anyValue(v, f)); break;
                default: p.skipChildren();
            }
        }
        return b.build();
    }

    private AnyValue anyValue(JsonToken v, String field) throws IOException, DecodeException {
        if (v != JsonToken.START_OBJECT) {
            throw wrongType(field, "an object", v);
        }
        AnyValue.Builder b = AnyValue.newBuilder();
        while (nextField()) {
            String f = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (f) {
                case "stringValue": b.setStringValue(string(t, f)); break;
                case "boolValue": b.setBoolValue(bool(t, f)); break;
                case "intValue": b.setIntValue(int64(t, f)); break;
                case "doubleValue": b.setDoubleValue(dbl(t, f)); break;
                case "bytesValue": b.setBytesValue(base64(t, f)); break;
                case "arrayValue": {
                    ArrayValue.Builder a = ArrayValue.newBuilder();
                    expectObject(f);
                    while (nextField()) {
                        String af = p.currentName();
                        JsonToken av = p.nextToken();
                        if (af.equals("values") && startArray(av, af)) {
                            for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                                a.addValues(anyValue(e, af));
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    b.setArrayValue(a);
                    break;
                }
                case "kvlistValue": {
                    KeyValueList.Builder l = KeyValueList.newBuilder();
                    expectObject(f);
                    while (nextField()) {
                        String lf = p.currentName();
                        JsonToken lv = p.nextToken();
                        if (lf.equals("values") && startArray(lv, lf)) {
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                l.addValues(keyValue(lf));
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    b.setKvlistValue(l);
                    break;
                }
                default: p.skipChildren();
            }
        }
        return b.build();
    }

    // ---- tokens

    /** Moves to the next field name of the current object; false at its end. */
    private boolean nextField() throws IOException, DecodeException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.FIELD_NAME) {
            return true;
        }
        if (t == JsonToken.END_OBJECT) {
            return false;
        }
        throw new DecodeException("malformed JSON at column " + column() + ": expected a field name, got " + t);
    }

    private void expectObject(String field) throws DecodeException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.START_OBJECT) {
            throw wrongType(field, "an object", t);
        }
    }

    /** True on an object's start, false on null; anything else is an error. */
    private boolean startObject(JsonToken v, String field) throws DecodeException {
        if (v == JsonToken.START_OBJECT) {
            return true;
        }
        if (v == JsonToken.VALUE_NULL) {
            return false;
        }
        throw wrongType(field, "an object", v);
    }

    /** True on an array's start, false on null; anything else is an error. */
    private boolean startArray(JsonToken v, String field) throws DecodeException {
        if (v == JsonToken.START_ARRAY) {
            return true;
        }
        if (v == JsonToken.VALUE_NULL) {
            return false;
        }
        throw wrongType(field, "an array", v);
    }

    private String string(JsonToken v, String field) throws IOException, DecodeException {
        if (v != JsonToken.VALUE_STRING) {
            throw wrongType(field, "a string", v);
        }
        return p.getText();
    }

    private boolean bool(JsonToken v, String field) throws DecodeException {
        if (v == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (v == JsonToken.VALUE_FALSE) {
            return false;
        }
        throw wrongType(field, "true or false", v);
    }

    /** An unsigned 64-bit integer (fixed64, uint64), as its bits. */
    private long uint64(JsonToken v, String field) throws IOException, DecodeException {
        String text;
        if (v == JsonToken.VALUE_STRING || v == JsonToken.VALUE_NUMBER_INT) {
            text = p.getText();
        } else {
            throw wrongType(field, "an unsigned integer (as a string)", v);
        }
        int n = text.length();
        if (n == 0 || n > 20) {
            throw badValue(field, text, "is not an unsigned 64-bit integer");
        }
        long r = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            int d = c - '0';
            if (d < 0 || d > 9 || Long.compareUnsigned(r, Long.divideUnsigned(-1L - d, 10)) > 0) {
                throw badValue(field, text, "is not an unsigned 64-bit integer");
            }
            r = r * 10 + d;
        }
        return r;
    }

    /** A signed 64-bit integer (int64, sfixed64). */
    private long int64(JsonToken v, String field) throws IOException, DecodeException {
        if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return p.getLongValue();
        }
        if (v != JsonToken.VALUE_STRING && v != JsonToken.VALUE_NUMBER_INT) {
            throw wrongType(field, "an integer (as a string)", v);
        }
        String text = p.getText();
        int n = text.length();
        boolean negative = n > 0 && text.charAt(0) == '-';
        int i = negative ? 1 : 0;
        if (i >= n || n > 20) {
            throw badValue(field, text, "is not a 64-bit integer");
        }
        long r = 0;
        for (; i < n; i++) {
            int d = text.charAt(i) - '0';
            if (d < 0 || d > 9 || r < (Long.MIN_VALUE + d) / 10) {
                throw badValue(field, text, "is not a 64-bit integer");
            }
            r = r * 10 - d;
        }
        if (!negative) {
            if (r == Long.MIN_VALUE) {
                throw badValue(field, text, "is not a 64-bit integer");
            }
            r = -r;
        }
        return r;
    }

    private double dbl(JsonToken v, String field) throws IOException, DecodeException {
        if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDoubleValue();
        }
        if (v == JsonToken.VALUE_STRING) {
            String text = p.getText();
            switch (text) {
                case "NaN": return Double.NaN;
                case "Infinity": return Double.POSITIVE_INFINITY;
                case "-Infinity": return Double.NEGATIVE_INFINITY;
                default:
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                    throw badValue(field, text, "is not a number");
                }
            }
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw badValue(field, text, "is not a number");
            }
        }
        throw wrongType(field, "a number", v);
    }

    /** An enum: its number, or its name with or without the prefix. */
    private int enumValue(JsonToken v, String field, String prefix) throws IOException, DecodeException {
        if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            return p.getIntValue();
        }
        if (v == JsonToken.VALUE_STRING) {
            String name = p.getText();
            String bare = name.startsWith(prefix) ? name.substring(prefix.length()) : name;
            try {
                return prefix.startsWith("SEVERITY")
                        ? io.opentelemetry.proto.logs.v1.SeverityNumber.valueOf(prefix + bare).getNumber()
                        : io.opentelemetry.proto.metrics.v1.AggregationTemporality.valueOf(prefix + bare).getNumber();
            } catch (IllegalArgumentException e) {
                throw badValue(field, name, "is not a known value");
            }
        }
        throw wrongType(field, "an integer", v);
    }

    private ByteString hex(JsonToken v, String field) throws IOException, DecodeException {
        String text = string(v, field);
        int n = text.length();
        if ((n & 1) != 0) {
            throw badValue(field, text, "is not hex (odd length)");
        }
        byte[] out = new byte[n / 2];
        for (int i = 0; i < n; i += 2) {
            int hi = Character.digit(text.charAt(i), 16);
            int lo = Character.digit(text.charAt(i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw badValue(field, text, "is not hex");
            }
            out[i / 2] = (byte) (hi << 4 | lo);
        }
        return ByteString.copyFrom(out);
    }

    private ByteString base64(JsonToken v, String field) throws IOException, DecodeException {
        String text = string(v, field);
        try {
            return ByteString.copyFrom(text.indexOf('-') >= 0 || text.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(text) : Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw badValue(field, text, "is not base64");
        }
    }

    private long column() {
        return p.currentTokenLocation().getColumnNr();
    }

    private DecodeException wrongType(String field, String expected, JsonToken got) {
        return new DecodeException("field '" + field + "' at column " + column() + " must be " + expected + ", was "
                + (got == null ? "nothing" : JsonStreams.describe(got)));
    }

    private DecodeException badValue(String field, String text, String why) {
        return new DecodeException("field '" + field + "' at column " + column() + ": '" + SyslogDecoder.abbreviate(text) + "' " + why);
    }
}
