package dev.vigil.sigma;

import java.util.HashMap;
import java.util.Map;

/** A hand-made event for rule tests: fields by ECS name, a message, and the logsource kind it belongs to. */
final class TestEvent implements SigmaEvent {
    private final Map<String, String> fields = new HashMap<>();
    private final String kind;
    private String message;
    private long time;

    TestEvent(String kind) {
        this.kind = kind;
    }

    static TestEvent log(String app, String message) {
        TestEvent e = new TestEvent("log");
        e.message = message;
        e.fields.put("process.name", app);
        return e;
    }

    static TestEvent security(String action) {
        TestEvent e = new TestEvent("security");
        e.fields.put("event.action", action);
        return e;
    }

    TestEvent with(String field, String value) {
        fields.put(field, value);
        return this;
    }

    TestEvent at(long t) {
        this.time = t;
        return this;
    }

    @Override
    public String field(String ecsName) {
        return fields.get(ecsName);
    }

    @Override
    public String message() {
        return message;
    }

    @Override
    public long time() {
        return time;
    }

    @Override
    public boolean in(LogsourceSelector s) {
        if (!s.kind().equals(kind)) {
            return false;
        }
        if (kind.equals("log")) {
            return s.apps().isEmpty() || s.apps().contains(fields.get("process.name"));
        }
        return s.actions().isEmpty() || s.actions().contains(fields.get("event.action"));
    }
}
