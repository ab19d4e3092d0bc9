package dev.vigil.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * Jackson's streaming parser for the JSON decoders that read a record token by token (journald, OTLP):
 * no tree is built, and values a decoder does not need are skipped without being turned into strings,
 * which is most of a journald entry. Same nesting limit as {@link JsonFields}, and errors worded as
 * there, so dead-letter kinds ({@link DeadLetterKinds}) read them alike.
 */
public final class JsonStreams {
    /** Thread-safe; parsers made from it are not. */
    public static final JsonFactory FACTORY = JsonFields.MAPPER.getFactory();

    private JsonStreams() {}

    /** A parser on the record, positioned on its first token, which must open an object. */
    public static JsonParser openObject(String text) throws DecodeException {
        JsonParser p;
        try {
            p = FACTORY.createParser(text);
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new DecodeException("expected a JSON object, got " + (first == null ? "nothing" : describe(first)));
            }
            return p;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new DecodeException("malformed JSON: " + e.getMessage());
        }
    }

    /** Rejects anything but white space after the record's object (two objects on one line, say). */
    public static void expectEnd(JsonParser p) throws IOException, DecodeException {
        JsonToken after = p.nextToken();
        if (after != null) {
            throw new DecodeException("malformed JSON at line " + p.currentLocation().getLineNr() + " column "
                    + p.currentLocation().getColumnNr() + ": content after the object (" + describe(after) + ")");
        }
    }

    /** The exception for a syntax error, with its line and column. */
    public static DecodeException malformed(JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                + " column " + e.getLocation().getColumnNr();
        return new DecodeException("malformed JSON" + where + ": " + e.getOriginalMessage());
    }

    /** A token as the JSON type it starts: OBJECT, ARRAY, STRING, NUMBER, BOOLEAN or NULL. */
    public static String describe(JsonToken t) {
        switch (t) {
            case START_OBJECT: return "OBJECT";
            case START_ARRAY: return "ARRAY";
            case VALUE_STRING: return "STRING";
            case VALUE_NUMBER_INT: case VALUE_NUMBER_FLOAT: return "NUMBER";
            case VALUE_TRUE: case VALUE_FALSE: return "BOOLEAN";
            case VALUE_NULL: return "NULL";
            default: return t.name();
        }
    }
}
