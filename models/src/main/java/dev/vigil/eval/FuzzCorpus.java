package dev.vigil.eval;

import dev.vigil.decode.CollectingOutput;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.vigil.decode.DecodeException;
import dev.vigil.decode.DecoderOptions;
import dev.vigil.decode.EventCollector;
import dev.vigil.decode.PrometheusJsonDecoder;
import dev.vigil.decode.SyslogDecoder;
import dev.vigil.model.LogRecord;
import dev.vigil.model.MetricSample;
import dev.vigil.model.SecurityEvent;
import dev.vigil.model.Severity;
import dev.vigil.simulate.FleetSimulator;
import dev.vigil.simulate.SimRecord;
import dev.vigil.simulate.SimulatorConfig;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Bad input for the decoders, deterministic from a seed: real-looking records (the fleet simulator's
 * RFC 3164 syslog lines and Prometheus JSON, the same log records rendered as RFC 5424 and rsyslog's
 * RFC 3339 format, and Vigil JSON lines of all three kinds built from them), each put through one named
 * {@link Mutation}.
 *
 * <p>Record {@code i} is computed from the seed and {@code i} alone, so a corpus of any size costs no
 * memory beyond the base records, the evaluation can split it between threads, and a violation is
 * reproduced from its index. No record contains a line feed except, for the line-terminator mutation, as
 * its last bytes: a file of records joined by line feeds then holds each record on its own line (plus
 * blank ones), which is what lets the replay compare lines with records.
 */
public final class FuzzCorpus {
    /** One mebibyte: the size of the large lines. */
    public static final int MIB = 1 << 20;
    /** Every this many records, one is a line of about 1 MiB (so every corpus of this size has some). */
    static final int HUGE_PERIOD = 5_000;
    /** Every this many records (offset from the huge ones), one is JSON nested far beyond the parser's limit. */
    static final int DEEP_PERIOD = 1_000;

    /** What was done to a base record. */
    public enum Mutation {
        /** The base record unchanged: the control group, which decodes to rows. */
        NONE,
        /** One to eight bits flipped anywhere. */
        BIT_FLIP,
        /** Cut short (possibly inside a multi-byte character), or only its end kept. */
        TRUNCATE,
        /** The start of one record joined to the end of another, or two whole records on one line. */
        SPLICE,
        /** A JSON field given a value of the wrong type: number for string, object for number, array, null, boolean. */
        WRONG_TYPE,
        /** NaN, Infinity, 1e999, 1e-999, numbers of thousands of digits, as JSON tokens or strings. */
        NON_FINITE,
        /** Timestamps decades away (1903, 1970, 2100, 9999, year 10000, negative epoch), and impossible dates. */
        FAR_TIME,
        /** Invalid UTF-8: lone continuation bytes, overlong forms, encoded surrogates, cut sequences, 0xFF. */
        INVALID_UTF8,
        /** Control characters inserted: NUL, BEL, ESC sequences, separators, DEL, NEL, BOM, zero-width space. */
        CONTROL_CHARS,
        /** Carriage returns, CRLF, vertical tab, form feed, NEL, U+2028 and U+2029 inside and at the end. */
        LINE_TERMINATORS,
        /** Nothing or only white space (ASCII, Unicode) and look-alikes that are not white space (NBSP, U+200B). */
        BLANK,
        /** Lines of about 1 MiB (just under, at and over), and one under the default size limit. */
        HUGE_LINE,
        /** JSON nested 8 to 100,000 levels deep, closed or not. */
        DEEP_NESTING;

