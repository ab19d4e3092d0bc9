package dev.vigil.decode;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Detects the format per record: a JSON object with {@code "kind"} is Vigil JSON, one with
 * {@code "name"}/{@code "labels"} and {@code "value"} is a Prometheus sample, a line that starts with
 * {@code type=} or {@code node=... type=} is an audit.log record; JSON with {@code @timestamp} is an ECS
 * document, with {@code __REALTIME_TIMESTAMP} a journald entry, with {@code resourceLogs} or
 * {@code resourceMetrics} OTLP; Influx line protocol and OTLP protobuf are never guessed (name them);
 * anything else is syslog (with Sysmon for
 * Linux events in it read as {@link SysmonLinuxDecoder} reads them).
 * JSON is parsed once and handed to the chosen decoder.
 */
public final class AutoDecoder implements Decoder {
    /** Syslog, and Sysmon for Linux events carried in syslog lines. */
    private final SysmonLinuxDecoder syslog;
    private final PrometheusJsonDecoder prometheus;
    private final VigilJsonDecoder vigil;
    private final dev.vigil.decode.auditd.AuditdDecoder auditd;
    private final EcsJsonDecoder ecs;
    private final Decoder journald;
    private final Decoder otlp;

    public AutoDecoder(DecoderOptions options) {
        this.syslog = new SysmonLinuxDecoder(options);
        this.prometheus = new PrometheusJsonDecoder(options);
        this.vigil = new VigilJsonDecoder(options);
        this.auditd = new dev.vigil.decode.auditd.AuditdDecoder(options);
        this.ecs = new EcsJsonDecoder(options);
        this.journald = Decoders.create(Decoders.JOURNALD, options);
        this.otlp = Decoders.create(Decoders.OTLP_JSON, options);
    }

    @Override
    public String name() {
        return Decoders.AUTO;
    }

    @Override
    public java.util.Set<String> emits() {
        java.util.Set<String> all = new java.util.HashSet<>(vigil.emits());
        all.addAll(syslog.emits());
        all.addAll(ecs.emits());
        all.addAll(otlp.emits());
        all.addAll(auditd.emits());
        return all;
    }

    @Override
    public void decode(String text, long receivedAt, EventCollector out) throws DecodeException {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i < text.length() && (text.charAt(i) == '{' || text.charAt(i) == '[')) {
            JsonNode obj = JsonFields.parseObject(text);
            if (obj.has("kind")) {
                vigil.decodeTree(obj, receivedAt, out);
            } else if (obj.has("value") && (obj.has("name") || obj.has("labels"))) {
                prometheus.decodeTree(obj, receivedAt, out);
            } else if (obj.has("@timestamp")) {
                ecs.decodeTree(obj, receivedAt, out);
            } else if (obj.has("__REALTIME_TIMESTAMP")) {
                journald.decode(text, receivedAt, out); // parsed again: its decoder streams the record
            } else if (obj.has("resourceLogs") || obj.has("resourceMetrics")) {
                otlp.decode(text, receivedAt, out);
            } else {
                throw new DecodeException("JSON object is neither Vigil JSON (no 'kind'), a Prometheus sample (no 'name'/'value'),"
                        + " an ECS document (no '@timestamp'), a journald entry (no '__REALTIME_TIMESTAMP') nor OTLP (no 'resourceLogs'/'resourceMetrics')");
            }
            return;
        }
        if (text.startsWith("type=", i) || (text.startsWith("node=", i) && text.indexOf(" type=", i) > 0)) {
            auditd.decode(text, receivedAt, out);
            return;
        }
        syslog.decode(text, receivedAt, out);
    }
}
