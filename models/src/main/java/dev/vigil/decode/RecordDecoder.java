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
     * Decodes one record. Blank records (empty or white space only) carry nothing and are skipped.
     *
     * @return false when the record was dead-lettered
     */
    public boolean decode(byte[] raw, String source, Integer partition, long offset, long receivedAt, Output out) {
        if (raw == null) {
            // A Kafka tombstone: no value at all.
            out.deadLetter(deadLetter(receivedAt, source, partition, offset, "record has no value (null)", new byte[0]));
            return false;
        }
        if (raw.length > maxRecordBytes) {
            out.deadLetter(deadLetter(receivedAt, source, partition, offset,
                    "record is " + raw.length + " bytes, over the limit of " + maxRecordBytes
                            + " (ingest.max-record-bytes)", raw));
            return false;
        }
        String text;
        try {
            CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(raw));
            text = chars.toString();
        } catch (CharacterCodingException e) {
            out.deadLetter(deadLetter(receivedAt, source, partition, offset,
                    "record is not valid UTF-8 (" + e.getMessage() + " at byte " + firstInvalidUtf8(raw) + ")", raw));
            return false;
        }
        text = stripTerminator(text);
        if (text.isBlank()) {
            return true;
        }
        if (text.indexOf('\0') >= 0) {
            out.deadLetter(deadLetter(receivedAt, source, partition, offset,
                    "record contains a NUL character at position " + text.indexOf('\0'), raw));
            return false;
        }
        try {
            decoder.decode(text, receivedAt, out);
            return true;
        } catch (DecodeException e) {
            out.deadLetter(deadLetter(receivedAt, source, partition, offset, e.getMessage(), raw));
            return false;
        } catch (RuntimeException | StackOverflowError e) {
            // A decoder bug (or a plugged-in decoder's deep recursion on a crafted record) must not stop the
            // job or lose the record: the record is kept with the error.
            out.deadLetter(deadLetter(receivedAt, source, partition, offset,
                    "decoder " + decoder.name() + " failed: " + e.getClass().getName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage()), raw));
            return false;
        }
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
