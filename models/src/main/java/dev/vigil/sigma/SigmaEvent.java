package dev.vigil.sigma;

/**
 * An event as Sigma rules see it: ECS-named fields and a message for keywords. Implementations adapt
 * Vigil's records; one instance may be reused for every event of a task.
 */
public interface SigmaEvent {
    /** The field's value as text, or null when the event has no such field. */
    String field(String ecsName);

    /** The text keywords are searched in (the log message), or null. */
    String message();

    /** The message lower-cased; implementations that are asked by many rules cache it per event. */
    default String messageLower() {
        String m = message();
        return m == null ? null : m.toLowerCase(java.util.Locale.ROOT);
    }

    /** Event time, epoch millis. */
    long time();

    /** Whether the event belongs to a logsource (see {@link FieldMapping}). */
    boolean in(LogsourceSelector selector);
}
