package dev.vigil.decode;

/**
 * A {@link Decoder} whose records are bytes, not text (protobuf). {@link RecordDecoder} hands such a
 * decoder the record's bytes as they came, skipping its strict UTF-8 and NUL checks and the removal of a
 * line terminator: all three would reject or corrupt valid binary records, where any byte value can occur
 * anywhere. Every other rule of {@link RecordDecoder} still applies (null value, blank record, size
 * limit, dead letters that keep the bytes, base64 when they are not UTF-8).
 *
 * <p>A separate interface rather than a second method on {@link Decoder}: text decoders, plugged-in ones
 * included, stay as they are, and the one place that reads raw records asks which kind it has.
 */
public interface BinaryDecoder extends Decoder {
    /**
     * Reads one binary record; like {@link Decoder#decode}, emits nothing for a record it rejects.
     *
     * @param raw        the record's bytes, never null or empty; not to be modified or kept
     * @param receivedAt when Vigil received it, epoch millis
     */
    void decodeBytes(byte[] raw, long receivedAt, EventCollector out) throws DecodeException;
}
