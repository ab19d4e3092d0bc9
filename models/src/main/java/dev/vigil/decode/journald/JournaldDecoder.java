package dev.vigil.decode.journald;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.decode.DecodeException;
import dev.vigil.decode.Decoder;
import dev.vigil.decode.DecoderOptions;
import dev.vigil.decode.EventCollector;
import dev.vigil.decode.JsonStreams;
import dev.vigil.decode.SecurityFacts;
import dev.vigil.decode.SyslogDecoder;
import dev.vigil.model.LogRecord;
import dev.vigil.model.Severity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads systemd journal entries as {@code journalctl -o json} exports them, one JSON object per record,
 * into a {@link LogRecord} plus the security and system facts syslog gives ({@link SecurityFacts}: the
 * journal carries the same sshd, sudo, PAM, systemd and kernel messages, with the program in
 * SYSLOG_IDENTIFIER, so the facts read them as they read syslog).
 *
 * <p>What the export writes, and how it is read:
 * <ul>
 *   <li>Every value is a string, numbers and timestamps included ({@code __REALTIME_TIMESTAMP} is
 *       microseconds since the epoch).</li>
 *   <li>A value holding bytes that are not printable UTF-8 (control characters, invalid sequences) is an
 *       array of byte values, {@code "MESSAGE":[72,105]}. It is decoded as UTF-8 with invalid sequences
 *       replaced by U+FFFD; a NUL byte also becomes U+FFFD, as records in Vigil never carry NUL.</li>
 *   <li>A field the entry holds more than once is an array of such values. MESSAGE keeps them all,
 *       joined with a newline (nothing a user may search for is dropped); every other field read here
 *       takes the first (they name one process, unit or time, and a joined pid would be no pid).</li>
 *   <li>A value may be null (journalctl writes null for a field it could not read): it counts as absent.</li>
 * </ul>
 *
 * <p>The mapping: time from {@code __REALTIME_TIMESTAMP} (when journald stored the entry; present in
 * every export, and the order journalctl shows), else {@code _SOURCE_REALTIME_TIMESTAMP}; host from
 * {@code _HOSTNAME}; app from {@code SYSLOG_IDENTIFIER}, else {@code _COMM}, else {@code _SYSTEMD_UNIT};
 * pid from {@code _PID} (set by journald itself), else {@code SYSLOG_PID} (what the sender claims);
 * severity from {@code PRIORITY} (0 to 7; journald's default, info, when absent); message from
 * {@code MESSAGE}, which is required. Attributes: {@code systemd.unit}, {@code systemd.user_unit},
 * {@code syslog.facility} (the keyword, as the syslog decoder writes it), {@code journald.transport},
 * {@code journald.boot_id}. Every other field is skipped unread: coredump entries carry tens of
 * kilobytes of fields no event has a place for.
 *
 * <p>Read with Jackson's streaming parser: no tree, and skipped values are never turned into strings.
 */
public final class JournaldDecoder implements Decoder {
    public static final String NAME = "journald";

    private final DecoderOptions options;
    private final SecurityFacts facts = new SecurityFacts();

    public JournaldDecoder(DecoderOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public java.util.Set<String> emits() {
        return dev.vigil.decode.Decoders.logsAndFacts();
    }

    @Override
    public void decode(String text, long receivedAt, EventCollector out) throws DecodeException {
        Entry e = new Entry();
        try (JsonParser p = JsonStreams.openObject(text)) {
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "__REALTIME_TIMESTAMP": e.realtime = value(p, value, field, false); break;
                    case "_SOURCE_REALTIME_TIMESTAMP": e.sourceRealtime = value(p, value, field, false); break;
                    case "_HOSTNAME": e.hostname = value(p, value, field, false); break;
                    case "SYSLOG_IDENTIFIER": e.identifier = value(p, value, field, false); break;
                    case "_COMM": e.comm = value(p, value, field, false); break;
                    case "_SYSTEMD_UNIT": e.unit = value(p, value, field, false); break;
                    case "_SYSTEMD_USER_UNIT": e.userUnit = value(p, value, field, false); break;
                    case "_PID": e.pid = value(p, value, field, false); break;
                    case "SYSLOG_PID": e.syslogPid = value(p, value, field, false); break;
                    case "PRIORITY": e.priority = value(p, value, field, false); break;
                    case "SYSLOG_FACILITY": e.facility = value(p, value, field, false); break;
                    case "_TRANSPORT": e.transport = value(p, value, field, false); break;
                    case "_BOOT_ID": e.bootId = value(p, value, field, false); break;
                    case "MESSAGE": e.message = value(p, value, field, true); break;
                    default: p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new DecodeException("malformed JSON: expected a field name, got " + t);
            }
            JsonStreams.expectEnd(p);
        } catch (JsonProcessingException ex) {
            throw JsonStreams.malformed(ex);
        } catch (IOException ex) {
            throw new DecodeException("malformed JSON: " + ex.getMessage());
        }
        LogRecord record = e.toRecord(options, receivedAt);
        out.log(record);
        facts.extract(record, out);
    }

    /** The fields read, as text; everything else is skipped. */
    private static final class Entry {
        String realtime;
        String sourceRealtime;
        String hostname;
        String identifier;
        String comm;
        String unit;
        String userUnit;
        String pid;
        String syslogPid;
        String priority;
        String facility;
        String transport;
        String bootId;
        String message;

        LogRecord toRecord(DecoderOptions options, long receivedAt) throws DecodeException {
            if (message == null) {
                throw new DecodeException("field 'MESSAGE' is missing");
            }
            if (message.indexOf('\0') >= 0) {
                // A NUL escaped in a string value; journalctl itself writes such values as byte arrays.
                message = message.replace('\0', '\uFFFD');
            }
            long time;
            if (realtime != null) {
                time = options.checkTime("__REALTIME_TIMESTAMP", micros("__REALTIME_TIMESTAMP", realtime) / 1000, receivedAt);
            } else if (sourceRealtime != null) {
                time = options.checkTime("_SOURCE_REALTIME_TIMESTAMP",
                        micros("_SOURCE_REALTIME_TIMESTAMP", sourceRealtime) / 1000, receivedAt);
            } else {
                throw new DecodeException("field '__REALTIME_TIMESTAMP' is missing (and so is _SOURCE_REALTIME_TIMESTAMP)");
            }
            String severity = Severity.INFO.keyword();
            if (priority != null) {
                int code = smallNumber(priority);
                if (code < 0 || code > 7) {
                    throw new DecodeException("field 'PRIORITY': '" + SyslogDecoder.abbreviate(priority)
                            + "' is not a syslog priority from 0 to 7");
                }
                severity = Severity.ofCode(code).keyword();
            }
            Map<String, String> attributes = new HashMap<>(8);
            if (facility != null) {
                String name = SyslogDecoder.facilityName(smallNumber(facility));
                if (name == null) {
                    throw new DecodeException("field 'SYSLOG_FACILITY': '" + SyslogDecoder.abbreviate(facility)
                            + "' is not a syslog facility from 0 to 23");
                }
                attributes.put("syslog.facility", name);
            }
            putIfPresent(attributes, "systemd.unit", unit);
            putIfPresent(attributes, "systemd.user_unit", userUnit);
            putIfPresent(attributes, "journald.transport", transport);
            putIfPresent(attributes, "journald.boot_id", bootId);
            Integer processId = null;
            String pidText = pid != null ? pid : syslogPid;
            if (pidText != null) {
                int n = smallNumber(pidText);
                if (n >= 0) {
                    processId = n;
                } else if (!pidText.isEmpty()) {
                    // As the syslog decoder does with a PROCID that is not a number: kept, not lost.
                    attributes.put("syslog.procid", pidText);
                }
            }
            String app = nonEmpty(identifier);
            if (app == null) {
                app = nonEmpty(comm);
            }
            if (app == null) {
                app = nonEmpty(unit);
            }
            String host = nonEmpty(hostname);
            return new LogRecord(time, host == null ? options.defaultHost() : host, app, processId, severity, message, attributes);
        }
    }

    /**
     * One value as text: a string, null, an array of byte values, or (a repeated field) an array of
     * strings and byte arrays, joined with newlines when {@code join}, else the first.
     */
    private static String value(JsonParser p, JsonToken t, String field, boolean join) throws IOException, DecodeException {
        switch (t) {
            case VALUE_STRING:
                return p.getText();
            case VALUE_NULL:
                return null;
            case START_ARRAY:
                break;
            default:
                throw new DecodeException("field '" + field + "' must be a string or an array of byte values, was "
                        + JsonStreams.describe(t));
        }
        JsonToken first = p.nextToken();
        if (first == JsonToken.END_ARRAY) {
            return "";
        }
        if (first == JsonToken.VALUE_NUMBER_INT) {
            return bytes(p, first, field);
        }
        // A repeated field: each element is a string or a byte array (or null).
        StringBuilder joined = null;
        String firstValue = null;
        for (JsonToken e = first; e != JsonToken.END_ARRAY; e = p.nextToken()) {
            String v;
            if (e == JsonToken.VALUE_STRING) {
                v = p.getText();
            } else if (e == JsonToken.VALUE_NULL) {
                continue;
            } else if (e == JsonToken.START_ARRAY) {
                JsonToken b = p.nextToken();
                v = b == JsonToken.END_ARRAY ? "" : bytes(p, b, field);
            } else {
                throw new DecodeException("field '" + field + "': a repeated value must be a string or an array of"
                        + " byte values, was " + JsonStreams.describe(e));
            }
            if (firstValue == null) {
                firstValue = v;
            } else if (join) {
                if (joined == null) {
                    joined = new StringBuilder(firstValue);
                }
                joined.append('\n').append(v);
            }
        }
        return joined != null ? joined.toString() : firstValue;
    }

    /** The rest of an array of byte values, from its first element {@code t}, decoded as UTF-8. */
    private static String bytes(JsonParser p, JsonToken t, String field) throws IOException, DecodeException {
        byte[] buf = new byte[64];
        int n = 0;
        for (; t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_NUMBER_INT) {
                throw new DecodeException("field '" + field + "': byte array holds " + JsonStreams.describe(t)
                        + " at index " + n + ", not a byte value");
            }
            int b = p.getNumberType() == JsonParser.NumberType.INT ? p.getIntValue() : -1;
            if (b < 0 || b > 255) {
                throw new DecodeException("field '" + field + "': byte array holds " + p.getText() + " at index " + n
                        + ", not a byte value from 0 to 255");
            }
            if (n == buf.length) {
                buf = java.util.Arrays.copyOf(buf, n * 2);
            }
            buf[n++] = (byte) b;
        }
        String s = new String(buf, 0, n, StandardCharsets.UTF_8);
        return s.indexOf('\0') >= 0 ? s.replace('\0', '\uFFFD') : s;
    }

    /** Microseconds since the epoch, as journald writes them (a decimal string). */
    private static long micros(String field, String text) throws DecodeException {
        if (text.isEmpty() || text.length() > 18) {
            throw new DecodeException("field '" + field + "': '" + SyslogDecoder.abbreviate(text)
                    + "' is not microseconds since the epoch");
        }
        long v = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new DecodeException("field '" + field + "': '" + SyslogDecoder.abbreviate(text)
                        + "' is not microseconds since the epoch");
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** A decimal number of up to 9 digits, else -1. */
    private static int smallNumber(String text) {
        if (text.isEmpty() || text.length() > 9) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }
}
