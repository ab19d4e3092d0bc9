package dev.vigil.decode;

import dev.vigil.model.LogRecord;
import dev.vigil.model.SecurityAction;
import dev.vigil.model.SecurityEvent;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Sysmon for Linux: syslog lines whose message is a Sysmon event in XML
 * ({@code <Event><System><Provider Name="Linux-Sysmon" .../><EventID>1</EventID>...<Computer>host</Computer>
 * ...</System><EventData><Data Name="Image">/usr/bin/id</Data>...</EventData></Event>}), as Microsoft's
 * event schema gives the fields. EventID 1 (process create) becomes a process_exec event (Sigma's
 * process_creation: Image, CommandLine, ParentImage, ParentCommandLine, User, CurrentDirectory), 3 (network
 * connect) a net_connection event (network_connection), 11 (file create) a file_changed event (file_event).
 * Other Sysmon events, and lines that are not Sysmon's, are read as syslog.
 *
 * <p>The XML is read by hand: it is one flat, fixed shape that Sysmon writes itself (no DTD, no namespaces
 * beyond the root, no CDATA), and a general XML parser per line costs several times the whole decode. A
 * line that opens {@code <Event>} but is not that shape is dead-lettered, naming what is missing.
 */
public final class SysmonLinuxDecoder implements Decoder {
    public static final String NAME = "sysmon-linux";
    private static final Set<String> EMITS = Set.of(Decoder.LOGS, SecurityAction.PROCESS_EXEC.keyword(),
            SecurityAction.NET_CONNECTION.keyword(), SecurityAction.FILE_CHANGED.keyword());

    private final DecoderOptions options;
    private final SyslogDecoder syslog;
    private final SecurityFacts facts = new SecurityFacts();