        /** The name used in reports: lower case with hyphens. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The format of the base record a mutation started from. */
    public enum Origin {
        SYSLOG, PROMETHEUS_JSON, VIGIL_JSON;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One record of the corpus.
     *
     * @param index    its position in the corpus
     * @param mutation what was done to it
     * @param origin   the format of the base record
     * @param bytes    the record (copied in and out: a record is a value)
     */
    public record Record(long index, Mutation mutation, Origin origin, byte[] bytes) {
        public Record {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** The bytes without a copy, for the evaluation, which only reads them. */
        byte[] unsafeBytes() {
            return bytes;
        }

        public int length() {
            return bytes.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Record r && r.index == index && r.mutation == mutation && r.origin == origin
                    && Arrays.equals(r.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(index) * 31 + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "#" + index + " " + mutation.label() + " of " + origin.label() + ": " + excerpt(bytes, 100);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String HOLE = "@@fuzz@@";
    private static final String QUOTED_HOLE = "\"" + HOLE + "\"";
    private static final DateTimeFormatter BSD = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final Mutation[] WEIGHTED;

    static {
        // Relative frequencies of the cheap mutations; the expensive ones also come at fixed periods.
        int[] weights = {6, 12, 10, 10, 10, 8, 10, 10, 10, 6, 3, 0, 3};
        List<Mutation> list = new ArrayList<>();
        for (Mutation m : Mutation.values()) {
            for (int k = 0; k < weights[m.ordinal()]; k++) {
                list.add(m);
            }
        }
        WEIGHTED = list.toArray(new Mutation[0]);
    }

    private final long seed;
    private final long receivedAt;
    private final List<String> syslog;
    private final List<LogRecord> logRecords;
    private final List<String> prometheus;
    private final List<String> vigilJson;

    private FuzzCorpus(long seed, long receivedAt, List<String> syslog, List<LogRecord> logRecords, List<String> prometheus,
                       List<String> vigilJson) {
        this.seed = seed;
        this.receivedAt = receivedAt;
        this.syslog = List.copyOf(syslog);
        this.logRecords = List.copyOf(logRecords);
        this.prometheus = List.copyOf(prometheus);
        this.vigilJson = List.copyOf(vigilJson);
    }

    /**
     * A corpus whose base records come from a simulated fleet of 6 hosts over 6 hours (with its injected
     * attacks, so sshd, sudo, PAM, kernel and systemd lines are all there) from the simulator's default start.
     */
    public static FuzzCorpus create(long seed) {
        SimulatorConfig config = new SimulatorConfig(6, SimulatorConfig.DEFAULT_START, Duration.ofHours(6), Duration.ofSeconds(30), seed);
        long receivedAt = config.start().plus(config.duration()).plus(Duration.ofHours(1)).toEpochMilli();
        SplittableRandom pick = new SplittableRandom(seed);
        int cap = 2_000;
        List<String> logs = new ArrayList<>();
        List<String> metrics = new ArrayList<>();
        long[] seen = new long[2];
        // Reservoir samples, so the bases span the whole run (and its attacks), not its first minutes.
        new FleetSimulator(config).run(r -> {
            if (r.text().startsWith("node=")) {
                return; // the simulator's auditd records: the fuzz bases are syslog, Prometheus and Vigil JSON
            }
            boolean metric = r.stream().equals(SimRecord.METRICS);
            List<String> into = metric ? metrics : logs;
            long n = ++seen[metric ? 0 : 1];
            if (into.size() < cap) {
                into.add(r.text());
            } else {
                long j = pick.nextLong(n);
                if (j < cap) {
                    into.set((int) j, r.text());
                }
            }
        });
        DecoderOptions options = DecoderOptions.defaults();
        SyslogDecoder syslogDecoder = new SyslogDecoder(options);
        PrometheusJsonDecoder promDecoder = new PrometheusJsonDecoder(options);
        List<String> syslog = new ArrayList<>();
        List<LogRecord> records = new ArrayList<>();
        List<String> vigil = new ArrayList<>();
        for (int i = 0; i < logs.size(); i++) {
            CollectingOutput ev = new CollectingOutput();
            String line = logs.get(i);
            decodeOrFail(() -> syslogDecoder.decode(line, receivedAt, ev), line);
            LogRecord log = ev.logs.get(0);
            records.add(log);
            // A third of the syslog bases each as the simulator wrote it, as RFC 5424, as rsyslog's RFC 3339 format.
            syslog.add(switch (i % 3) {
                case 0 -> logs.get(i);
                case 1 -> rfc5424(log, rfc3339(log.time()));
                default -> rfc3339Line(log, rfc3339(log.time()));
            });
            vigil.add(vigilLog(log, i % 2 == 0));
            for (SecurityEvent s : ev.security) {
                vigil.add(vigilSecurity(s, i % 2 == 1));
            }
        }
        for (int i = 0; i < metrics.size(); i++) {
            CollectingOutput ev = new CollectingOutput();
            String sample = metrics.get(i);
            decodeOrFail(() -> promDecoder.decode(sample, receivedAt, ev), sample);
            if (i % 2 == 0) {
                vigil.add(vigilMetric(ev.metrics.get(0), i % 4 == 0));
            }
        }
        return new FuzzCorpus(seed, receivedAt, syslog, records, metrics, vigil);
    }

    public long seed() {
        return seed;
    }

    /** The receive time the records are meant to be decoded at: an hour after the simulated run ends. */
    public long receivedAt() {
        return receivedAt;
    }

    /** Number of base records of each origin (syslog, prometheus-json, vigil-json). */
    public Map<Origin, Integer> baseCounts() {
        return Map.of(Origin.SYSLOG, syslog.size(), Origin.PROMETHEUS_JSON, prometheus.size(), Origin.VIGIL_JSON, vigilJson.size());
    }

    /** The mutation record {@code index} gets; cheap to ask without building the record. */
    public Mutation mutationOf(long index) {
        if (index % HUGE_PERIOD == HUGE_PERIOD / 2) {
            return Mutation.HUGE_LINE;
        }
        if (index % DEEP_PERIOD == DEEP_PERIOD / 4) {
            return Mutation.DEEP_NESTING;
        }
        return WEIGHTED[random(index).nextInt(WEIGHTED.length)];
    }

    /** Record {@code index}: the same for the same seed, on any machine. */
    public Record record(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("index must be at least 0, was " + index);
        }
        Mutation mutation = mutationOf(index);
        SplittableRandom r = random(index);
        r.nextInt(WEIGHTED.length); // the draw mutationOf made
        Builder b = new Builder(r);
        switch (mutation) {
            case NONE -> b.base(anyOrigin(r));
            case BIT_FLIP -> bitFlip(b);
            case TRUNCATE -> truncate(b);
            case SPLICE -> splice(b);
            case WRONG_TYPE -> wrongType(b);
            case NON_FINITE -> nonFinite(b);
            case FAR_TIME -> farTime(b);
            case INVALID_UTF8 -> invalidUtf8(b);
            case CONTROL_CHARS -> controlChars(b);
            case LINE_TERMINATORS -> lineTerminators(b);
            case BLANK -> blank(b);
            case HUGE_LINE -> hugeLine(b, index);
            case DEEP_NESTING -> deepNesting(b, index);
            default -> throw new IllegalStateException(mutation.name());
        }
        return new Record(index, mutation, b.origin, b.bytes);
    }

    /**
     * Writes records {@code 0..records-1} to {@code file}, each followed by a line feed: one record per
     * line (records hold no line feed but, for some line-terminator records, at their end).
     */
    public void write(Path file, long records) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (long i = 0; i < records; i++) {
                out.write(record(i).unsafeBytes());
                out.write('\n');
            }
        }
    }

