package dev.vigil.model;

import java.util.Objects;

/**
 * A record that could not be decoded, kept whole with the reason. Exactly one of {@code rawText}
 * (valid UTF-8) and {@code rawBase64} (anything else) is set.
 *
 * @param time      when Vigil received it (Kafka record timestamp, or the replay clock), epoch millis UTC
 * @param stream    the stream it arrived on: metrics, logs or security
 * @param format    the decoder that was asked to read it
 * @param source    Kafka topic or file path
 * @param partition Kafka partition; null for files
 * @param offset    Kafka offset, or the file's 1-based line number
 * @param reason    what was wrong, naming the field or position
 * @param rawText   the record as text, when it is valid UTF-8
 * @param rawBase64 the record's bytes in base64, when it is not
 * @param rawBytes  the record's length in bytes
 */
public record DeadLetter(
        long time,
        String stream,
        String format,
        String source,
        Integer partition,
        long offset,
        String reason,
        String rawText,
        String rawBase64,
        int rawBytes) {
    public DeadLetter {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
    }
}
