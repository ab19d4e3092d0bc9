package dev.vigil.decode;

import dev.vigil.model.DeadLetter;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The one entry point from raw bytes to events: enforces the size limit and strict UTF-8, strips the
 * line terminator, runs the format's {@link Decoder}, and turns every failure into a {@link DeadLetter}
 * that keeps the bytes and the reason. Nothing a record contains can make it throw.
 *
 * <p>A {@link BinaryDecoder} (protobuf formats) gets the bytes themselves after the null, blank and size
 * checks: the UTF-8 and NUL checks and the terminator stripping are text rules, and would reject or cut
 * valid binary records. Skipping blank records is kept for them too, so that every format counts records
 * alike: for OTLP a record of white-space bytes cannot hold an event anyway (the tag byte of scope_logs and
 * scope_metrics, 0x12, is not white space), and an empty one is an empty message.
 *
 * <p>Not thread-safe (it reuses a charset decoder); each parallel task owns one.
 */
public final class RecordDecoder {
    /** Receives events and dead letters. */
    public interface Output extends EventCollector {
        void deadLetter(DeadLetter deadLetter);
    }

    private final Decoder decoder;
    private final String stream;
    private final int maxRecordBytes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    public RecordDecoder(Decoder decoder, String stream, int maxRecordBytes) {
        this.decoder = decoder;
        this.stream = stream;
        this.maxRecordBytes = maxRecordBytes;
    }

    public String format() {
        return decoder.name();
    }

    /**
     * Decodes one record: a blank record ({@link #isBlank}) yields nothing, any other exactly one row (a
     * metric, a log record with the security facts derived from it, or a security event) or exactly one
     * dead letter.
     *
     * @return false when the record was dead-lettered
     */
    public boolean decode(byte[] raw, String source, Integer partition, long offset, long receivedAt, Output out) {
        if (raw == null) {
            // A Kafka tombstone: no value at all.
            out.deadLetter(deadLetter(receivedAt, source, partition, offset, "record has no value (null)", new byte[0]));
            return false;
        }
        // Before the size limit, so a blank record is skipped however long it is: checked after it, a
        // megabyte of spaces would be a dead letter while ten spaces are nothing, and a count of non-blank
        // lines would not match rows plus dead letters.
        if (isBlank(raw)) {
            return true;
        }
        if (raw.length > maxRecordBytes) {
            out.deadLetter(deadLetter(receivedAt, source, partition, offset,
                    "record is " + raw.length + " bytes, over the limit of " + maxRecordBytes
                            + " (ingest.max-record-bytes)", raw));
            return false;
        }
        // A binary decoder (protobuf) gets the bytes as they are; text decoders get strict UTF-8 without NULs.
        BinaryDecoder binary = decoder instanceof BinaryDecoder b ? b : null;
        String text = null;
        if (binary == null) {
            try {
                text = utf8.reset().decode(ByteBuffer.wrap(raw)).toString();
            } catch (CharacterCodingException e) {
                out.deadLetter(deadLetter(receivedAt, source, partition, offset,
                        "record is not valid UTF-8 (" + e.getMessage() + " at byte " + firstInvalidUtf8(raw) + ")", raw));
                return false;
            }
            text = stripTerminator(text);
            if (text.indexOf('\0') >= 0) {
                out.deadLetter(deadLetter(receivedAt, source, partition, offset,
                        "record contains a NUL character at position " + text.indexOf('\0'), raw));
                return false;
            }
        }
        try {
            if (binary != null) {
                binary.decodeBytes(raw, receivedAt, out);
            } else {
                decoder.decode(text, receivedAt, out);
            }
            return true;
        } catch (DecodeException e) {
            out.deadLetter(deadLetter(receivedAt, source, partition, offset, e.getMessage(), raw));
            return false;
        } catch (RuntimeException | StackOverflowError e) {
            // A decoder bug (or a plugged-in decoder's deep recursion on a crafted record) must not stop the
            // job or lose the record: the record is kept with the error.
            out.deadLetter(deadLetter(receivedAt, source, partition, offset, failure(e), raw));
            return false;
        }
    }

    private String failure(Throwable e) {
        return "decoder " + decoder.name() + " failed: " + e.getClass().getName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /**
     * Whether a record is blank: empty, or only white space as {@link Character#isWhitespace} defines it
     * (space, tab, CR, LF, vertical tab, form feed, the separators U+001C to U+001F, and Unicode space,
     * line and paragraph separators other than the no-break spaces). This is the one definition: the
     * decoder skips exactly these records, the file reader skips the blank lines it has to cut too long,
     * and whatever counts records against rows and dead letters must use it. Invalid UTF-8 is never
     * blank (it is dead-lettered), nor is a null value (a Kafka tombstone, also dead-lettered).
     */
    public static boolean isBlank(byte[] raw) {
        if (raw == null) {
            return false;
        }
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b < 0) {
                // Past ASCII the bytes must be read as text; malformed ones read as U+FFFD, which is not white space.
                return new String(raw, i, raw.length - i, StandardCharsets.UTF_8).isBlank();
            }
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    /** Dead-letters a record that was rejected before decoding (for example a line cut at the reader's hard limit). */
    public void reject(byte[] raw, String source, Integer partition, long offset, long receivedAt, String reason, Output out) {
        out.deadLetter(deadLetter(receivedAt, source, partition, offset, reason, raw));
    }

    private DeadLetter deadLetter(long receivedAt, String source, Integer partition, long offset, String reason, byte[] raw) {
        String rawText = null;
        String rawBase64 = null;
        if (isValidUtf8(raw)) {
            rawText = new String(raw, StandardCharsets.UTF_8);
        } else {
            rawBase64 = Base64.getEncoder().encodeToString(raw);
        }
        return new DeadLetter(receivedAt, stream, decoder.name(), source, partition, offset, reason, rawText, rawBase64, raw.length);
    }

    private boolean isValidUtf8(byte[] raw) {
        try {
            utf8.reset().decode(ByteBuffer.wrap(raw));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static int firstInvalidUtf8(byte[] raw) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(raw);
        CharBuffer out = CharBuffer.allocate(raw.length + 1);
        d.decode(in, out, true);
        return in.position();
    }

    static String stripTerminator(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return end == text.length() ? text : text.substring(0, end);
    }
}