    // ------------------------------------------------------------------ mutations

    /** The record being built: its origin and bytes. */
    private final class Builder {
        final SplittableRandom r;
        Origin origin;
        byte[] bytes;

        Builder(SplittableRandom r) {
            this.r = r;
        }

        String base(Origin o) {
            origin = o;
            String text = switch (o) {
                case SYSLOG -> syslog.get(r.nextInt(syslog.size()));
                case PROMETHEUS_JSON -> prometheus.get(r.nextInt(prometheus.size()));
                case VIGIL_JSON -> vigilJson.get(r.nextInt(vigilJson.size()));
            };
            bytes = utf8(text);
            return text;
        }

        void text(Origin o, String text) {
            origin = o;
            bytes = utf8(text);
        }
    }

    private static Origin anyOrigin(SplittableRandom r) {
        return Origin.values()[r.nextInt(Origin.values().length)];
    }

    private static Origin jsonOrigin(SplittableRandom r) {
        return r.nextBoolean() ? Origin.PROMETHEUS_JSON : Origin.VIGIL_JSON;
    }

    private static void bitFlip(Builder b) {
        b.base(anyOrigin(b.r));
        int flips = 1 + b.r.nextInt(8);
        for (int k = 0; k < flips; k++) {
            int pos = b.r.nextInt(b.bytes.length);
            int bit = b.r.nextInt(8);
            byte flipped = (byte) (b.bytes[pos] ^ (1 << bit));
            if (flipped == '\n') {
                // A line feed would end the record early in a file; flip the neighbouring bit instead.
                flipped = (byte) (b.bytes[pos] ^ (1 << ((bit + 1) % 8)));
            }
            b.bytes[pos] = flipped;
        }
    }

