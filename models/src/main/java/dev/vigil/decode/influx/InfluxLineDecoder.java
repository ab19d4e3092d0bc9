package dev.vigil.decode.influx;

import dev.vigil.decode.DecodeException;
import dev.vigil.decode.Decoder;
import dev.vigil.decode.DecoderOptions;
import dev.vigil.decode.EventCollector;
import dev.vigil.decode.PrometheusNames;
import dev.vigil.decode.SyslogDecoder;
import dev.vigil.model.MetricSample;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads InfluxDB line protocol as Telegraf writes it (its influx serializer, over Kafka or into files):
 * {@code measurement[,tag=value...] field=value[,field=value...] [timestamp]}, one line per record.
 *
 * <p>Every numeric or boolean field becomes one {@link MetricSample} named as Telegraf's Prometheus
 * output names it, {@code measurement_field} made valid by {@link PrometheusNames} (for measurement
 * {@code prometheus}, which Telegraf's Prometheus input writes with metric_version 2, the field alone), so
 * a Telegraf series reads the same whichever output carried it. Floats, integers ({@code 12i}), unsigned
 * integers ({@code 12u}) and booleans (true is 1, false is 0) are values; string fields are skipped, since
 * a sample holds a number and Telegraf's Prometheus output drops them too. The tags are the labels, their
 * names made valid the same way (a tag whose name has nothing valid is dropped, as Telegraf does), except
 * {@code host}, which is the sample's host ({@link DecoderOptions#defaultHost()} without it). The
 * timestamp is nanoseconds (the influx serializer always writes nanoseconds, whatever the agent's
 * precision); without one the sample is stamped with the receive time, as InfluxDB stamps it on arrival.
 *
 * <p>Escapes: in the measurement {@code \,} and {@code \ }; in tag keys, tag values and field keys also
 * {@code \=}; in string field values {@code \"} and {@code \\}. A backslash before any other character is
 * that backslash. A line starting with {@code #} (a comment in line protocol files) is dead-lettered: it
 * carries no measurement, and every record is one row or one dead letter.
 *
 * <p>A line with a syntax error anywhere is rejected whole, the error naming the part and its position
 * (0-based character offset); nothing is emitted before the whole line has been read. One pass over the
 * characters, no pattern; substrings only for names and values that are kept.
 */
public final class InfluxLineDecoder implements Decoder {
    public static final String NAME = "influx";

    private final DecoderOptions options;

    public InfluxLineDecoder(DecoderOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public java.util.Set<String> emits() {
        return java.util.Set.of(METRICS);
    }

    @Override
    public void decode(String line, long receivedAt, EventCollector out) throws DecodeException {
        int n = line.length();
        int pos = 0;
        while (pos < n && line.charAt(pos) == ' ') {
            pos++;
        }
        if (pos < n && line.charAt(pos) == '#') {
            // Line protocol files may hold comments; a record that is one carries no measurement. Telegraf never
            // sends one, so it is kept as a dead letter rather than dropped: nothing read is lost unaccounted.
            throw new DecodeException("position " + pos + ": a comment line ('#'), not a measurement");
        }
        // Measurement: up to an unescaped ',' or ' '.
        int start = pos;
        boolean escapes = false;
        while (pos < n) {
            char c = line.charAt(pos);
            if (c == '\\' && pos + 1 < n) {
                escapes = true;
                pos += 2;
            } else if (c == ',' || c == ' ') {
                break;
            } else {
                pos++;
            }
        }
        if (pos == start) {
            throw new DecodeException("measurement: empty at position " + start);
        }
        String measurement = escapes ? unescape(line, start, pos, false) : line.substring(start, pos);

        // Tags.
        String host = null;
        Map<String, String> labels = new HashMap<>(8);
        while (pos < n && line.charAt(pos) == ',') {
            int keyStart = ++pos;
            int keyEnd = scanKey(line, pos, "tag");
            pos = keyEnd + 1;
            int valueStart = pos;
            escapes = false;
            while (pos < n) {
                char c = line.charAt(pos);
                if (c == '\\' && pos + 1 < n) {
                    escapes = true;
                    pos += 2;
                } else if (c == ',' || c == ' ') {
                    break;
                } else {
                    pos++;
                }
            }
            String key = unescape(line, keyStart, keyEnd, true);
            if (pos == valueStart) {
                throw new DecodeException("tag '" + SyslogDecoder.abbreviate(key) + "' at position " + keyStart + ": empty value");
            }
            String value = escapes ? unescape(line, valueStart, pos, true) : line.substring(valueStart, pos);
            if (key.equals("host")) {
                host = value;
            } else {
                String label = PrometheusNames.labelName(key);
                if (label != null) {
                    labels.put(label, value);
                }
            }
        }
        if (pos >= n) {
            throw new DecodeException("fields: missing at position " + pos + " (a line needs at least one field=value)");
        }
        while (pos < n && line.charAt(pos) == ' ') {
            pos++;
        }
        if (pos >= n) {
            throw new DecodeException("fields: missing at position " + pos + " (a line needs at least one field=value)");
        }

        // Fields: numbers kept in order until the whole line has been read.
        String[] names = new String[16];
        double[] values = new double[16];
        int count = 0;
        while (true) {
            int keyStart = pos;
            int keyEnd = scanKey(line, pos, "field");
            String key = unescape(line, keyStart, keyEnd, true);
            pos = keyEnd + 1;
            if (pos >= n) {
                throw new DecodeException("field '" + SyslogDecoder.abbreviate(key) + "' at position " + keyStart + ": missing value");
            }
            if (line.charAt(pos) == '"') {
                pos = skipString(line, pos, key, keyStart);
            } else {
                int valueStart = pos;
                while (pos < n && line.charAt(pos) != ',' && line.charAt(pos) != ' ') {
                    pos++;
                }
                if (pos == valueStart) {
                    throw new DecodeException("field '" + SyslogDecoder.abbreviate(key) + "' at position " + keyStart + ": empty value");
                }
                double v = number(line, valueStart, pos, key);
                if (count == names.length) {
                    names = Arrays.copyOf(names, count * 2);
                    values = Arrays.copyOf(values, count * 2);
                }
                names[count] = key;
                values[count] = v;
                count++;
            }
            if (pos >= n || line.charAt(pos) == ' ') {
                break;
            }
            if (line.charAt(pos) != ',') {
                throw new DecodeException("field '" + SyslogDecoder.abbreviate(key) + "' at position " + keyStart
                        + ": expected ',' or ' ' after the value at position " + pos);
            }
            pos++;
            if (pos >= n || line.charAt(pos) == ' ') {
                throw new DecodeException("fields: a field is missing after the ',' at position " + (pos - 1));
            }
        }

        // Timestamp.
        while (pos < n && line.charAt(pos) == ' ') {
            pos++;
        }
        long time = receivedAt;
        if (pos < n) {
            int tsStart = pos;
            while (pos < n && line.charAt(pos) != ' ') {
                pos++;
            }
            long nanos = nanos(line, tsStart, pos);
            int rest = pos;
            while (rest < n && line.charAt(rest) == ' ') {
                rest++;
            }
            if (rest < n) {
                throw new DecodeException("timestamp: unexpected text after it at position " + rest);
            }
            try {
                time = options.checkTime("timestamp", Math.floorDiv(nanos, 1_000_000L), receivedAt);
            } catch (DecodeException e) {
                throw new DecodeException(e.getMessage() + " (line protocol timestamps are read as nanoseconds)");
            }
        }

        String sampleHost = host == null || host.isEmpty() ? options.defaultHost() : host;
        boolean prometheus = measurement.equals("prometheus");
        String[] sampleNames = new String[count];
        int valid = 0;
        for (int i = 0; i < count; i++) {
            sampleNames[i] = PrometheusNames.metricName(prometheus ? names[i] : measurement + "_" + names[i]);
            valid += sampleNames[i] != null ? 1 : 0;
        }
        if (valid == 0) {
            // Only string fields, or names with nothing valid left: no sample, so the line is kept as a dead letter.
            throw new DecodeException("fields: no numeric or boolean field with a usable name (string fields are not samples)");
        }
        for (int i = 0; i < count; i++) {
            if (sampleNames[i] != null) {
                out.metric(new MetricSample(time, sampleHost, sampleNames[i], values[i], labels));
            }
        }
    }

    /** The end of a key (tag or field) that starts at {@code pos}: the position of its unescaped '='. */
    private static int scanKey(String line, int pos, String what) throws DecodeException {
        int start = pos;
        int n = line.length();
        while (pos < n) {
            char c = line.charAt(pos);
            if (c == '\\' && pos + 1 < n) {
                pos += 2;
            } else if (c == '=') {
                if (pos == start) {
                    throw new DecodeException(what + " at position " + start + ": empty key");
                }
                return pos;
            } else if (c == ',' || c == ' ') {
                break;
            } else {
                pos++;
            }
        }
        throw new DecodeException(what + " at position " + start + ": no '=' after the key '"
                + SyslogDecoder.abbreviate(line.substring(start, pos)) + "'");
    }

    /** Past the closing quote of the string value opening at {@code pos}. */
    private static int skipString(String line, int pos, String key, int keyStart) throws DecodeException {
        int n = line.length();
        int i = pos + 1;
        while (i < n) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < n && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else {
                i++;
            }
        }
        throw new DecodeException("field '" + SyslogDecoder.abbreviate(key) + "' at position " + keyStart
                + ": string value opened at position " + pos + " is not closed by '\"'");
    }

    /** A field value that is not a string: integer, unsigned integer, boolean or float. */
    private static double number(String line, int from, int to, String key) throws DecodeException {
        char last = line.charAt(to - 1);
        if (last == 'i') {
            long v = integer(line, from, to - 1, true);
            if (v == Long.MIN_VALUE && !isLongMin(line, from, to - 1)) {
                throw bad(line, from, to, key, "is not an integer");
            }
            return v;
        }
        if (last == 'u') {
            long v = integer(line, from, to - 1, false);
            if (v == Long.MIN_VALUE && !isUnsignedWithTopBit(line, from, to - 1)) {
                throw bad(line, from, to, key, "is not an unsigned integer");
            }
            return v >= 0 ? (double) v : (double) (v >>> 1) * 2.0 + (v & 1);
        }
        char first = line.charAt(from);
        if ((first == 't' || first == 'T' || first == 'f' || first == 'F') && to - from <= 5) {
            switch (line.substring(from, to)) {
                case "t": case "T": case "true": case "True": case "TRUE":
                    return 1.0;
                case "f": case "F": case "false": case "False": case "FALSE":
                    return 0.0;
                default:
            }
        }
        if (!isFloat(line, from, to)) {
            throw bad(line, from, to, key, "is not a number, boolean or quoted string");
        }
        double v = Double.parseDouble(line.substring(from, to));
        if (Double.isInfinite(v)) {
            throw bad(line, from, to, key, "is not a finite number");
        }
        return v;
    }

    private static DecodeException bad(String line, int from, int to, String key, String why) {
        return new DecodeException("field '" + SyslogDecoder.abbreviate(key) + "': '"
                + SyslogDecoder.abbreviate(line.substring(from, to)) + "' at position " + from + " " + why);
    }

    /**
     * Digits with an optional '-' (signed only), as a long; unsigned values above Long.MAX_VALUE come back
     * as their two's-complement bits. Long.MIN_VALUE also stands for "not a number", told apart by the caller.
     */
    private static long integer(String s, int from, int to, boolean signed) {
        boolean negative = signed && from < to && s.charAt(from) == '-';
        int i = negative ? from + 1 : from;
        if (i >= to || to - i > 20) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return Long.MIN_VALUE;
            }
            int d = c - '0';
            if (signed) {
                // Accumulate negatively: -9223372036854775808 fits, its positive does not.
                if (v < (Long.MIN_VALUE + d) / 10) {
                    return Long.MIN_VALUE;
                }
                v = v * 10 - d;
            } else {
                if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - d, 10)) > 0) {
                    return Long.MIN_VALUE;
                }
                v = v * 10 + d;
            }
        }
        return signed ? (negative ? v : (v == Long.MIN_VALUE ? Long.MIN_VALUE : -v)) : v;
    }

    private static boolean isLongMin(String s, int from, int to) {
        return s.regionMatches(from, "-9223372036854775808", 0, 20) && to - from == 20;
    }

    private static boolean isUnsignedWithTopBit(String s, int from, int to) {
        return to - from == 19 && s.regionMatches(from, "9223372036854775808", 0, 19);
    }

    /** {@code [-+]?(digits[.digits*]|.digits)([eE][-+]?digits)?}, the floats Go's ParseFloat reads in line protocol. */
    private static boolean isFloat(String s, int from, int to) {
        int i = from;
        if (i < to && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        int digits = 0;
        while (i < to && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < to && s.charAt(i) == '.') {
            i++;
            while (i < to && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < to && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < to && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                i++;
            }
            int exp = 0;
            while (i < to && isDigit(s.charAt(i))) {
                i++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return i == to;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static long nanos(String line, int from, int to) throws DecodeException {
        long v = integer(line, from, to, true);
        if (v == Long.MIN_VALUE) {
            throw new DecodeException("timestamp: '" + SyslogDecoder.abbreviate(line.substring(from, to)) + "' at position "
                    + from + " is not an integer (nanoseconds since the epoch)");
        }
        return v;
    }

    /**
     * The text between {@code from} and {@code to} without its escapes: {@code \,} and {@code \ } always,
     * {@code \=} in keys and tag values.
     */
    private static String unescape(String s, int from, int to, boolean equalsToo) {
        int bs = s.indexOf('\\', from);
        if (bs < 0 || bs >= to) {
            return s.substring(from, to);
        }
        StringBuilder b = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < to) {
                char next = s.charAt(i + 1);
                if (next == ',' || next == ' ' || (equalsToo && next == '=')) {
                    b.append(next);
                    i++;
                    continue;
                }
            }
            b.append(c);
        }
        return b.toString();
    }
}
