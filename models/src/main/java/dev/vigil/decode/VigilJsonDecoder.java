package dev.vigil.decode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.model.LogRecord;
import dev.vigil.model.MetricSample;
import dev.vigil.model.SecurityAction;
import dev.vigil.model.SecurityEvent;
import dev.vigil.model.Severity;

/**
 * Reads Vigil's own JSON lines, one event per line, {@code "kind"} saying which:
 * {@code metric} (time, host, name, value, labels), {@code log} (time, host, app, pid, severity,
 * message, attributes) or {@code security} (time, host, action, outcome, user, target_user,
 * source_ip, source_port, destination_ip, destination_port, bytes, process, attributes).
 * Times are RFC 3339 strings or epoch milliseconds. Unknown fields are ignored, so newer writers
 * can add fields. {@link VigilJson} writes this format.
 */
public final class VigilJsonDecoder implements Decoder {
    private final DecoderOptions options;
    private final SecurityFacts facts = new SecurityFacts();

    public VigilJsonDecoder(DecoderOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return Decoders.VIGIL_JSON;
    }

    @Override
    public java.util.Set<String> emits() {
        return java.util.Set.of(LOGS, METRICS, ANY_SECURITY);
    }

    @Override
    public void decode(String text, long receivedAt, EventCollector out) throws DecodeException {
        decodeTree(JsonFields.parseObject(text), receivedAt, out);
    }

    void decodeTree(JsonNode obj, long receivedAt, EventCollector out) throws DecodeException {
        String kind = JsonFields.requiredText(obj, "kind");
        long time = JsonFields.time(obj, "time", options, receivedAt);
        String host = JsonFields.requiredText(obj, "host");
        switch (kind) {
            case "metric":
                out.metric(new MetricSample(time, host, JsonFields.requiredText(obj, "name"),
                        JsonFields.finiteNumber(obj, "value"), JsonFields.stringMap(obj, "labels")));
                return;
            case "log": {
                String severityText = JsonFields.optionalText(obj, "severity");
                String severity = severityText == null ? Severity.INFO.keyword()
                        : Severity.parse(severityText).orElseThrow(() -> new DecodeException(
                                "field 'severity': '" + severityText + "' is not a syslog severity")).keyword();
                String message = JsonFields.optionalText(obj, "message");
                if (message == null) {
                    throw new DecodeException("field 'message' is missing");
                }
                LogRecord record = new LogRecord(time, host, JsonFields.optionalText(obj, "app"),
                        JsonFields.optionalInt(obj, "pid", 0, Integer.MAX_VALUE), severity, message,
                        JsonFields.stringMap(obj, "attributes"));
                out.log(record);
                facts.extract(record, out);
                return;
            }
            case "security": {
                String actionText = JsonFields.requiredText(obj, "action");
                SecurityAction action = SecurityAction.parse(actionText).orElseThrow(() -> new DecodeException(
                        "field 'action': '" + actionText + "' is not in the vocabulary (see docs/schemas.md)"));
                String outcome = JsonFields.optionalText(obj, "outcome");
                if (outcome == null) {
                    outcome = SecurityEvent.UNKNOWN;
                } else if (!outcome.equals(SecurityEvent.SUCCESS) && !outcome.equals(SecurityEvent.FAILURE)
                        && !outcome.equals(SecurityEvent.UNKNOWN)) {
                    throw new DecodeException("field 'outcome': '" + outcome + "' is not success, failure or unknown");
                }
                out.security(SecurityEvent.builder(time, host, action, outcome)
                        .user(JsonFields.optionalText(obj, "user"))
                        .targetUser(JsonFields.optionalText(obj, "target_user"))
                        .sourceIp(JsonFields.optionalText(obj, "source_ip"))
                        .sourcePort(JsonFields.optionalInt(obj, "source_port", 0, 65535))
                        .destinationIp(JsonFields.optionalText(obj, "destination_ip"))
                        .destinationPort(JsonFields.optionalInt(obj, "destination_port", 0, 65535))
                        .bytes(JsonFields.optionalLong(obj, "bytes"))
                        .process(JsonFields.optionalText(obj, "process"))
                        .attributes(JsonFields.stringMap(obj, "attributes"))
                        .build());
                return;
            }
            default:
                throw new DecodeException("field 'kind': '" + SyslogDecoder.abbreviate(kind) + "' is not metric, log or security");
        }
    }
}
