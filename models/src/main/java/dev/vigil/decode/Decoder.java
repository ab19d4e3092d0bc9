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
}
