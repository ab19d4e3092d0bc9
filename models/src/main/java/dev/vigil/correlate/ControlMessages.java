package dev.vigil.correlate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads control messages (one JSON object per line) and indicator files. Errors name the field.
 *
 * <pre>
 * {"type":"rule","rule":"vigil_ssh_brute_force","enabled":false}
 * {"type":"rule","rule":"vigil_ssh_brute_force","condition":{"gte":20},"suppression":"1h"}
 * {"type":"ioc","kind":"ip","value":"203.0.113.7","list":"blocklist","action":"add","tags":["attack.t1071"]}
 * </pre>
 */
public final class ControlMessages {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KINDS = Set.of("ip", "cidr", "domain", "user");
    private static final Set<String> OPS = Set.of("gt", "gte", "lt", "lte", "eq", "neq");

    private ControlMessages() {}

    public static ControlMessage parse(String line) throws IllegalArgumentException {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("control message is not JSON: " + e.getMessage().split("\n")[0]);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("control message must be a JSON object");
        }
        String type = n.path("type").asText("");
        switch (type) {
            case ControlMessage.RULE: {
                String rule = n.path("rule").asText("");
                if (rule.isEmpty()) {
                    throw new IllegalArgumentException("field 'rule' is missing");
                }
                Boolean enabled = n.has("enabled") ? n.get("enabled").asBoolean() : null;
                Map<String, Double> condition = null;
                if (n.has("condition")) {
                    condition = new HashMap<>();
                    Iterator<Map.Entry<String, JsonNode>> it = n.get("condition").fields();
                    while (it.hasNext()) {
                        Map.Entry<String, JsonNode> e = it.next();
                        if (!OPS.contains(e.getKey()) || !e.getValue().isNumber()) {
                            throw new IllegalArgumentException("field 'condition." + e.getKey() + "': expected one of " + OPS + " with a number");
                        }
                        condition.put(e.getKey(), e.getValue().doubleValue());
                    }
                }
                Long suppression = null;
                if (n.has("suppression")) {
                    suppression = dev.vigil.model.Durations.parse(n.get("suppression").asText(), "suppression").toMillis();
                }
                if (enabled == null && condition == null && suppression == null) {
                    throw new IllegalArgumentException("a rule message needs 'enabled', 'condition' or 'suppression'");
                }
                return ControlMessage.rule(rule, enabled, condition, suppression);
            }
            case ControlMessage.IOC: {
                String kind = n.path("kind").asText("");
                if (!KINDS.contains(kind)) {
                    throw new IllegalArgumentException("field 'kind': expected one of " + KINDS);
                }
                String value = n.path("value").asText("");
                if (value.isEmpty()) {
                    throw new IllegalArgumentException("field 'value' is missing");
                }
                String action = n.path("action").asText("add");
                if (!action.equals("add") && !action.equals("remove")) {
                    throw new IllegalArgumentException("field 'action': expected add or remove");
                }
                List<String> tags = new ArrayList<>();
                for (JsonNode t : n.path("tags")) {
                    tags.add(t.asText());
                }
                ControlMessage m = ControlMessage.ioc(kind, value, n.path("list").asText("control"), action, tags);
                IocMatcher.validate(m);
                return m;
            }
            case ControlMessage.SILENCE: {
                String id = id(n);
                String action = addOrExpire(n);
                if (action.equals("expire")) {
                    return ControlMessage.silence(id, action, List.of(), 0, 0);
                }
                List<String> matchers = matchers(n, "matchers");
                if (matchers.isEmpty()) {
                    throw new IllegalArgumentException("field 'matchers': a silence needs at least one matcher");
                }
                long starts = instant(n, "starts_at", 0);
                long ends = instant(n, "ends_at", -1);
                if (ends <= starts) {
                    throw new IllegalArgumentException("field 'ends_at' must be after 'starts_at'");
                }
                return ControlMessage.silence(id, action, matchers, starts, ends);
            }
            case ControlMessage.INHIBIT: {
                String id = id(n);
                String action = addOrExpire(n);
                if (action.equals("expire")) {
                    return ControlMessage.inhibit(id, action, List.of(), List.of(), List.of());
                }
                List<String> source = matchers(n, "source_matchers");
                List<String> target = matchers(n, "target_matchers");
                if (source.isEmpty() || target.isEmpty()) {
                    // Empty matchers would match every alert: one firing alert would mute the whole fleet.
                    throw new IllegalArgumentException("field '" + (source.isEmpty() ? "source_matchers" : "target_matchers")
                            + "': an inhibition needs at least one matcher on each side");
                }
                List<String> equal = new ArrayList<>();
                for (JsonNode e : n.path("equal")) {
                    equal.add(e.asText());
                }
                return ControlMessage.inhibit(id, action, source, target, equal);
            }
            default:
                throw new IllegalArgumentException("field 'type': expected rule, ioc, silence or inhibit");
        }
    }

    private static String id(JsonNode n) {
        String id = n.path("id").asText("");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("field 'id' is missing");
        }
        return id;
    }

    private static String addOrExpire(JsonNode n) {
        String action = n.path("action").asText("add");
        if (!action.equals("add") && !action.equals("expire")) {
            throw new IllegalArgumentException("field 'action': expected add or expire");
        }
        return action;
    }

    /** Alertmanager matchers ({@code host="web-3"}, {@code severity=~"warn.*"}), checked and normalised. */
    private static List<String> matchers(JsonNode n, String field) {
        List<String> matchers = new ArrayList<>();
        for (JsonNode m : n.path(field)) {
            try {
                matchers.add(dev.vigil.notify.LabelMatcher.parse(m.asText()).toString());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("field '" + field + "': " + e.getMessage());
            }
        }
        return matchers;
    }

    /**
     * An indicator file: one indicator per line, "#" comments; a line is {@code KIND VALUE} or just a
     * value, whose kind is then guessed: an IP address, a network (with "/"), a domain (with a dot), else a user.
     */
    public static List<ControlMessage> indicatorFile(String listName, List<String> lines, List<String> tags) {
        List<ControlMessage> out = new ArrayList<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            String kind;
            String value;
            if (parts.length == 2 && KINDS.contains(parts[0])) {
                kind = parts[0];
                value = parts[1].strip();
            } else {
                value = line;
                kind = value.contains("/") ? "cidr" : IocMatcher.isIp(value) ? "ip" : value.contains(".") ? "domain" : "user";
            }
            ControlMessage m = ControlMessage.ioc(kind, value, listName, "add", tags);
            try {
                IocMatcher.validate(m);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(listName + " line " + n + ": " + e.getMessage());
            }
            out.add(m);
        }
        return out;
    }

    /** An ISO 8601 instant in {@code field}; {@code absent} when missing, or an error when absent is -1. */
    private static long instant(JsonNode n, String field, long absent) {
        if (!n.hasNonNull(field)) {
            if (absent < 0) {
                throw new IllegalArgumentException("field '" + field + "' is missing");
            }
            return absent;
        }
        try {
            return java.time.Instant.parse(n.get(field).asText()).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + field + "': '" + n.get(field).asText() + "' is not an ISO 8601 time such as 2026-11-20T03:15:00Z");
        }
    }
}
