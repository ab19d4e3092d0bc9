package dev.vigil.decode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.model.MetricSample;

import java.util.Map;

/**
 * Reads Prometheus samples in the JSON that prometheus-kafka-adapter writes:
 * {@code {"timestamp":"RFC 3339","value":"<string>","name":"...","labels":{"__name__":...,"instance":...}}}.
 * The host is the {@code instance} label without its port (else {@code host}, {@code hostname} or
 * {@code node}); {@code __name__} is dropped from the labels, the rest are kept.
 */
public final class PrometheusJsonDecoder implements Decoder {
    private static final String[] HOST_LABELS = {"instance", "host", "hostname", "node"};
    private final DecoderOptions options;

    public PrometheusJsonDecoder(DecoderOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return Decoders.PROMETHEUS_JSON;
    }

    @Override
    public java.util.Set<String> emits() {
        return java.util.Set.of(METRICS);
    }

    @Override
    public void decode(String text, long receivedAt, EventCollector out) throws DecodeException {
        decodeTree(JsonFields.parseObject(text), receivedAt, out);
    }

    void decodeTree(JsonNode obj, long receivedAt, EventCollector out) throws DecodeException {
        long time = JsonFields.time(obj, "timestamp", options, receivedAt);
        double value = JsonFields.finiteNumber(obj, "value");
        Map<String, String> labels = JsonFields.stringMap(obj, "labels");
        String name = JsonFields.optionalText(obj, "name");
        if (name == null || name.isEmpty()) {
            name = labels.get("__name__");
        }
        if (name == null || name.isEmpty()) {
            throw new DecodeException("field 'name' is missing (and labels has no '__name__')");
        }
        labels.remove("__name__");
        out.metric(new MetricSample(time, hostOf(labels), name, value, labels));
    }

    private static String hostOf(Map<String, String> labels) throws DecodeException {
        for (String label : HOST_LABELS) {
            String v = labels.get(label);
            if (v != null && !v.isEmpty()) {
                return label.equals("instance") ? stripPort(v) : v;
            }
        }
        throw new DecodeException("field 'labels' has no 'instance' (or host, hostname, node) label to name the host");
    }

    /** "web-3:9100" → "web-3", "[::1]:9100" → "::1", "10.0.0.1" → "10.0.0.1". */
    static String stripPort(String instance) {
        if (instance.startsWith("[")) {
            int close = instance.indexOf(']');
            return close > 0 ? instance.substring(1, close) : instance;
        }
        int colon = instance.lastIndexOf(':');
        if (colon > 0 && instance.indexOf(':') == colon) {
            return instance.substring(0, colon);
        }
        return instance;
    }
}
