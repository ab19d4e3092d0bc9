package dev.vigil.decode;

import dev.vigil.model.LogRecord;
import dev.vigil.model.Severity;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads syslog lines as agents and files carry them: RFC 5424, RFC 3164 (BSD, as in /var/log/auth.log),
 * and the RFC 3339-stamped variant rsyslog writes by default on current Debian; each with or without
 * the {@code <PRI>} prefix. Every line becomes a {@link LogRecord}; security and system facts found in
 * it are emitted too (see {@link SecurityFacts}).
 *
 * <p>Hand-written rather than a library: the syslog parsers on Maven Central either accept only one of
 * the RFCs or allocate a map per line; this one walks the line once.
 *
 * <p>The year of an RFC 3164 timestamp, which has none, is the receive time's year, moved as rsyslog
 * does across New Year (a December line received in January belongs to the previous year, a January
 * line received in December to the next) and, beyond rsyslog, one year back when the result would lie
 * more than the accepted clock skew in the future: files replayed long after they were written have no
 * future lines. {@link DecoderOptions#year()} overrides all of this for old files.
 */
public final class SyslogDecoder implements Decoder {
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    /** RFC 3164 section 4.3.3: a line without PRI is treated as user.notice. */
    private static final int DEFAULT_PRI = 13;
    private static final String[] FACILITIES = {"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
        "uucp", "cron", "authpriv", "ftp", "ntp", "audit", "alert", "clock",
        "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"};

    private final DecoderOptions options;
    private final SecurityFacts facts = new SecurityFacts();

    public SyslogDecoder(DecoderOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return Decoders.SYSLOG;
    }

    @Override
    public java.util.Set<String> emits() {
        return Decoders.logsAndFacts();
    }

    @Override
    public void decode(String line, long receivedAt, EventCollector out) throws DecodeException {
        LogRecord record = parse(line, receivedAt);
        out.log(record);
        facts.extract(record, out);
    }

    /** The line as a log record, without the facts in it. */
    LogRecord parse(String line, long receivedAt) throws DecodeException {
        int pos = 0;
        int pri = DEFAULT_PRI;
        if (line.startsWith("<")) {
            int close = line.indexOf('>');
            if (close < 2 || close > 4) {
                throw new DecodeException("PRI: expected '<' 1 to 3 digits '>' at the start of the line");
            }
            pri = parseNonNegativeInt(line, 1, close, "PRI");
            if (pri > 191) {
                throw new DecodeException("PRI: " + pri + " is over 191");
            }
            pos = close + 1;
        }
        Map<String, String> attributes = new HashMap<>(4);
        attributes.put("syslog.facility", FACILITIES[pri >> 3]);
        String severity = Severity.ofCode(pri & 7).keyword();
        LogRecord record;
        if (line.startsWith("1 ", pos)) {
            record = decode5424(line, pos + 2, severity, attributes, receivedAt);
        } else {
            record = decode3164(line, pos, severity, attributes, receivedAt);
        }
        return record;
    }

    private LogRecord decode5424(String line, int pos, String severity, Map<String, String> attributes, long receivedAt)
            throws DecodeException {
        int end = tokenEnd(line, pos, "TIMESTAMP");
        String ts = line.substring(pos, end);
        if (ts.equals("-")) {
            throw new DecodeException("TIMESTAMP: the NILVALUE '-' gives no event time");
        }
        long time = options.checkTime("TIMESTAMP", parseRfc3339(ts, "TIMESTAMP"), receivedAt);
        pos = end + 1;
        end = tokenEnd(line, pos, "HOSTNAME");
        String host = nil(line.substring(pos, end));
        pos = end + 1;
        end = tokenEnd(line, pos, "APP-NAME");
        String app = nil(line.substring(pos, end));
        pos = end + 1;
        end = tokenEnd(line, pos, "PROCID");
        String procId = nil(line.substring(pos, end));
        pos = end + 1;
        end = tokenEnd(line, pos, "MSGID");
        String msgId = nil(line.substring(pos, end));
        pos = end + 1;
        if (pos >= line.length()) {
            throw new DecodeException("STRUCTURED-DATA: missing at position " + pos);
        }
        if (line.charAt(pos) == '-') {
            pos++;
        } else if (line.charAt(pos) == '[') {
            pos = parseStructuredData(line, pos, attributes);
        } else {
            throw new DecodeException("STRUCTURED-DATA: expected '-' or '[' at position " + pos);
        }
        String msg = pos < line.length() ? line.substring(pos + 1) : "";
        if (msg.startsWith("\uFEFF")) {
            msg = msg.substring(1);
        }
        if (msgId != null) {
            attributes.put("syslog.msgid", msgId);
        }
        Integer pid = null;
        if (procId != null) {
            pid = parsePid(procId);
            if (pid == null) {
                attributes.put("syslog.procid", procId);
            }
        }
        return new LogRecord(time, host == null ? options.defaultHost() : host, app, pid, severity, msg, attributes);
    }

    /** Parses {@code [id k="v" ...]...}; parameters become attributes named {@code sd.<id>.<k>}. */
    private static int parseStructuredData(String line, int pos, Map<String, String> attributes) throws DecodeException {
        int n = line.length();
        while (pos < n && line.charAt(pos) == '[') {
            int idEnd = pos + 1;
            while (idEnd < n && line.charAt(idEnd) != ' ' && line.charAt(idEnd) != ']') {
                idEnd++;
            }
            if (idEnd >= n) {
                throw new DecodeException("STRUCTURED-DATA: element at position " + pos + " is not closed by ']'");
            }
            String id = line.substring(pos + 1, idEnd);
            pos = idEnd;
            while (pos < n && line.charAt(pos) == ' ') {
                int eq = line.indexOf('=', pos);
                if (eq < 0 || eq + 1 >= n || line.charAt(eq + 1) != '"') {
                    throw new DecodeException("STRUCTURED-DATA: parameter at position " + (pos + 1)
                            + " of [" + id + "] must be name=\"value\"");
                }
                String name = line.substring(pos + 1, eq);
                StringBuilder value = new StringBuilder();
                int i = eq + 2;
                boolean closed = false;
                while (i < n) {
                    char c = line.charAt(i);
                    if (c == '\\' && i + 1 < n && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\' || line.charAt(i + 1) == ']')) {
                        value.append(line.charAt(i + 1));
                        i += 2;
                    } else if (c == '"') {
                        closed = true;
                        i++;
                        break;
                    } else {
                        value.append(c);
                        i++;
                    }
                }
                if (!closed) {
                    throw new DecodeException("STRUCTURED-DATA: value of " + id + "." + name + " is not closed by '\"'");
                }
                attributes.put("sd." + id + "." + name, value.toString());
                pos = i;
            }
            if (pos >= n || line.charAt(pos) != ']') {
                throw new DecodeException("STRUCTURED-DATA: element [" + id + "] is not closed by ']' at position " + pos);
            }
            pos++;
        }
        return pos;
    }

    private LogRecord decode3164(String line, int pos, String severity, Map<String, String> attributes, long receivedAt)
            throws DecodeException {
        long time;
        if (line.length() > pos + 10 && Character.isDigit(line.charAt(pos)) && line.charAt(pos + 4) == '-') {
            int end = tokenEnd(line, pos, "TIMESTAMP");
            time = parseIsoTimestamp(line.substring(pos, end));
            pos = end + 1;
        } else {
            time = parseBsdTimestamp(line, pos, receivedAt);
            pos += 15;
            if (pos < line.length() && line.charAt(pos) == ' ') {
                pos++;
            } else {
                throw new DecodeException("TIMESTAMP: expected a space after 'Mmm dd hh:mm:ss' at position " + pos);
            }
        }
        time = options.checkTime("TIMESTAMP", time, receivedAt);
        while (pos < line.length() && line.charAt(pos) == ' ') {
            pos++;
        }
        // HOSTNAME, unless the next token is already the tag (local messages written without one).
        String host = options.defaultHost();
        int end = line.indexOf(' ', pos);
        if (end < 0) {
            end = line.length();
        }
        String token = line.substring(pos, end);
        if (!looksLikeTag(token)) {
            host = token;
            pos = Math.min(end + 1, line.length());
        }
        // TAG: program name, optional [pid], optional ':'.
        int i = pos;
        int n = line.length();
        while (i < n && i - pos < 64) {
            char c = line.charAt(i);
            if (c == '[' || c == ':' || c == ' ') {
                break;
            }
            i++;
        }
        String app = i > pos ? line.substring(pos, i) : null;
        Integer pid = null;
        if (i < n && line.charAt(i) == '[') {
            int close = line.indexOf(']', i);
            if (close > 0) {
                String pidText = line.substring(i + 1, close);
                pid = parsePid(pidText);
                if (pid == null) {
                    attributes.put("syslog.procid", pidText);
                }
                i = close + 1;
            }
        }
        if (i < n && line.charAt(i) == ':') {
            i++;
        }
        if (i < n && line.charAt(i) == ' ') {
            i++;
        }
        String msg = i < n ? line.substring(i) : "";
        if (app == null || app.isEmpty()) {
            app = null;
        }
        return new LogRecord(time, host, app, pid, severity, msg, attributes);
    }

    private static boolean looksLikeTag(String token) {
        return token.endsWith(":") || (token.indexOf('[') > 0 && token.endsWith("]:"));
    }

    private long parseBsdTimestamp(String line, int pos, long receivedAt) throws DecodeException {
        if (line.length() < pos + 15 || line.charAt(pos + 3) != ' ' || line.charAt(pos + 6) != ' '
                || line.charAt(pos + 9) != ':' || line.charAt(pos + 12) != ':') {
            throw new DecodeException("TIMESTAMP: expected 'Mmm dd hh:mm:ss' (RFC 3164), an RFC 3339 time or"
                    + " an RFC 5424 header at position " + pos);
        }
        int month = -1;
        for (int m = 0; m < 12; m++) {
            if (line.startsWith(MONTHS[m], pos)) {
                month = m + 1;
                break;
            }
        }
        if (month < 0) {
            throw new DecodeException("TIMESTAMP: '" + line.substring(pos, pos + 3) + "' is not a month abbreviation");
        }
        int day = line.charAt(pos + 4) == ' '
                ? parseNonNegativeInt(line, pos + 5, pos + 6, "TIMESTAMP day")
                : parseNonNegativeInt(line, pos + 4, pos + 6, "TIMESTAMP day");
        int hour = parseNonNegativeInt(line, pos + 7, pos + 9, "TIMESTAMP hour");
        int minute = parseNonNegativeInt(line, pos + 10, pos + 12, "TIMESTAMP minute");
        int second = parseNonNegativeInt(line, pos + 13, pos + 15, "TIMESTAMP second");
        try {
            if (options.year() != null) {
                return toMillis(options.year(), month, day, hour, minute, second);
            }
            ZonedDateTime received = java.time.Instant.ofEpochMilli(receivedAt).atZone(options.zone());
            int year = received.getYear();
            if (received.getMonthValue() == 1 && month == 12) {
                year--;
            } else if (received.getMonthValue() == 12 && month == 1) {
                year++;
            }
            long t = toMillis(latestValidYear(year, month, day), month, day, hour, minute, second);
            if (t - receivedAt > options.maxFuture().toMillis()) {
                t = toMillis(latestValidYear(year - 1, month, day), month, day, hour, minute, second);
            }
            return t;
        } catch (DateTimeException e) {
            throw new DecodeException("TIMESTAMP: " + e.getMessage());
        }
    }

    /** The year itself, except that a leap day belongs to the latest leap year not after it. */
    private static int latestValidYear(int year, int month, int day) {
        if (month == 2 && day == 29) {
            while (!java.time.Year.isLeap(year)) {
                year--;
            }
        }
        return year;
    }

    private long toMillis(int year, int month, int day, int hour, int minute, int second) {
        return LocalDateTime.of(year, month, day, hour, minute, second).atZone(options.zone()).toInstant().toEpochMilli();
    }

    /**
     * An RFC 3339 time, or an ISO 8601 local time without offset ({@code 2019-06-14T10:40:20.912134}, what
     * rsyslog templates and Filebeat's test files write) read in the configured zone, as RFC 3164 times are.
     */
    private long parseIsoTimestamp(String text) throws DecodeException {
        try {
            return Rfc3339.toEpochMilli(text);
        } catch (DateTimeParseException e) {
            String error = "field 'TIMESTAMP': '" + abbreviate(text) + "' is not an RFC 3339 time nor an ISO 8601 local time";
            if (!Character.isDigit(text.charAt(text.length() - 1)) || text.length() < 19 || text.charAt(10) != 'T') {
                throw new DecodeException(error);
            }
            try {
                return LocalDateTime.parse(text).atZone(options.zone()).toInstant().toEpochMilli();
            } catch (DateTimeParseException local) {
                throw new DecodeException(error);
            }
        }
    }

    static long parseRfc3339(String text, String field) throws DecodeException {
        try {
            return Rfc3339.toEpochMilli(text);
        } catch (DateTimeParseException e) {
            throw new DecodeException("field '" + field + "': '" + abbreviate(text) + "' is not an RFC 3339 time");
        }
    }

    private static int tokenEnd(String line, int pos, String field) throws DecodeException {
        if (pos >= line.length()) {
            throw new DecodeException(field + ": missing at position " + pos);
        }
        int end = line.indexOf(' ', pos);
        if (end < 0) {
            throw new DecodeException(field + ": line ends before the header is complete");
        }
        if (end == pos) {
            throw new DecodeException(field + ": empty at position " + pos);
        }
        return end;
    }

    private static String nil(String token) {
        return token.equals("-") ? null : token;
    }

    private static Integer parsePid(String text) {
        if (text.isEmpty() || text.length() > 9) {
            return null;
        }
        int v = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int parseNonNegativeInt(String s, int from, int to, String field) throws DecodeException {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new DecodeException(field + ": '" + s.substring(from, to) + "' is not a number (position " + from + ")");
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * The keyword of a syslog facility code (0 kern ... 23 local7), as this decoder writes it to the
     * {@code syslog.facility} attribute; null for a code outside 0 to 23. Other decoders that carry a
     * facility number (journald's SYSLOG_FACILITY) use it so the attribute reads the same.
     */
    public static String facilityName(int code) {
        return code >= 0 && code < FACILITIES.length ? FACILITIES[code] : null;
    }

    /** The text cut to 64 characters for an error message. */
    public static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }
}