    private static void truncate(Builder b) {
        b.base(anyOrigin(b.r));
        int cut = b.r.nextInt(b.bytes.length + 1);
        b.bytes = b.r.nextInt(4) == 0 ? Arrays.copyOfRange(b.bytes, cut, b.bytes.length) : Arrays.copyOf(b.bytes, cut);
    }

    private static void splice(Builder b) {
        byte[] first = utf8(b.base(anyOrigin(b.r)));
        Origin firstOrigin = b.origin;
        byte[] second = utf8(b.base(anyOrigin(b.r)));
        b.origin = firstOrigin;
        switch (b.r.nextInt(3)) {
            case 0 -> b.bytes = concat(Arrays.copyOf(first, b.r.nextInt(first.length + 1)),
                    Arrays.copyOfRange(second, b.r.nextInt(second.length + 1), second.length));
            case 1 -> b.bytes = concat(first, second);
            default -> b.bytes = concat(first, utf8(" "), second);
        }
    }

    private void wrongType(Builder b) {
        ObjectNode obj = json(b.base(jsonOrigin(b.r)));
        ObjectNode target = pickContainer(obj, b.r);
        List<String> fields = fieldNames(target);
        if (fields.isEmpty()) {
            target.set("instance", wrongValue(b.r));
        } else {
            target.set(fields.get(b.r.nextInt(fields.size())), wrongValue(b.r));
        }
        b.text(b.origin, write(obj));
    }

    private static JsonNode wrongValue(SplittableRandom r) {
        return switch (r.nextInt(12)) {
            case 0 -> NODES.numberNode(42);
            case 1 -> NODES.numberNode(-3.5);
            case 2 -> NODES.textNode("");
            case 3 -> NODES.textNode("not a number");
            case 4 -> NODES.booleanNode(r.nextBoolean());
            case 5 -> NODES.nullNode();
            case 6 -> NODES.arrayNode();
            case 7 -> NODES.arrayNode().add(1).add("a").add(NODES.objectNode());
            case 8 -> NODES.objectNode();
            case 9 -> NODES.objectNode().put("a", 1).set("b", NODES.arrayNode().add(true));
            case 10 -> NODES.numberNode(Long.MAX_VALUE);
            default -> NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
        };
    }

    private static final String[] NON_FINITE_TOKENS = {
        "NaN", "-NaN", "Infinity", "-Infinity", "+Infinity", "1e999", "-1e999", "1e-999", "1E+400", "-0", "1.8e308",
        "\"NaN\"", "\"nan\"", "\"Infinity\"", "\"-Inf\"", "\"+Inf\"", "\"Inf\"", "\"1e999\"", "\"-1e999\"", "\"1e-999\"",
        "\"0x1p3\"", "\" 42 \"", "\"\"", "\"4,2\"", "\"1_000\"",
    };

