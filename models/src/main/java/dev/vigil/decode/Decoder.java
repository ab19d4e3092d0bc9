package dev.vigil.decode;

/**
 * Reads one text record (a line or a Kafka value) into events. Implementations are stateless after
 * construction and safe to reuse for every record of one task; they emit nothing for a record they
 * reject, so a rejected record is never half-ingested.
 */
public interface Decoder {
    /** The name users pick it by ({@code --format NAME}). */
    String name();

    /**
     * @param text       the record, valid UTF-8 already, without line terminator
     * @param receivedAt when Vigil received it (Kafka timestamp or replay clock), epoch millis; anchors
     *                   year inference and the plausibility window of event times
     */
    void decode(String text, long receivedAt, EventCollector out) throws DecodeException;

    /** The kind of events {@link #emits()} names for log records. */
    String LOGS = "log";
    /** The kind of events {@link #emits()} names for metric samples. */
    String METRICS = "metric";
    /** Stands for every security action in {@link #emits()} (a format that carries events of any kind). */
    String ANY_SECURITY = "security:*";

    /**
     * What this decoder's events can be: {@link #LOGS}, {@link #METRICS}, and the security actions it emits
     * ({@code event.action} keywords) or {@link #ANY_SECURITY}. {@code vigil rules check} says from it whether
     * a configured input can feed a rule's logsource. Empty when a plugged-in decoder does not say.
     */
    default java.util.Set<String> emits() {
        return java.util.Set.of();
    }
}
