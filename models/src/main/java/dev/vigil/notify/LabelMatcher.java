package dev.vigil.notify;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One of Alertmanager's label matchers: {@code name="value"}, {@code name!="value"},
 * {@code name=~"regex"} or {@code name!~"regex"}. Regular expressions are anchored at both ends, as in
 * Alertmanager, and run in linear time (RE2/J). A missing label matches as the empty string.
 */
public final class LabelMatcher {
    private static final java.util.regex.Pattern SYNTAX =
            java.util.regex.Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^\"\\s]*)\\s*");

    private final String name;
    private final String op;
    private final String value;
    private final Pattern regex;

    private LabelMatcher(String name, String op, String value) {
        this.name = name;
        this.op = op;
        this.value = value;
        Pattern p = null;
        if (op.endsWith("~")) {
            try {
                p = Pattern.compile("^(?:" + value + ")$");
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("matcher " + this + ": invalid regular expression: " + e.getDescription());
            }
        }
        this.regex = p;
    }

    /** Parses one matcher; the error quotes it. */
    public static LabelMatcher parse(String text) {
        java.util.regex.Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a matcher such as severity=\"critical\" or host=~\"web-.*\"");
        }
        String v = m.group(3);
        if (v.startsWith("\"")) {
            v = v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return new LabelMatcher(m.group(1), m.group(2), v);
    }

    /** Parses a list of matchers. */
    public static List<LabelMatcher> parseAll(List<String> texts) {
        List<LabelMatcher> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(parse(t));
        }
        return out;
    }

    public boolean matches(Map<String, String> labels) {
        String v = labels.getOrDefault(name, "");
        return switch (op) {
            case "=" -> v.equals(value);
            case "!=" -> !v.equals(value);
            case "=~" -> regex.matches(v);
            default -> !regex.matches(v);
        };
    }

    /** Whether every matcher matches. */
    public static boolean all(List<LabelMatcher> matchers, Map<String, String> labels) {
        for (LabelMatcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return name + op + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