    private void nonFinite(Builder b) {
        ObjectNode obj = json(b.base(jsonOrigin(b.r)));
        String token;
        int pick = b.r.nextInt(NON_FINITE_TOKENS.length + 2);
        if (pick == NON_FINITE_TOKENS.length) {
            token = "1" + "0".repeat(999 + b.r.nextInt(5_000));
        } else if (pick == NON_FINITE_TOKENS.length + 1) {
            token = "0." + "0".repeat(400) + "1";
        } else {
            token = NON_FINITE_TOKENS[pick];
        }
        String[] numeric = {"value", "value", "value", obj.has("timestamp") ? "timestamp" : "time", "pid", "source_port", "bytes"};
        String field = numeric[b.r.nextInt(numeric.length)];
        obj.set(field, TextNode.valueOf(HOLE));
        b.text(b.origin, write(obj).replace(QUOTED_HOLE, token));
    }

    private static final String[] FAR_TIMES = {
        "1903-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "1999-12-31T23:59:59.999Z", "2061-07-28T12:00:00Z",
        "2100-01-01T00:00:00+14:00", "2262-04-11T23:47:16.854775807Z", "9999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z",
        "0000-01-01T00:00:00Z", "-0001-12-31T00:00:00Z", "1969-12-31T23:59:59.999-12:00", "2026-02-30T00:00:00Z",
        "2026-11-20T25:00:00Z", "2026-11-20T10:00:60Z", "2026-11-20T10:00:00", "2026-11-20 10:00:00Z", "20261120T100000Z",
    };
    private static final String[] FAR_EPOCHS = {
        "0", "-1", "-62135596800000", "4102444800000", "253402300800000", "9223372036854775807", "-9223372036854775808",
        "9223372036854775808", "1795000000", "1795000000000000", "1.7950000000000E12",
    };
    private static final String[] BAD_BSD_DATES = {
        "Feb 30 10:00:00", "Feb 29 10:00:00", "Nov 31 10:00:00", "Nov 20 24:00:00", "Nov 20 10:60:00", "Dec 31 23:59:60",
        "Xyz 20 10:00:00", "Nov 00 10:00:00", "Nov 99 99:99:99", "nov 20 10:00:00",
    };

    private void farTime(Builder b) {
        Origin o = anyOrigin(b.r);
        if (o == Origin.SYSLOG) {
            LogRecord log = logRecords.get(b.r.nextInt(logRecords.size()));
            String text = switch (b.r.nextInt(3)) {
                case 0 -> rfc5424(log, FAR_TIMES[b.r.nextInt(FAR_TIMES.length)]);
                case 1 -> rfc3339Line(log, FAR_TIMES[b.r.nextInt(FAR_TIMES.length)]);
                default -> "<" + pri(log) + ">" + BAD_BSD_DATES[b.r.nextInt(BAD_BSD_DATES.length)] + " " + log.host() + " "
                        + (log.app() == null ? "" : log.app() + ": ") + log.message();
            };
            b.text(o, text);
            return;
        }
        ObjectNode obj = json(b.base(o));
        String field = obj.has("timestamp") ? "timestamp" : "time";
        if (b.r.nextBoolean()) {
            obj.put(field, FAR_TIMES[b.r.nextInt(FAR_TIMES.length)]);
            b.text(o, write(obj));
        } else {
            obj.set(field, TextNode.valueOf(HOLE));
            b.text(o, write(obj).replace(QUOTED_HOLE, FAR_EPOCHS[b.r.nextInt(FAR_EPOCHS.length)]));
        }
    }

    private static final byte[][] INVALID_SEQUENCES = {
        {(byte) 0xFF}, {(byte) 0xFE}, {(byte) 0x80}, {(byte) 0xBF}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xC1, (byte) 0xBF},
        {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xED, (byte) 0xBF, (byte) 0xBF},
        {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xC3},
    };

    private static void invalidUtf8(Builder b) {
        b.base(anyOrigin(b.r));
        byte[] bad = INVALID_SEQUENCES[b.r.nextInt(INVALID_SEQUENCES.length)];
        int where = switch (b.r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> b.bytes.length;
            default -> b.r.nextInt(b.bytes.length + 1);
        };
        if (b.r.nextInt(5) == 0) {
            // Only the bad bytes, or bad bytes among white space: not blank, not text.
            b.bytes = b.r.nextBoolean() ? bad.clone() : concat(utf8("  "), bad, utf8("\t"));
            return;
        }
        b.bytes = concat(Arrays.copyOf(b.bytes, where), bad, Arrays.copyOfRange(b.bytes, where, b.bytes.length));
    }

