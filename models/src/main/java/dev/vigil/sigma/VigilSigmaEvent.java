package dev.vigil.sigma;

import dev.vigil.model.LogRecord;
import dev.vigil.model.SecurityEvent;

import java.util.Map;

/**
 * Shows a Vigil log record or security event to Sigma rules under ECS names. Mutable and reusable:
 * one instance per task, pointed at each event in turn.
 *
 * <p>Logs: {@code @timestamp, host.name, process.name, process.pid, log.level, message}. Security events:
 * {@code event.action, event.outcome, user.name, user.target.name, source.ip, source.port, destination.ip,
 * destination.port, network.bytes, process.name, host.name}. Both: every attribute under its own key and
 * under {@code labels.<key>}; sudo's {@code command} also as {@code process.command_line}.
 */
public final class VigilSigmaEvent implements SigmaEvent {
    private LogRecord log;
    private SecurityEvent security;
    /** The message lower-cased, once per event however many keyword rules ask. */
    private String messageLower;

    public VigilSigmaEvent of(LogRecord record) {
        this.log = record;
        this.security = null;
        this.messageLower = null;
        return this;
    }

    public VigilSigmaEvent of(SecurityEvent event) {
        this.log = null;
        this.security = event;
        this.messageLower = null;
        return this;
    }

    @Override
    public String messageLower() {
        if (messageLower == null) {
            String m = message();
            if (m != null) {
                messageLower = m.toLowerCase(java.util.Locale.ROOT);
            }
        }
        return messageLower;
    }

    @Override
    public long time() {
        return log != null ? log.time() : security.time();
    }

    @Override
    public String message() {
        // Security events keep the record they came from when it is the event itself (an audit record):
        // Sigma's keyword rules for auditd search that line.
        return log != null ? log.message() : security.attributes().get(ORIGINAL);
    }

    /** ECS {@code event.original}: the raw record a security event was read from, when kept. */
    public static final String ORIGINAL = "event.original";

    @Override
    public boolean in(LogsourceSelector s) {
        switch (s.kind()) {
            case "log":
                if (log == null) {
                    return false;
                }
                if (s.apps().isEmpty()) {
                    return true;
                }
                String app = log.app();
                if (app == null) {
                    return false;
                }
                int paren = app.indexOf('(');
                return s.apps().contains(app) || (paren > 0 && s.apps().contains(app.substring(0, paren)));
            case "security":
                return security != null && (s.actions().isEmpty() || s.actions().contains(security.action()));
            default:
                return false;
        }
    }

    @Override
    public String field(String name) {
        return log != null ? logField(name) : securityField(name);
    }

    private String logField(String name) {
        switch (name) {
            case "host.name": return log.host();
            case "process.name": return log.app();
            case "process.pid": return log.pid() == null ? null : log.pid().toString();
            case "log.level": return log.severity();
            case "message": return log.message();
            case "@timestamp": return java.time.Instant.ofEpochMilli(log.time()).toString();
            default: return attribute(log.attributes(), name);
        }
    }

    private String securityField(String name) {
        SecurityEvent e = security;
        switch (name) {
            case "host.name": return e.host();
            case "event.action": return e.action();
            case "event.outcome": return e.outcome();
            case "user.name": return e.user();
            case "user.target.name": return e.targetUser();
            case "source.ip": return e.sourceIp();
            case "source.port": return e.sourcePort() == null ? null : e.sourcePort().toString();
            case "destination.ip": return e.destinationIp();
            case "destination.port": return e.destinationPort() == null ? null : e.destinationPort().toString();
            case "network.bytes": return e.bytes() == null ? null : e.bytes().toString();
            case "process.name": return e.process();
            case "process.command_line": {
                String line = e.attributes().get("process.command_line");
                return line != null ? line : e.attributes().get("command");
            }
            case "@timestamp": return java.time.Instant.ofEpochMilli(e.time()).toString();
            default: return attribute(e.attributes(), name);
        }
    }

    private static String attribute(Map<String, String> attributes, String name) {
        if (name.startsWith("labels.")) {
            return attributes.get(name.substring(7));
        }
        return attributes.get(name);
    }

    /** A one-line description of the current event, for incidents. */
    public String summary() {
        if (log != null) {
            String m = log.message();
            return log.host() + " " + (log.app() == null ? "" : log.app() + ": ") + (m.length() > 160 ? m.substring(0, 157) + "..." : m);
        }
        SecurityEvent e = security;
        StringBuilder b = new StringBuilder(e.host()).append(' ').append(e.action()).append(' ').append(e.outcome());
        if (e.user() != null) {
            b.append(" user=").append(e.user());
        }
        if (e.targetUser() != null) {
            b.append(" target=").append(e.targetUser());
        }
        if (e.sourceIp() != null) {
            b.append(" from ").append(e.sourceIp());
        }
        if (e.destinationPort() != null) {
            b.append(" dport=").append(e.destinationPort());
        }
        if (e.process() != null) {
            b.append(" process=").append(e.process());
        }
        return b.toString();
    }
}
