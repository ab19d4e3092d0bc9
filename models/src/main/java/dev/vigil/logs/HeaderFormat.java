package dev.vigil.logs;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A log header format in the Loghub benchmark's notation, {@code <Date> <Time> <Level> <Component>: <Content>}:
 * each {@code <Field>} matches lazily, runs of spaces match any whitespace, everything else is regex
 * text, and the whole line must match. {@code Content} is the message the miner sees.
 */
public final class HeaderFormat {
    private final String format;
    private final Pattern pattern;
    private final List<String> fields;

    private HeaderFormat(String format, Pattern pattern, List<String> fields) {
        this.format = format;
        this.pattern = pattern;
        this.fields = fields;
    }

    /** Compiles a format; it must name a {@code <Content>} field. */
    public static HeaderFormat of(String format) {
        StringBuilder regex = new StringBuilder("^");
        List<String> fields = new ArrayList<>();
        int i = 0;
        while (i < format.length()) {
            int open = format.indexOf('<', i);
            int close = open < 0 ? -1 : format.indexOf('>', open);
            if (open < 0 || close < 0) {
                regex.append(literal(format.substring(i)));
                break;
            }
            regex.append(literal(format.substring(i, open)));
            String field = format.substring(open + 1, close);
            if (!field.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("log format '" + format + "': '<" + field + ">' is not a field name");
            }
            fields.add(field);
            regex.append("(?P<").append(field).append(">.*?)");
            i = close + 1;
        }
        regex.append('$');
        if (!fields.contains("Content")) {
            throw new IllegalArgumentException("log format '" + format + "' has no <Content> field");
        }
        return new HeaderFormat(format, Pattern.compile(regex.toString()), List.copyOf(fields));
    }

    private static String literal(String segment) {
        return segment.replaceAll(" +", "\\\\s+");
    }

    public String format() {
        return format;
    }

    public List<String> fields() {
        return fields;
    }

    /** The line's {@code Content}, or empty when the line does not have this header. */
    public Optional<String> content(String line) {
        Matcher m = pattern.matcher(line.strip());
        return m.matches() ? Optional.of(m.group("Content")) : Optional.empty();
    }
}