    private static final String[] CONTROLS = {
        "\u0000", "\u0001", "\u0007", "\b", "\t", "\u000B", "\f", "\r", "\u000E", "\u001B", "\u001B[31m", "\u001B[0m",
        "\u001C", "\u001D", "\u001E", "\u001F", "\u007F", "\u0085", "\u00A0", "\u200B", "\u200E", "\u202E", "\uFEFF",
        "\uFFFE", "\uFFFF", "\uD83D\uDE00",
    };

    private static void controlChars(Builder b) {
        String text = b.base(anyOrigin(b.r));
        if (b.r.nextInt(10) == 0) {
            // A record of control characters only.
            StringBuilder s = new StringBuilder();
            for (int k = 1 + b.r.nextInt(4); k > 0; k--) {
                s.append(CONTROLS[b.r.nextInt(CONTROLS.length)]);
            }
            b.text(b.origin, s.toString());
            return;
        }
        StringBuilder s = new StringBuilder(text);
        for (int k = 1 + b.r.nextInt(4); k > 0; k--) {
            int at = b.r.nextInt(s.length() + 1);
            if (at > 0 && at < s.length() && Character.isLowSurrogate(s.charAt(at))) {
                at--;
            }
            s.insert(at, CONTROLS[b.r.nextInt(CONTROLS.length)]);
        }
        b.text(b.origin, s.toString());
    }

    private static final String[] TERMINATORS = {"\r", "\r\r", "\u000B", "\f", "\u0085", "\u2028", "\u2029", "\u001E"};
    private static final String[] ENDINGS = {"\r", "\r\n", "\n", "\r\r\n", "\n\r", "\r\r", "\u2028", "\u0085", "\u000B", " \r\n"};

    private static void lineTerminators(Builder b) {
        String text = b.base(anyOrigin(b.r));
        switch (b.r.nextInt(4)) {
            case 0 -> b.text(b.origin, text + ENDINGS[b.r.nextInt(ENDINGS.length)]);
            case 1 -> b.text(b.origin, TERMINATORS[b.r.nextInt(TERMINATORS.length)] + text);
            default -> {
                // A terminator inside: the record is still one record (one line in a file).
                int at = b.r.nextInt(text.length() + 1);
                b.text(b.origin, text.substring(0, at) + TERMINATORS[b.r.nextInt(TERMINATORS.length)] + text.substring(at));
            }
        }
    }

    private static final String[] BLANKS = {
        "", " ", "\t", "  \t  ", "\r", "\r\r", " \r", "\u000B", "\f", "\u000B\f \t", "\u001C\u001D\u001E\u001F",
        "\u2028", "\u2029", "\u3000", "\u2003\u2009", "\u1680", " \r\n", "\n", "\r\n",
        // Look like white space, are not (Java's isWhitespace): these are records and must be read or dead-lettered.
        "\u00A0", "\u2007", "\u202F", "\u200B", "\uFEFF", " \u0085 ", "\u0000", " \u0001 ",
    };

    private static void blank(Builder b) {
        b.text(anyOrigin(b.r), BLANKS[b.r.nextInt(BLANKS.length)]);
    }

