package dev.vigil.model;

import java.util.Map;
import java.util.Objects;

/**
 * One log line (ECS: {@code @timestamp}, {@code host.name}, {@code process.name}, {@code process.pid},
 * {@code log.level}, {@code message}, {@code labels}).
 *
 * @param time       event time, epoch milliseconds UTC
 * @param host       the originating host (syslog HOSTNAME)
 * @param app        program, app or systemd unit (syslog TAG / APP-NAME); null when the line has none
 * @param pid        process id; null when the line has none
 * @param severity   a {@link Severity} keyword
 * @param message    the message text
 * @param attributes everything else the format carries (facility, msgid, structured data), sorted
 * @param templateId the id of the log template the line belongs to; null until the job's template miner saw it
 */
public record LogRecord(
        long time, String host, String app, Integer pid, String severity, String message, Map<String, String> attributes,
        String templateId) {
    public LogRecord {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        attributes = Maps.sortedCopy(attributes);
    }

    /** A decoded line, not yet mined. */
    public LogRecord(long time, String host, String app, Integer pid, String severity, String message, Map<String, String> attributes) {
        this(time, host, app, pid, severity, message, attributes, null);
    }

    public LogRecord withTemplateId(String id) {
        return new LogRecord(time, host, app, pid, severity, message, attributes, id);
    }
}
