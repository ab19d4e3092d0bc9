package dev.vigil.decode.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.vigil.decode.DecodeException;
import dev.vigil.decode.DecoderOptions;
import dev.vigil.decode.EventCollector;
import dev.vigil.decode.PrometheusNames;
import dev.vigil.decode.SecurityFacts;
import dev.vigil.decode.SyslogDecoder;
import dev.vigil.model.LogRecord;
import dev.vigil.model.MetricSample;
import dev.vigil.model.SecurityEvent;
import dev.vigil.model.Severity;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogsData;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.MetricsData;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one mapping from OTLP messages to Vigil's events, for both encodings (otlp-json reads its JSON into
 * the same messages with {@link OtlpJsonReader}). Stateless; events are collected first and emitted only
 * once the whole record has mapped, so a record with one bad data point among hundreds emits nothing.
 *
 * <p><b>Resource.</b> The host is the resource attribute {@code host.name}, else {@code host.id}, else
 * {@link DecoderOptions#defaultHost()}; the attribute that named the host is not repeated elsewhere.
 *
 * <p><b>Logs.</b> A {@link LogRecord} per log record: time from {@code timeUnixNano}, else
 * {@code observedTimeUnixNano}, else the receive time; severity from {@code severityNumber}
 * ({@link #severity}); app from the resource's {@code service.name} (unless it is an SDK's
 * {@code unknown_service} default), else the record's {@code syslog.identifier}, else
 * {@code process.executable.name} (record, then resource); pid from {@code process.pid} (record, then
 * resource); message from a string body, any other body as JSON text, no body as "". Attributes: the
 * resource's, then the scope's name and version ({@code otel.scope.name}, {@code otel.scope.version}),
 * then the record's (which win on a clash), each value as text (arrays and maps as JSON, bytes as base64),
 * plus {@code trace_id} and {@code span_id} in hex and {@code event.name}. The security facts of syslog
 * follow each record ({@link SecurityFacts}).
 *
 * <p><b>Metrics.</b> {@link MetricSample}s named as the Prometheus conventions for OTLP name them: the
 * metric name made valid ({@link PrometheusNames}: dots and other characters become '_'). Labels: the
 * resource attributes with their names made valid the same way ({@code service.name} becomes
 * {@code service_name}), except {@link #VOLATILE_RESOURCE_ATTRIBUTES}; the scope as {@code otel_scope_name}
 * and {@code otel_scope_version}; then the data point's attributes, which win on a clash. Per type:
 * <ul>
 *   <li>gauge: the value ({@code asDouble} or {@code asInt});</li>
 *   <li>sum: the value; a monotonic cumulative sum is a counter and is named with {@code _total} (unless
 *       it already ends so), as Prometheus names counters and as Vigil recognises them; a delta sum (an
 *       amount per interval, not a running total) keeps its name and gets the label
 *       {@code otel_temporality="delta"}, so it is never taken for a counter; a non-monotonic cumulative
 *       sum is a gauge that keeps its name;</li>
 *   <li>histogram: {@code _count}, {@code _sum} (when the point has one) and {@code _bucket} per bound with
 *       label {@code le} (cumulative counts, as Prometheus has them, and {@code le="+Inf"} for all); delta
 *       histograms get {@code otel_temporality="delta"} on all three;</li>
 *   <li>exponential histogram: {@code _count} and {@code _sum} only; its buckets have no fixed bounds to
 *       name a label by, and Vigil's detectors read rates and averages, not quantiles;</li>
 *   <li>summary: {@code _count}, {@code _sum} and the quantiles, each with label {@code quantile}.</li>
 * </ul>
 * A data point flagged as having no recorded value is skipped. A data point without a time, without a
 * value, or with a value that is not finite, and a sum or histogram of unspecified temporality, reject
 * the whole record; so does a metric name with nothing valid in it. A metric with no data is skipped.
 */
final class OtlpMapper {
    /**
     * Resource attributes left out of metric labels: they change with every start of the process (or are
     * long command lines), so as labels they would start new series on each restart and break every
     * baseline. Logs keep them as attributes.
     */
    static final List<String> VOLATILE_RESOURCE_ATTRIBUTES = List.of(
            "process.pid", "process.parent_pid", "process.command_args", "process.command_line");

    private static final int NO_RECORDED_VALUE = 1;

    private final DecoderOptions options;
    private final SecurityFacts facts = new SecurityFacts();

    OtlpMapper(DecoderOptions options) {
        this.options = options;
    }

    /** Maps a {@link LogsData} or {@link MetricsData}; emits to {@code out} only when all of it mapped. */
    void map(Message message, long receivedAt, EventCollector out) throws DecodeException {
        Pending pending = new Pending();
        if (message instanceof LogsData logs) {
            logs(logs, receivedAt, pending);
        } else {
            metrics((MetricsData) message, receivedAt, pending);
        }
        if (pending.events.isEmpty()) {
            // Every record is one or more rows or one dead letter: an empty export is kept, not dropped.
            throw new DecodeException("the record holds no log record and no data point to read");
        }
        pending.flushTo(out);
    }

    // ---- logs

    private void logs(LogsData data, long receivedAt, Pending out) throws DecodeException {
        for (ResourceLogs rl : data.getResourceLogsList()) {
            Resource resource = rl.getResource();
            String hostKey = hostKey(resource);
            String host = hostKey == null ? options.defaultHost() : text(attribute(resource.getAttributesList(), hostKey));
            String service = stringAttribute(resource.getAttributesList(), "service.name");
            if (service != null && (service.isEmpty() || service.startsWith("unknown_service"))) {
                service = null;
            }
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                InstrumentationScope scope = sl.getScope();
                for (io.opentelemetry.proto.logs.v1.LogRecord lr : sl.getLogRecordsList()) {
                    long nanos;
                    String timeField;
                    if (lr.getTimeUnixNano() != 0) {
                        nanos = lr.getTimeUnixNano();
                        timeField = "timeUnixNano";
                    } else {
                        nanos = lr.getObservedTimeUnixNano();
                        timeField = "observedTimeUnixNano";
                    }
                    long time = nanos == 0 ? receivedAt : options.checkTime(timeField, millis(nanos), receivedAt);
                    Map<String, String> attrs = new HashMap<>(resource.getAttributesCount() + lr.getAttributesCount() + 6);
                    for (KeyValue kv : resource.getAttributesList()) {
                        if (!kv.getKey().equals(hostKey) && kv.hasValue()) {
                            attrs.put(kv.getKey(), text(kv.getValue()));
                        }
                    }
                    if (!scope.getName().isEmpty()) {
                        attrs.put("otel.scope.name", scope.getName());
                    }
                    if (!scope.getVersion().isEmpty()) {
                        attrs.put("otel.scope.version", scope.getVersion());
                    }
                    for (KeyValue kv : lr.getAttributesList()) {
                        if (kv.hasValue()) {
                            attrs.put(kv.getKey(), text(kv.getValue()));
                        }
                    }
                    if (!lr.getTraceId().isEmpty()) {
                        attrs.put("trace_id", hex(lr.getTraceId()));
                    }
                    if (!lr.getSpanId().isEmpty()) {
                        attrs.put("span_id", hex(lr.getSpanId()));
                    }
                    if (!lr.getEventName().isEmpty()) {
                        attrs.put("event.name", lr.getEventName());
                    }
                    String app = service;
                    if (app == null) {
                        app = stringAttribute(lr.getAttributesList(), "syslog.identifier");
                    }
                    if (app == null) {
                        app = stringAttribute(lr.getAttributesList(), "process.executable.name");
                    }
                    if (app == null) {
                        app = stringAttribute(resource.getAttributesList(), "process.executable.name");
                    }
                    Integer pid = pid(attribute(lr.getAttributesList(), "process.pid"));
                    if (pid == null) {
                        pid = pid(attribute(resource.getAttributesList(), "process.pid"));
                    }
                    String message = lr.hasBody() ? (lr.getBody().getValueCase() == AnyValue.ValueCase.STRING_VALUE
                            ? lr.getBody().getStringValue() : json(lr.getBody())) : "";
                    LogRecord record = new LogRecord(time, host, app == null || app.isEmpty() ? null : app, pid,
                            severity(lr.getSeverityNumberValue(), lr.getSeverityText()), message, attrs);
                    out.log(record);
                    facts.extract(record, out);
                }
            }
        }
    }

    /**
     * A Severity keyword for an OTLP severity number. The ranges follow the number's names (TRACE and
     * DEBUG are debug, INFO info, WARN warning, ERROR err, FATAL emerg, as {@link Severity#parse} reads
     * "fatal"), except the three numbers the OpenTelemetry Collector's syslog receiver gives syslog
     * severities that have no name of their own: INFO2 (10) is notice, ERROR2 (18) crit, ERROR3 (19)
     * alert. So syslog sent through a collector reads back as it was written. 0 (unspecified) takes the
     * severity text when {@link Severity#parse} knows it, else info.
     */
    static String severity(int number, String text) throws DecodeException {
        if (number < 0 || number > 24) {
            throw new DecodeException("field 'severityNumber': " + number + " is not from 0 to 24");
        }
        if (number == 0) {
            return Severity.parse(text).orElse(Severity.INFO).keyword();
        }
        Severity s;
        if (number <= 8) {
            s = Severity.DEBUG;
        } else if (number <= 12) {
            s = number == 10 ? Severity.NOTICE : Severity.INFO;
        } else if (number <= 16) {
            s = Severity.WARNING;
        } else if (number <= 20) {
            s = number == 18 ? Severity.CRIT : number == 19 ? Severity.ALERT : Severity.ERR;
        } else {
            s = Severity.EMERG;
        }
        return s.keyword();
    }

    // ---- metrics

    private void metrics(MetricsData data, long receivedAt, Pending out) throws DecodeException {
        for (ResourceMetrics rm : data.getResourceMetricsList()) {
            Resource resource = rm.getResource();
            String hostKey = hostKey(resource);
            String host = hostKey == null ? options.defaultHost() : text(attribute(resource.getAttributesList(), hostKey));
            Map<String, String> resourceLabels = new HashMap<>(resource.getAttributesCount() * 2 + 4);
            for (KeyValue kv : resource.getAttributesList()) {
                if (!kv.getKey().equals(hostKey) && kv.hasValue() && !VOLATILE_RESOURCE_ATTRIBUTES.contains(kv.getKey())) {
                    putLabel(resourceLabels, kv.getKey(), text(kv.getValue()));
                }
            }
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                Map<String, String> base = resourceLabels;
                InstrumentationScope scope = sm.getScope();
                if (!scope.getName().isEmpty() || !scope.getVersion().isEmpty()) {
                    base = new HashMap<>(resourceLabels);
                    if (!scope.getName().isEmpty()) {
                        base.put("otel_scope_name", scope.getName());
                    }
                    if (!scope.getVersion().isEmpty()) {
                        base.put("otel_scope_version", scope.getVersion());
                    }
                }
                for (Metric m : sm.getMetricsList()) {
                    metric(m, host, base, receivedAt, out);
                }
            }
        }
    }

    private void metric(Metric m, String host, Map<String, String> base, long receivedAt, Pending out) throws DecodeException {
        if (m.getDataCase() == Metric.DataCase.DATA_NOT_SET) {
            return;
        }
        String name = PrometheusNames.metricName(m.getName());
        if (name == null) {
            throw new DecodeException(m.getName().isEmpty() ? "field 'name' of a metric is missing"
                    : "field 'name': '" + SyslogDecoder.abbreviate(m.getName()) + "' has nothing valid in a metric name");
        }
        switch (m.getDataCase()) {
            case GAUGE:
                for (NumberDataPoint dp : m.getGauge().getDataPointsList()) {
                    number(dp, name, m, host, base, null, receivedAt, out);
                }
                return;
            case SUM: {
                boolean delta = delta(m.getSum().getAggregationTemporality(), m);
                String sumName = !delta && m.getSum().getIsMonotonic() && !name.endsWith("_total") ? name + "_total" : name;
                for (NumberDataPoint dp : m.getSum().getDataPointsList()) {
                    number(dp, sumName, m, host, base, delta ? "delta" : null, receivedAt, out);
                }
                return;
            }
            case HISTOGRAM: {
                String temporality = delta(m.getHistogram().getAggregationTemporality(), m) ? "delta" : null;
                for (HistogramDataPoint dp : m.getHistogram().getDataPointsList()) {
                    if ((dp.getFlags() & NO_RECORDED_VALUE) != 0) {
                        continue;
                    }
                    long time = pointTime(dp.getTimeUnixNano(), m, receivedAt);
                    Map<String, String> labels = labels(base, dp.getAttributesList(), temporality);
                    out.metric(new MetricSample(time, host, name + "_count", unsigned(dp.getCount()), labels));
                    if (dp.hasSum()) {
                        out.metric(new MetricSample(time, host, name + "_sum", finite(dp.getSum(), "sum", m), labels));
                    }
                    int buckets = dp.getBucketCountsCount();
                    if (buckets == 0) {
                        continue;
                    }
                    if (buckets != dp.getExplicitBoundsCount() + 1) {
                        throw new DecodeException("field 'bucketCounts' of metric '" + SyslogDecoder.abbreviate(m.getName()) + "': "
                                + buckets + " counts for " + dp.getExplicitBoundsCount() + " bounds (needs one more count than bounds)");
                    }
                    double cumulative = 0;
                    for (int i = 0; i < buckets; i++) {
                        cumulative += unsigned(dp.getBucketCounts(i));
                        String le = i < buckets - 1 ? le(finite(dp.getExplicitBounds(i), "explicitBounds", m)) : "+Inf";
                        Map<String, String> bucketLabels = new HashMap<>(labels);
                        bucketLabels.put("le", le);
                        out.metric(new MetricSample(time, host, name + "_bucket", cumulative, bucketLabels));
                    }
                }
                return;
            }
            case EXPONENTIAL_HISTOGRAM: {
                String temporality = delta(m.getExponentialHistogram().getAggregationTemporality(), m) ? "delta" : null;
                for (ExponentialHistogramDataPoint dp : m.getExponentialHistogram().getDataPointsList()) {
                    if ((dp.getFlags() & NO_RECORDED_VALUE) != 0) {
                        continue;
                    }
                    long time = pointTime(dp.getTimeUnixNano(), m, receivedAt);
                    Map<String, String> labels = labels(base, dp.getAttributesList(), temporality);
                    out.metric(new MetricSample(time, host, name + "_count", unsigned(dp.getCount()), labels));
                    if (dp.hasSum()) {
                        out.metric(new MetricSample(time, host, name + "_sum", finite(dp.getSum(), "sum", m), labels));
                    }
                }
                return;
            }
            case SUMMARY:
                for (SummaryDataPoint dp : m.getSummary().getDataPointsList()) {
                    if ((dp.getFlags() & NO_RECORDED_VALUE) != 0) {
                        continue;
                    }
                    long time = pointTime(dp.getTimeUnixNano(), m, receivedAt);
                    Map<String, String> labels = labels(base, dp.getAttributesList(), null);
                    out.metric(new MetricSample(time, host, name + "_count", unsigned(dp.getCount()), labels));
                    out.metric(new MetricSample(time, host, name + "_sum", finite(dp.getSum(), "sum", m), labels));
                    for (SummaryDataPoint.ValueAtQuantile q : dp.getQuantileValuesList()) {
                        Map<String, String> quantileLabels = new HashMap<>(labels);
                        quantileLabels.put("quantile", le(finite(q.getQuantile(), "quantile", m)));
                        out.metric(new MetricSample(time, host, name, finite(q.getValue(), "value", m), quantileLabels));
                    }
                }
                return;
            default:
        }
    }

    private void number(NumberDataPoint dp, String name, Metric m, String host, Map<String, String> base, String temporality,
                        long receivedAt, Pending out) throws DecodeException {
        if ((dp.getFlags() & NO_RECORDED_VALUE) != 0) {
            return;
        }
        double value;
        switch (dp.getValueCase()) {
            case AS_DOUBLE: value = finite(dp.getAsDouble(), "asDouble", m); break;
            case AS_INT: value = dp.getAsInt(); break;
            default:
                throw new DecodeException("field 'asDouble' of a data point of metric '" + SyslogDecoder.abbreviate(m.getName())
                        + "' is missing (and so is asInt)");
        }
        out.metric(new MetricSample(pointTime(dp.getTimeUnixNano(), m, receivedAt), host, name, value,
                labels(base, dp.getAttributesList(), temporality)));
    }

    private long pointTime(long nanos, Metric m, long receivedAt) throws DecodeException {
        if (nanos == 0) {
            throw new DecodeException("field 'timeUnixNano' of a data point of metric '" + SyslogDecoder.abbreviate(m.getName()) + "' is missing");
        }
        return options.checkTime("timeUnixNano", millis(nanos), receivedAt);
    }

    private static boolean delta(AggregationTemporality t, Metric m) throws DecodeException {
        switch (t) {
            case AGGREGATION_TEMPORALITY_DELTA: return true;
            case AGGREGATION_TEMPORALITY_CUMULATIVE: return false;
            default:
                throw new DecodeException("field 'aggregationTemporality' of metric '" + SyslogDecoder.abbreviate(m.getName())
                        + "' is " + t + "; a sum or histogram must be delta (1) or cumulative (2)");
        }
    }

    private static double finite(double v, String field, Metric m) throws DecodeException {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new DecodeException("field '" + field + "' of metric '" + SyslogDecoder.abbreviate(m.getName()) + "': "
                    + v + " is not a finite number");
        }
        return v;
    }

    private static Map<String, String> labels(Map<String, String> base, List<KeyValue> attributes, String temporality) {
        if (attributes.isEmpty() && temporality == null) {
            return base;
        }
        Map<String, String> labels = new HashMap<>((base.size() + attributes.size()) * 2 + 2);
        labels.putAll(base);
        for (KeyValue kv : attributes) {
            if (kv.hasValue()) {
                putLabel(labels, kv.getKey(), text(kv.getValue()));
            }
        }
        if (temporality != null) {
            labels.put("otel_temporality", temporality);
        }
        return labels;
    }

    private static void putLabel(Map<String, String> labels, String key, String value) {
        String label = PrometheusNames.labelName(key);
        if (label != null) {
            labels.put(label, value);
        }
    }

    /** A bound or quantile as a label value: "1" not "1.0", as Prometheus clients write it; else Java's shortest form. */
    static String le(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    // ---- shared

    private static String hostKey(Resource resource) {
        String key = null;
        for (KeyValue kv : resource.getAttributesList()) {
            if (kv.getKey().equals("host.name") && hasText(kv.getValue())) {
                return "host.name";
            }
            if (kv.getKey().equals("host.id") && hasText(kv.getValue())) {
                key = "host.id";
            }
        }
        return key;
    }

    private static boolean hasText(AnyValue v) {
        return v.getValueCase() == AnyValue.ValueCase.STRING_VALUE ? !v.getStringValue().isEmpty()
                : v.getValueCase() != AnyValue.ValueCase.VALUE_NOT_SET;
    }

    private static AnyValue attribute(List<KeyValue> attributes, String key) {
        for (KeyValue kv : attributes) {
            if (kv.getKey().equals(key)) {
                return kv.getValue();
            }
        }
        return null;
    }

    private static String stringAttribute(List<KeyValue> attributes, String key) {
        AnyValue v = attribute(attributes, key);
        return v == null || v.getValueCase() != AnyValue.ValueCase.STRING_VALUE || v.getStringValue().isEmpty()
                ? null : v.getStringValue();
    }

    private static Integer pid(AnyValue v) {
        if (v == null) {
            return null;
        }
        if (v.getValueCase() == AnyValue.ValueCase.INT_VALUE) {
            return v.getIntValue() >= 0 && v.getIntValue() <= Integer.MAX_VALUE ? (int) v.getIntValue() : null;
        }
        if (v.getValueCase() == AnyValue.ValueCase.STRING_VALUE) {
            String s = v.getStringValue();
            if (s.isEmpty() || s.length() > 9) {
                return null;
            }
            int n = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                n = n * 10 + (c - '0');
            }
            return n;
        }
        return null;
    }

    /** An attribute value as text: strings as they are, scalars as their literal, arrays and maps as JSON. */
    static String text(AnyValue v) {
        if (v == null) {
            return "";
        }
        switch (v.getValueCase()) {
            case STRING_VALUE: return v.getStringValue();
            case BOOL_VALUE: return v.getBoolValue() ? "true" : "false";
            case INT_VALUE: return Long.toString(v.getIntValue());
            case DOUBLE_VALUE: return Double.toString(v.getDoubleValue());
            case BYTES_VALUE: return Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
            case ARRAY_VALUE: case KVLIST_VALUE: return json(v);
            default: return "";
        }
    }

    /**
     * The value as JSON: maps as objects, arrays as arrays, bytes as base64 strings, non-finite doubles as
     * strings. Written by hand into one builder: a JSON generator per attribute cost more than the rest
     * of a log record's mapping.
     */
    static String json(AnyValue v) {
        StringBuilder b = new StringBuilder(64);
        writeJson(b, v);
        return b.toString();
    }

    private static void writeJson(StringBuilder b, AnyValue v) {
        switch (v.getValueCase()) {
            case STRING_VALUE: quote(b, v.getStringValue()); break;
            case BOOL_VALUE: b.append(v.getBoolValue()); break;
            case INT_VALUE: b.append(v.getIntValue()); break;
            case DOUBLE_VALUE: {
                double d = v.getDoubleValue();
                if (Double.isFinite(d)) {
                    b.append(d);
                } else {
                    quote(b, Double.toString(d));
                }
                break;
            }
            case BYTES_VALUE: quote(b, Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray())); break;
            case ARRAY_VALUE: {
                b.append('[');
                boolean first = true;
                for (AnyValue e : v.getArrayValue().getValuesList()) {
                    if (!first) {
                        b.append(',');
                    }
                    first = false;
                    writeJson(b, e);
                }
                b.append(']');
                break;
            }
            case KVLIST_VALUE: {
                b.append('{');
                boolean first = true;
                for (KeyValue kv : v.getKvlistValue().getValuesList()) {
                    if (!first) {
                        b.append(',');
                    }
                    first = false;
                    quote(b, kv.getKey());
                    b.append(':');
                    writeJson(b, kv.getValue());
                }
                b.append('}');
                break;
            }
            default: b.append("null");
        }
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        b.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                    } else {
                        b.append(c);
                    }
            }
        }
        b.append('"');
    }

    private static String hex(ByteString bytes) {
        char[] out = new char[bytes.size() * 2];
        for (int i = 0; i < bytes.size(); i++) {
            int b = bytes.byteAt(i) & 0xff;
            out[2 * i] = Character.forDigit(b >> 4, 16);
            out[2 * i + 1] = Character.forDigit(b & 15, 16);
        }
        return new String(out);
    }

    /** Unsigned nanoseconds to epoch milliseconds. */
    /** What both OTLP decoders emit: log records with syslog's facts, and metric samples. */
    static java.util.Set<String> emits() {
        java.util.Set<String> all = new java.util.HashSet<>(dev.vigil.decode.Decoders.logsAndFacts());
        all.add(dev.vigil.decode.Decoder.METRICS);
        return all;
    }

    private static long millis(long nanos) {
        return Long.divideUnsigned(nanos, 1_000_000L);
    }

    private static double unsigned(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }

    /** Events held back until the whole record has mapped. */
    private static final class Pending implements EventCollector {
        private final List<Object> events = new ArrayList<>();

        @Override
        public void metric(MetricSample sample) {
            events.add(sample);
        }

        @Override
        public void log(LogRecord record) {
            events.add(record);
        }

        @Override
        public void security(SecurityEvent event) {
            events.add(event);
        }

        void flushTo(EventCollector out) {
            for (Object e : events) {
                if (e instanceof MetricSample s) {
                    out.metric(s);
                } else if (e instanceof LogRecord r) {
                    out.log(r);
                } else {
                    out.security((SecurityEvent) e);
                }
            }
        }
    }
}