    private void hugeLine(Builder b, long index) {
        int variant = (int) ((index / HUGE_PERIOD) % 8);
        int size = switch (variant % 4) {
            case 0 -> MIB - 1;
            case 1 -> MIB;
            case 2 -> MIB + 1;
            default -> 200 * 1024; // under the default limit: decoded for real
        };
        switch (variant) {
            case 0, 3 -> {
                // A syslog line whose message is long: an sshd failure with a huge user name.
                LogRecord log = logRecords.get(b.r.nextInt(logRecords.size()));
                String head = "<38>" + BSD.format(Instant.ofEpochMilli(log.time())) + " " + log.host()
                        + " sshd[4242]: Failed password for invalid user ";
                String tail = " from 203.0.113.9 port 4242 ssh2";
                b.text(Origin.SYSLOG, head + fill("root from 10.0.0.1 port 22 ", size - head.length() - tail.length()) + tail);
            }
            case 1, 7 -> {
                // Vigil JSON with a long message.
                ObjectNode obj = vigilLogNode(logRecords.get(b.r.nextInt(logRecords.size())), true);
                obj.put("message", HOLE);
                String json = write(obj);
                int room = size - json.length() + HOLE.length();
                b.text(Origin.VIGIL_JSON, json.replace(HOLE, fill("Out of memory: Killed process 42 (java) ", room)));
            }
            case 2 -> {
                // White space only: a blank record, however long.
                b.text(Origin.SYSLOG, fill(" \t", size));
            }
            case 4 -> {
                // A Prometheus sample with a huge label value.
                ObjectNode obj = json(prometheus.get(b.r.nextInt(prometheus.size())));
                ((ObjectNode) obj.get("labels")).put("job", HOLE);
                String json = write(obj);
                b.text(Origin.PROMETHEUS_JSON, json.replace(HOLE, fill("x", size - json.length() + HOLE.length())));
            }
            case 5 -> {
                // Multi-byte characters cut in the middle at the end: invalid UTF-8 at 1 MiB.
                byte[] chars = utf8(fill("\u00e9\u4e2d", size));
                b.origin = Origin.SYSLOG;
                b.bytes = Arrays.copyOf(chars, size);
                b.bytes[size - 1] = (byte) 0xE4; // the lead byte of a three-byte character, and no room for the rest
            }
            default -> {
                // One character repeated.
                b.text(Origin.SYSLOG, fill("a", size));
            }
        }
    }

    private void deepNesting(Builder b, long index) {
        // The periodic ones go past the parser's depth limit (64) in turn; the others stay near it.
        boolean periodic = index % DEEP_PERIOD == DEEP_PERIOD / 4;
        int[] beyond = {100_000, 65, 1_000};
        int[] near = {8, 40, 63, 64};
        int depth = periodic ? beyond[(int) ((index / DEEP_PERIOD) % beyond.length)] : near[b.r.nextInt(near.length)];
        boolean closed = b.r.nextInt(4) != 0;
        boolean arrays = b.r.nextBoolean();
        StringBuilder s = new StringBuilder(depth * 6);
        for (int k = 0; k < depth; k++) {
            s.append(arrays ? "[" : "{\"a\":");
        }
        s.append("1");
        if (closed) {
            for (int k = 0; k < depth; k++) {
                s.append(arrays ? ']' : '}');
            }
        }
        String nested = s.toString();
        if (b.r.nextInt(4) == 0) {
            b.text(jsonOrigin(b.r), nested);
            return;
        }
        ObjectNode obj = json(b.base(jsonOrigin(b.r)));
        String[] fields = {"labels", "attributes", "value", "kind", "time", "message"};
        obj.set(fields[b.r.nextInt(fields.length)], TextNode.valueOf(HOLE));
        b.text(b.origin, write(obj).replace(QUOTED_HOLE, nested));
    }

    // ------------------------------------------------------------------ base records

    private interface Decoding {
        void run() throws DecodeException;
    }

    private static void decodeOrFail(Decoding d, String text) {
        try {
            d.run();
        } catch (DecodeException e) {
            throw new IllegalStateException("the simulator wrote a record its decoder rejects (" + e.getMessage() + "): " + text, e);
        }
    }

    private static int pri(LogRecord log) {
        int severity = Severity.parse(log.severity()).map(Severity::ordinal).orElse(6);
        return 4 * 8 + severity;
    }

    private static String rfc3339(long time) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochMilli(time).atOffset(ZoneOffset.UTC));
    }

    static String rfc5424(LogRecord log, String timestamp) {
        return "<" + pri(log) + ">1 " + timestamp + " " + log.host() + " " + (log.app() == null ? "-" : log.app()) + " "
                + (log.pid() == null ? "-" : log.pid()) + " - - " + log.message();
    }

