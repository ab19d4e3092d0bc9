package dev.vigil.decode.auditd;

import dev.vigil.decode.DecodeException;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of audit.log as the kernel and auditd write it:
 * {@code [node=HOST ]type=TYPE msg=audit(EPOCH.MILLIS:SERIAL): key=value ...[ 0x1D KEY=value ...]}.
 *
 * <p>What the parser handles, each seen in real logs (../shared/data/agents/auditd):
 * <ul>
 *   <li>values in double quotes, in single quotes ({@code msg='op=... res=success'}, a second key=value
 *       payload that user-space programs write; its fields are read as the record's own), bare values,
 *       and values the kernel hex-encoded because they hold a space, a quote or a control byte. The only
 *       cue of hex is the missing quotes, so hex is decoded only for the fields the kernel encodes
 *       ({@link #ENCODED}); NUL bytes (proctitle's argument separators) become spaces;</li>
 *   <li>the {@code node=} prefix of a forwarding auditd, and the enriched format ({@code log_format=ENRICHED}):
 *       after a 0x1D byte come the interpreted fields in upper case ({@code UID="alice" SYSCALL=execve}),
 *       kept under their upper-case names;</li>
 *   <li>several spaces between fields ({@code "  cwd="}), {@code type=UNKNOWN[1329]}, and EXECVE
 *       arguments split into pieces ({@code a1_len=... a1[0]=... a1[1]=...}), joined back.</li>
 * </ul>
 * Hand-written: no library on Maven Central reads audit.log (go-libaudit's parser is Go; auparse is C).
 *
 * @param node   the {@code node=} value, or null
 * @param type   the record type, upper case as written
 * @param time   event time, epoch millis
 * @param serial the event's serial number (records of one event share it)
 * @param fields    the fields in the order written, values decoded; interpreted fields under upper-case names;
 *                  a field of the user-space payload whose name the record already has is kept as {@code msg.<name>}
 * @param userSpace whether a user-space program wrote it (it has a {@code msg='...'} payload): pam, sudo,
 *                  shadow-utils, systemd; their {@code uid} is the program's, the person behind it is {@code auid}
 */
public record AuditRecord(String node, String type, long time, long serial, Map<String, String> fields, boolean userSpace) {
    /** Fields the kernel writes hex-encoded (untrusted strings) when they hold special bytes. */
    static final java.util.Set<String> ENCODED = java.util.Set.of(
            "exe", "comm", "cmd", "proctitle", "name", "cwd", "acct", "data", "path", "ocomm", "key",
            "old-comm", "new-comm", "root_dir", "hostname", "unit", "vm", "subj_user", "grp", "new_group");

    private static final char ENRICHED_SEPARATOR = 0x1D;
    /** Set while parsing when a user-space payload was read; removed before the record is made. */
    private static final String PAYLOAD_MARK = "\u0000payload";

    public String field(String name) {
        return fields.get(name);
    }

    /** Parses one line; the message names what is wrong and where. */
    public static AuditRecord parse(String line) throws DecodeException {
        int pos = skipSpaces(line, 0);
        String node = null;
        if (line.startsWith("node=", pos)) {
            int end = tokenEnd(line, pos + 5);
            node = line.substring(pos + 5, end);
            if (node.isEmpty()) {
                throw new DecodeException("field 'node' is empty");
            }
            pos = skipSpaces(line, end);
        }
        if (!line.startsWith("type=", pos)) {
            throw new DecodeException("expected 'type=' at position " + pos + " (an audit.log record)");
        }
        int typeEnd = tokenEnd(line, pos + 5);
        String type = line.substring(pos + 5, typeEnd);
        if (type.isEmpty()) {
            throw new DecodeException("field 'type' is empty");
        }
        pos = skipSpaces(line, typeEnd);
        if (!line.startsWith("msg=audit(", pos)) {
            throw new DecodeException("expected 'msg=audit(EPOCH:SERIAL)' at position " + pos);
        }
        pos += 10;
        int close = line.indexOf(')', pos);
        if (close < 0) {
            throw new DecodeException("field 'msg': 'audit(' is not closed");
        }
        int colon = line.indexOf(':', pos);
        if (colon < 0 || colon > close) {
            throw new DecodeException("field 'msg': expected audit(EPOCH.MILLIS:SERIAL), got audit(" + line.substring(pos, close) + ")");
        }
        long time = parseEpoch(line, pos, colon);
        long serial = parseLong(line, colon + 1, close, "msg serial");
        pos = close + 1;
        if (pos < line.length() && line.charAt(pos) == ':') {
            pos++;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        int enriched = line.indexOf(ENRICHED_SEPARATOR, pos);
        int rawEnd = enriched < 0 ? line.length() : enriched;
        readFields(line, pos, rawEnd, type, fields, false);
        if (enriched >= 0) {
            readFields(line, enriched + 1, line.length(), type, fields, false);
        }
        if (type.equals("EXECVE")) {
            joinSplitArguments(fields);
        }
        boolean userSpace = fields.remove(PAYLOAD_MARK) != null;
        return new AuditRecord(node, type, time, serial, fields, userSpace);
    }

    /**
     * @param payload inside a user-space {@code msg='...'}: there a bare value runs on over words without
     *                '=' ({@code op=adding group to /etc/group id=1004}), as user-space programs write it
     */
    private static void readFields(String line, int pos, int end, String type, Map<String, String> out, boolean payload)
            throws DecodeException {
        while (true) {
            pos = skipSpaces(line, pos);
            if (pos >= end) {
                return;
            }
            int eq = line.indexOf('=', pos);
            int space = line.indexOf(' ', pos);
            if (eq < 0 || eq >= end || (space >= 0 && space < eq)) {
                // A bare word (user-space records start with one: "user pid=...", "tty pid=..."): kept as a flag.
                int wordEnd = space < 0 || space > end ? end : space;
                pos = wordEnd;
                continue;
            }
            String key = line.substring(pos, eq);
            int v = eq + 1;
            String value;
            if (v < end && (line.charAt(v) == '"' || line.charAt(v) == '\'')) {
                char quote = line.charAt(v);
                int closeQuote = line.indexOf(quote, v + 1);
                if (closeQuote < 0 || closeQuote >= end) {
                    throw new DecodeException("field '" + key + "': quote " + quote + " opened at position " + v + " is not closed");
                }
                value = line.substring(v + 1, closeQuote);
                pos = closeQuote + 1;
                if (quote == '\'' && key.equals("msg")) {
                    // The user-space payload: its fields are the record's.
                    out.put(PAYLOAD_MARK, "");
                    readFields(value, 0, value.length(), type, out, true);
                    continue;
                }
            } else {
                int valueEnd = v;
                while (valueEnd < end && line.charAt(valueEnd) != ' ') {
                    valueEnd++;
                }
                if (payload) {
                    valueEnd = wordsWithoutEquals(line, valueEnd, end);
                }
                value = line.substring(v, valueEnd);
                pos = valueEnd;
                if (isEncoded(type, key) && isHex(value)) {
                    value = hexText(value);
                }
            }
            if (payload && out.containsKey(key)) {
                key = "msg." + key; // pam_tally2's uid= (the account) is not the record's uid= (the program's)
            }
            out.put(key, value);
        }
    }

    /** From the end of a value, past the following words that hold no '='; returns the new end. */
    private static int wordsWithoutEquals(String line, int valueEnd, int end) {
        int at = valueEnd;
        while (at < end) {
            int next = skipSpaces(line, at);
            if (next >= end) {
                return at;
            }
            int wordEnd = next;
            boolean hasEquals = false;
            while (wordEnd < end && line.charAt(wordEnd) != ' ') {
                hasEquals |= line.charAt(wordEnd) == '=';
                wordEnd++;
            }
            if (hasEquals) {
                return at;
            }
            at = wordEnd;
        }
        return at;
    }

    private static boolean isEncoded(String type, String key) {
        if (ENCODED.contains(key)) {
            return true;
        }
        // EXECVE's arguments (a0, a1[2]); SYSCALL's a0..a3 are numbers and stay as written.
        return type.equals("EXECVE") && key.length() > 1 && key.charAt(0) == 'a' && Character.isDigit(key.charAt(1));
    }

    /** Whether a bare value is the kernel's hex encoding: even length, hex digits only, not "(null)" or "?". */
    static boolean isHex(String v) {
        if (v.isEmpty() || (v.length() & 1) != 0) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** Hex to text: UTF-8, NUL bytes (argv separators in proctitle) as spaces, trailing NULs dropped. */
    static String hexText(String hex) {
        int n = hex.length() / 2;
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) ((Character.digit(hex.charAt(2 * i), 16) << 4) | Character.digit(hex.charAt(2 * i + 1), 16));
        }
        while (n > 0 && bytes[n - 1] == 0) {
            n--;
        }
        for (int i = 0; i < n; i++) {
            if (bytes[i] == 0) {
                bytes[i] = ' ';
            }
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    /** EXECVE writes an argument over 7.5 KiB as a1_len=N a1[0]=... a1[1]=...: joined into a1. */
    private static void joinSplitArguments(Map<String, String> fields) {
        if (fields.keySet().stream().noneMatch(k -> k.indexOf('[') > 0)) {
            return;
        }
        Map<String, String> joined = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : fields.entrySet()) {
            String k = e.getKey();
            int bracket = k.indexOf('[');
            if (bracket > 0) {
                joined.merge(k.substring(0, bracket), e.getValue(), String::concat);
            } else if (!k.endsWith("_len")) {
                joined.put(k, e.getValue());
            }
        }
        fields.clear();
        fields.putAll(joined);
    }

    private static long parseEpoch(String line, int from, int to) throws DecodeException {
        int dot = line.indexOf('.', from);
        if (dot < 0 || dot > to) {
            return Math.multiplyExact(parseLong(line, from, to, "msg time"), 1000L);
        }
        long seconds = parseLong(line, from, dot, "msg time");
        int fracDigits = to - dot - 1;
        long frac = parseLong(line, dot + 1, to, "msg time");
        long millis = fracDigits >= 3 ? frac / pow10(fracDigits - 3) : frac * pow10(3 - fracDigits);
        return seconds * 1000L + millis;
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }

    private static long parseLong(String s, int from, int to, String field) throws DecodeException {
        if (from >= to || to - from > 18) {
            throw new DecodeException("field '" + field + "': expected digits, got '" + s.substring(from, Math.max(from, to)) + "'");
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new DecodeException("field '" + field + "': expected digits, got '" + s.substring(from, to) + "'");
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int skipSpaces(String s, int pos) {
        while (pos < s.length() && s.charAt(pos) == ' ') {
            pos++;
        }
        return pos;
    }

    private static int tokenEnd(String s, int pos) {
        while (pos < s.length() && s.charAt(pos) != ' ') {
            pos++;
        }
        return pos;
    }
}