    public SysmonLinuxDecoder(DecoderOptions options) {
        this.options = options;
        this.syslog = new SyslogDecoder(options);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> emits() {
        Set<String> all = new java.util.HashSet<>(EMITS);
        all.addAll(SecurityFacts.ACTIONS);
        return all;
    }

    @Override
    public void decode(String text, long receivedAt, EventCollector out) throws DecodeException {
        LogRecord line = syslog.parse(text, receivedAt);
        String m = line.message();
        int start = m.indexOf("<Event>");
        if (start < 0 || m.indexOf("Linux-Sysmon", start) < 0) {
            out.log(line);
            facts.extract(line, out);
            return;
        }
        Map<String, String> data = new HashMap<>(32);
        String eventId = element(m, "EventID", start);
        if (eventId == null) {
            throw new DecodeException("Sysmon event: element 'EventID' is missing");
        }
        readData(m, start, data);
        String computer = element(m, "Computer", start);
        String host = computer != null && !computer.isEmpty() ? computer : line.host();
        long time = time(data.get("UtcTime"), line.time(), receivedAt);
        SecurityEvent event;
        switch (eventId) {
            case "1" -> event = processCreate(time, host, data);
            case "3" -> event = networkConnect(time, host, data);
            case "11" -> event = fileCreate(time, host, data);
            default -> {
                out.log(line);
                return;
            }
        }
        out.security(event);
    }

    private static SecurityEvent processCreate(long time, String host, Map<String, String> d) throws DecodeException {
        String image = required(d, "Image");
        Map<String, String> a = common(d, "1", image);
        put(a, "process.command_line", d.get("CommandLine"));
        put(a, "process.working_directory", d.get("CurrentDirectory"));
        put(a, "process.parent.pid", d.get("ParentProcessId"));
        put(a, "process.parent.executable", d.get("ParentImage"));
        put(a, "process.parent.command_line", d.get("ParentCommandLine"));
        put(a, "process.parent.user", d.get("ParentUser"));
        put(a, "user.logon_id", d.get("LogonId"));
        return SecurityEvent.builder(time, host, SecurityAction.PROCESS_EXEC, SecurityEvent.SUCCESS)
                .user(value(d.get("User"))).process(basename(image)).attributes(a).build();
    }

    private static SecurityEvent networkConnect(long time, String host, Map<String, String> d) throws DecodeException {
        String image = required(d, "Image");
        Map<String, String> a = common(d, "3", image);
        put(a, "network.transport", d.get("Protocol"));
        put(a, "network.initiated", d.get("Initiated"));
        put(a, "destination.domain", d.get("DestinationHostname"));
        put(a, "source.domain", d.get("SourceHostname"));
        return SecurityEvent.builder(time, host, SecurityAction.NET_CONNECTION, SecurityEvent.SUCCESS)
                .user(value(d.get("User"))).process(basename(image))
                .sourceIp(value(d.get("SourceIp"))).sourcePort(port(d, "SourcePort"))
                .destinationIp(required(d, "DestinationIp")).destinationPort(port(d, "DestinationPort"))
                .attributes(a).build();
    }

    private static SecurityEvent fileCreate(long time, String host, Map<String, String> d) throws DecodeException {
        String image = required(d, "Image");
        Map<String, String> a = common(d, "11", image);
        a.put("file.path", required(d, "TargetFilename"));
        put(a, "file.created", d.get("CreationUtcTime"));
        return SecurityEvent.builder(time, host, SecurityAction.FILE_CHANGED, SecurityEvent.SUCCESS)
                .user(value(d.get("User"))).process(basename(image)).attributes(a).build();
    }

    private static Map<String, String> common(Map<String, String> d, String eventId, String image) {
        Map<String, String> a = new HashMap<>(16);
        a.put("sysmon.event_id", eventId);
        a.put("process.executable", image);
        put(a, "process.pid", d.get("ProcessId"));
        put(a, "process.entity_id", d.get("ProcessGuid"));
        put(a, "rule.name", d.get("RuleName"));
        return a;
    }

    /** The event time: Sysmon's UtcTime ("2021-10-19 11:53:08.600", UTC), else the syslog line's. */
    private long time(String utc, long lineTime, long receivedAt) throws DecodeException {
        if (utc == null || utc.isEmpty()) {
            return lineTime;
        }
        try {
            long t = LocalDateTime.parse(utc.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
            return options.checkTime("UtcTime", t, receivedAt);
        } catch (DateTimeParseException e) {
            throw new DecodeException("Sysmon field 'UtcTime': '" + utc + "' is not yyyy-MM-dd HH:mm:ss.SSS");
        }
    }

    /** Reads every {@code <Data Name="X">value</Data>} (and the empty {@code <Data Name="X"/>}) of EventData. */
    private static void readData(String m, int from, Map<String, String> out) throws DecodeException {
        int at = m.indexOf("<EventData>", from);
        if (at < 0) {
            throw new DecodeException("Sysmon event: element 'EventData' is missing");
        }
        int end = m.indexOf("</EventData>", at);
        if (end < 0) {
            throw new DecodeException("Sysmon event: 'EventData' is not closed (truncated line?)");
        }
        at += 11;
        while (true) {
            int open = m.indexOf("<Data Name=\"", at);
            if (open < 0 || open > end) {
                return;
            }
            int nameEnd = m.indexOf('"', open + 12);
            if (nameEnd < 0 || nameEnd > end) {
                throw new DecodeException("Sysmon event: a Data element's Name is not closed at position " + open);
            }
            String name = m.substring(open + 12, nameEnd);
            int tagEnd = m.indexOf('>', nameEnd);
            if (tagEnd < 0 || tagEnd > end) {
                throw new DecodeException("Sysmon event: Data '" + name + "' is not closed");
            }
            if (m.charAt(tagEnd - 1) == '/') {
                out.put(name, "");
                at = tagEnd + 1;
                continue;
            }
            int close = m.indexOf("</Data>", tagEnd);
            if (close < 0 || close > end) {
                throw new DecodeException("Sysmon event: Data '" + name + "' has no </Data>");
            }
            out.put(name, unescape(m, tagEnd + 1, close));
            at = close + 7;
        }
    }

    /** The text of the first {@code <name>text</name>} after {@code from}, or null. */
    private static String element(String m, String name, int from) throws DecodeException {
        String open = "<" + name + ">";
        int at = m.indexOf(open, from);
        if (at < 0) {
            return null;
        }
        int close = m.indexOf("</" + name + ">", at);
        if (close < 0) {
            throw new DecodeException("Sysmon event: element '" + name + "' is not closed");
        }
        return unescape(m, at + open.length(), close);
    }

    /** XML's five predefined entities and numeric references; nothing else is defined in Sysmon's output. */
    static String unescape(String s, int from, int to) throws DecodeException {
        int amp = s.indexOf('&', from);
        if (amp < 0 || amp >= to) {
            return s.substring(from, to);
        }
        StringBuilder b = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (c != '&') {
                b.append(c);
                i++;
                continue;
            }
            int semi = s.indexOf(';', i);
            if (semi < 0 || semi >= to || semi - i > 10) {
                throw new DecodeException("Sysmon event: '&' without an entity at position " + i);
            }
            String entity = s.substring(i + 1, semi);
            switch (entity) {
                case "lt" -> b.append('<');
                case "gt" -> b.append('>');
                case "amp" -> b.append('&');
                case "quot" -> b.append('"');
                case "apos" -> b.append('\'');
                default -> {
                    try {
                        int cp = entity.startsWith("#x") ? Integer.parseInt(entity.substring(2), 16)
                                : entity.startsWith("#") ? Integer.parseInt(entity.substring(1)) : -1;
                        if (cp < 0 || !Character.isValidCodePoint(cp)) {
                            throw new NumberFormatException();
                        }
                        b.appendCodePoint(cp);
                    } catch (NumberFormatException e) {
                        throw new DecodeException("Sysmon event: unknown entity '&" + entity + ";'");
                    }
                }
            }
            i = semi + 1;
        }
        return b.toString();
    }

    private static String required(Map<String, String> d, String field) throws DecodeException {
        String v = value(d.get(field));
        if (v == null) {
            throw new DecodeException("Sysmon field '" + field + "' is missing");
        }
        return v;
    }

    private static Integer port(Map<String, String> d, String field) throws DecodeException {
        String v = value(d.get(field));
        if (v == null) {
            return null;
        }
        try {
            int p = Integer.parseInt(v);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new DecodeException("Sysmon field '" + field + "': '" + v + "' is not a port");
        }
    }

    /** Sysmon writes "-" for an empty field. */
    private static String value(String v) {
        return v == null || v.isEmpty() || v.equals("-") ? null : v;
    }

    private static void put(Map<String, String> a, String key, String v) {
        String value = value(v);
        if (value != null) {
            a.put(key, value);
        }
    }

    private static String basename(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