    static String rfc3339Line(LogRecord log, String timestamp) {
        return timestamp + " " + log.host() + " " + (log.app() == null ? "" : log.app())
                + (log.pid() == null ? "" : "[" + log.pid() + "]") + ": " + log.message();
    }

    private static String vigilLog(LogRecord log, boolean epochMillis) {
        return write(vigilLogNode(log, epochMillis));
    }

    private static ObjectNode vigilLogNode(LogRecord log, boolean epochMillis) {
        ObjectNode o = NODES.objectNode().put("kind", "log");
        time(o, log.time(), epochMillis);
        o.put("host", log.host()).put("app", log.app());
        if (log.pid() != null) {
            o.put("pid", log.pid());
        }
        o.put("severity", log.severity()).put("message", log.message());
        ObjectNode attrs = o.putObject("attributes");
        log.attributes().forEach(attrs::put);
        return o;
    }

    private static String vigilSecurity(SecurityEvent s, boolean epochMillis) {
        ObjectNode o = NODES.objectNode().put("kind", "security");
        time(o, s.time(), epochMillis);
        o.put("host", s.host()).put("action", s.action()).put("outcome", s.outcome());
        o.put("user", s.user()).put("target_user", s.targetUser()).put("source_ip", s.sourceIp());
        o.put("source_port", s.sourcePort()).put("destination_ip", s.destinationIp()).put("destination_port", s.destinationPort());
        o.put("bytes", s.bytes()).put("process", s.process());
        ObjectNode attrs = o.putObject("attributes");
        s.attributes().forEach(attrs::put);
        return write(o);
    }

    private static String vigilMetric(MetricSample m, boolean epochMillis) {
        ObjectNode o = NODES.objectNode().put("kind", "metric");
        time(o, m.time(), epochMillis);
        o.put("host", m.host()).put("name", m.name()).put("value", m.value());
        ObjectNode labels = o.putObject("labels");
        m.labels().forEach(labels::put);
        return write(o);
    }

    private static void time(ObjectNode o, long time, boolean epochMillis) {
        if (epochMillis) {
            o.put("time", time);
        } else {
            o.put("time", rfc3339(time));
        }
    }

    // ------------------------------------------------------------------ helpers

    private SplittableRandom random(long index) {
        return new SplittableRandom(mix(seed ^ mix(index + 0x9E3779B97F4A7C15L)));
    }

    /** Stafford's mix13: neighbouring indices get unrelated streams. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static ObjectNode pickContainer(ObjectNode obj, SplittableRandom r) {
        for (String nested : new String[] {"labels", "attributes"}) {
            if (obj.get(nested) instanceof ObjectNode inner && inner.size() > 0 && r.nextInt(3) == 0) {
                return inner;
            }
        }
        return obj;
    }

    private static List<String> fieldNames(ObjectNode obj) {
        List<String> names = new ArrayList<>();
        obj.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) MAPPER.readTree(text);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("a base record is not a JSON object: " + text, e);
        }
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code unit} repeated and cut to exactly {@code length} characters. */
    private static String fill(String unit, int length) {
        if (length <= 0) {
            return "";
        }
        StringBuilder s = new StringBuilder(length + unit.length());
        while (s.length() < length) {
            s.append(unit);
        }
        s.setLength(length);
        return s.toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** The first {@code max} characters of a record, with control characters and invalid bytes made visible. */
    public static String excerpt(byte[] bytes, int max) {
        StringBuilder s = new StringBuilder();
        int n = Math.min(bytes.length, max * 4);
        String text = new String(bytes, 0, n, StandardCharsets.UTF_8);
        for (int i = 0; i < text.length() && s.length() < max; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == '\uFFFD' || Character.isWhitespace(c) && c != ' '
                    || Character.isSurrogate(c) || c == '\u00A0' || c == '\u2007' || c == '\u202F' || c == '\u200B' || c == '\uFEFF') {
                s.append(String.format("\\u%04X", (int) c));
            } else {
                s.append(c);
            }
        }
        if (bytes.length > n || s.length() >= max) {
            s.append("... (").append(bytes.length).append(" bytes)");
        }
        return s.toString();
    }
}
