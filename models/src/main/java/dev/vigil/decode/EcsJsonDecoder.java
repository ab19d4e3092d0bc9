package dev.vigil.decode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.model.LogRecord;
import dev.vigil.model.SecurityAction;
import dev.vigil.model.SecurityEvent;
import dev.vigil.model.Severity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Filebeat and Elastic Agent documents (Elastic Common Schema), one JSON object per record, with nested
 * objects ({@code "process":{"pid":1}}) or dotted keys ({@code "process.pid":1}), as both ship them.
 * Documents that state an event Vigil has an action for become security events, mapped field by field
 * (docs/schemas.md): process starts (process_creation), network connections, file creations,
 * authentications and account changes. Any other document with a {@code message} becomes a log record,
 * with the facts syslog finds in the same text (Filebeat's system and auth modules ship the line there).
 */
public final class EcsJsonDecoder implements Decoder {
    public static final String NAME = "ecs-json";
    private static final Set<String> PROCESS_START_ACTIONS = Set.of("executed", "exec", "process_started", "process-started", "start");

    private final DecoderOptions options;
    private final SecurityFacts facts = new SecurityFacts();

    public EcsJsonDecoder(DecoderOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> emits() {
        Set<String> all = new java.util.HashSet<>(SecurityFacts.ACTIONS);
        all.add(LOGS);
        all.add(SecurityAction.PROCESS_EXEC.keyword());
        all.add(SecurityAction.FILE_CHANGED.keyword());
        all.add(SecurityAction.NET_CONNECTION.keyword());
        return all;
    }

    @Override
    public void decode(String text, long receivedAt, EventCollector out) throws DecodeException {
        decodeTree(JsonFields.parseObject(text), receivedAt, out);
    }

    void decodeTree(JsonNode document, long receivedAt, EventCollector out) throws DecodeException {
        Map<String, JsonNode> f = new HashMap<>(64);
        flatten(document, "", f);
        String ts = text(f, "@timestamp");
        if (ts == null) {
            throw new DecodeException("field '@timestamp' is missing");
        }
        long time;
        try {
            time = Rfc3339.toEpochMilli(ts);
        } catch (java.time.format.DateTimeParseException e) {
            throw new DecodeException("field '@timestamp': '" + ts + "' is not an RFC 3339 time");
        }
        time = options.checkTime("@timestamp", time, receivedAt);
        String host = first(text(f, "host.name"), text(f, "host.hostname"), text(f, "agent.hostname"), options.defaultHost());
        List<String> categories = strings(f.get("event.category"));
        List<String> types = strings(f.get("event.type"));
        String action = text(f, "event.action");
        String outcome = outcome(text(f, "event.outcome"));
        SecurityEvent event = null;
        boolean namesAProgram = f.containsKey("process.executable") || f.containsKey("process.args") || f.containsKey("process.name");
        if (categories.contains("process") && (types.contains("start") || (action != null && PROCESS_START_ACTIONS.contains(action)))
                && namesAProgram) {
            // (a process start that names no program, like auditd's own DAEMON_START, is kept as a log record below)
            event = process(f, time, host, outcome);
        } else if (categories.contains("network") && text(f, "destination.ip") != null) {
            event = network(f, time, host, outcome);
        } else if (categories.contains("file") && (types.contains("creation") || types.contains("change"))) {
            event = file(f, time, host, outcome);
        } else if (categories.contains("authentication") && !SecurityEvent.UNKNOWN.equals(outcome)) {
            event = common(f, time, host, SecurityEvent.FAILURE.equals(outcome) ? SecurityAction.AUTH_FAILURE : SecurityAction.AUTH_SUCCESS,
                    outcome, new HashMap<>(4)).build();
        } else if (categories.contains("iam") && types.contains("change") && action != null && action.contains("password")) {
            event = common(f, time, host, SecurityAction.PASSWORD_CHANGED, outcome, new HashMap<>(4))
                    .targetUser(first(text(f, "user.target.name"), text(f, "user.name"), null, null)).build();
        } else if (categories.contains("iam") && (types.contains("creation") || types.contains("deletion"))) {
            boolean group = types.contains("group");
            boolean created = types.contains("creation");
            SecurityAction a = group ? (created ? SecurityAction.GROUP_ADDED : SecurityAction.GROUP_DELETED)
                    : (created ? SecurityAction.USER_ADDED : SecurityAction.USER_DELETED);
            event = common(f, time, host, a, outcome, new HashMap<>(4))
                    .targetUser(first(text(f, "user.target.name"), text(f, "group.name"), text(f, "user.name"), null)).build();
        }
        if (event != null) {
            out.security(event);
            return;
        }
        // Any other document is kept as a log record: its message, else the record it was made from, else
        // what it says happened (an ECS event of a kind Vigil has no action for is still an event).
        String message = first(text(f, "message"), text(f, "event.original"),
                action == null ? null : (text(f, "event.dataset") == null ? "" : text(f, "event.dataset") + " ") + action, null);
        if (message == null) {
            throw new DecodeException("document has no event Vigil maps (process start, network, file, authentication, iam),"
                    + " no 'message', no 'event.original' and no 'event.action'");
        }
        Map<String, String> attrs = new HashMap<>(4);
        put(attrs, "event.dataset", text(f, "event.dataset"));
        put(attrs, "log.file.path", text(f, "log.file.path"));
        LogRecord record = new LogRecord(time, host, first(text(f, "process.name"), text(f, "service.name"), null, null),
                integer(f, "process.pid"), severity(text(f, "log.level")), message, attrs);
        out.log(record);
        facts.extract(record, out);
    }

    private static SecurityEvent process(Map<String, JsonNode> f, long time, String host, String outcome) throws DecodeException {
        Map<String, String> a = new HashMap<>(16);
        List<String> args = strings(f.get("process.args"));
        // sudo's USER_CMD and similar records name the command, not its path
        String exe = first(text(f, "process.executable"), args.isEmpty() ? null : args.get(0), text(f, "process.name"), null);
        if (exe == null) {
            throw new DecodeException("process start: 'process.executable', 'process.args' and 'process.name' are all empty");
        }
        a.put("process.executable", exe);
        String line = first(text(f, "process.command_line"), args.isEmpty() ? null : String.join(" ", args), null, null);
        put(a, "process.command_line", line);
        put(a, "process.working_directory", text(f, "process.working_directory"));
        put(a, "process.parent.executable", text(f, "process.parent.executable"));
        List<String> parentArgs = strings(f.get("process.parent.args"));
        put(a, "process.parent.command_line", first(text(f, "process.parent.command_line"),
                parentArgs.isEmpty() ? null : String.join(" ", parentArgs), null, null));
        put(a, "process.parent.pid", text(f, "process.parent.pid"));
        return common(f, time, host, SecurityAction.PROCESS_EXEC, SecurityEvent.UNKNOWN.equals(outcome) ? SecurityEvent.SUCCESS : outcome, a)
                .build();
    }

    private static SecurityEvent network(Map<String, JsonNode> f, long time, String host, String outcome) throws DecodeException {
        Map<String, String> a = new HashMap<>(8);
        put(a, "network.transport", text(f, "network.transport"));
        put(a, "network.direction", text(f, "network.direction"));
        put(a, "destination.domain", text(f, "destination.domain"));
        return common(f, time, host, SecurityAction.NET_CONNECTION, outcome, a)
                .destinationIp(text(f, "destination.ip")).destinationPort(port(f, "destination.port"))
                .sourcePort(port(f, "source.port")).bytes(longValue(f, "network.bytes")).build();
    }

    private static SecurityEvent file(Map<String, JsonNode> f, long time, String host, String outcome) throws DecodeException {
        String path = text(f, "file.path");
        if (path == null) {
            throw new DecodeException("file event: field 'file.path' is missing");
        }
        Map<String, String> a = new HashMap<>(8);
        a.put("file.path", path);
        return common(f, time, host, SecurityAction.FILE_CHANGED, SecurityEvent.UNKNOWN.equals(outcome) ? SecurityEvent.SUCCESS : outcome, a)
                .build();
    }

    /** The fields every mapped event carries: user, source address, process, and the document's event.action. */
    private static SecurityEvent.Builder common(Map<String, JsonNode> f, long time, String host, SecurityAction action, String outcome,
            Map<String, String> a) throws DecodeException {
        if (!a.containsKey("process.executable")) {
            put(a, "process.executable", text(f, "process.executable"));
        }
        put(a, "process.pid", text(f, "process.pid"));
        put(a, "user.id", text(f, "user.id"));
        put(a, "event.action", text(f, "event.action"));
        put(a, "event.dataset", text(f, "event.dataset"));
        String exe = a.get("process.executable");
        String process = first(text(f, "process.name"), exe == null ? null : exe.substring(exe.lastIndexOf('/') + 1), null, null);
        return SecurityEvent.builder(time, host, action, outcome).user(text(f, "user.name")).process(process)
                .sourceIp(first(text(f, "source.ip"), text(f, "source.address"), null, null)).attributes(a);
    }

    /** Nested objects to dotted keys (dotted keys as they are); arrays stay whole. Depth is bounded by the parser. */
    private static void flatten(JsonNode node, String prefix, Map<String, JsonNode> out) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue().isObject()) {
                flatten(e.getValue(), key, out);
            } else {
                out.put(key, e.getValue());
            }
        }
    }

    private static String text(Map<String, JsonNode> f, String key) {
        JsonNode v = f.get(key);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return v != null && v.isArray() && v.size() > 0 && v.get(0).isValueNode() ? v.get(0).asText() : null;
        }
        String s = v.asText();
        return s.isEmpty() ? null : s;
    }

    private static List<String> strings(JsonNode v) {
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (v.isArray()) {
            v.forEach(x -> out.add(x.asText()));
        } else {
            out.add(v.asText());
        }
        return out;
    }

    private static Integer integer(Map<String, JsonNode> f, String key) throws DecodeException {
        Long v = longValue(f, key);
        if (v != null && (v < 0 || v > Integer.MAX_VALUE)) {
            throw new DecodeException("field '" + key + "': " + v + " is out of range");
        }
        return v == null ? null : v.intValue();
    }

    private static Integer port(Map<String, JsonNode> f, String key) throws DecodeException {
        Integer p = integer(f, key);
        if (p != null && p > 65535) {
            throw new DecodeException("field '" + key + "': " + p + " is not a port");
        }
        return p;
    }

    private static Long longValue(Map<String, JsonNode> f, String key) throws DecodeException {
        String s = text(f, key);
        if (s == null) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new DecodeException("field '" + key + "': '" + s + "' is not an integer");
        }
    }

    private static String outcome(String o) {
        if (o == null) {
            return SecurityEvent.UNKNOWN;
        }
        return switch (o) {
            case "success" -> SecurityEvent.SUCCESS;
            case "failure" -> SecurityEvent.FAILURE;
            default -> SecurityEvent.UNKNOWN;
        };
    }

    private static String severity(String level) {
        if (level == null) {
            return Severity.INFO.keyword();
        }
        return Severity.parse(level).map(Severity::keyword).orElse(Severity.INFO.keyword());
    }

    private static void put(Map<String, String> a, String key, String v) {
        if (v != null) {
            a.put(key, v);
        }
    }

    private static String first(String a, String b, String c, String d) {
        return a != null ? a : b != null ? b : c != null ? c : d;
    }
}
