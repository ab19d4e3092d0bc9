package dev.vigil.sigma;

import com.google.re2j.Pattern;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One value of a Sigma detection item, compiled: how an event's field value is tested against it.
 * Strings compare case-insensitively unless {@code |cased}; {@code *} and {@code ?} are wildcards unless
 * escaped with a backslash. Regular expressions run on RE2/J, in time linear in the input.
 */
public interface ValueMatcher extends Serializable {
    boolean matches(String value);

    /** Compiles one value with the item's modifiers (already validated by the parser). */
    static ValueMatcher of(String value, List<String> modifiers) throws IllegalArgumentException {
        boolean cased = modifiers.contains("cased");
        if (modifiers.contains("re")) {
            int flags = 0;
            for (String m : modifiers) {
                switch (m) {
                    case "i" -> flags |= Pattern.CASE_INSENSITIVE;
                    case "m" -> flags |= Pattern.MULTILINE;
                    case "s" -> flags |= Pattern.DOTALL;
                    default -> { }
                }
            }
            Pattern p = Pattern.compile(value, flags);
            return new Regex(value, flags, p);
        }
        if (modifiers.contains("cidr")) {
            return Cidr.parse(value);
        }
        for (String op : List.of("gt", "gte", "lt", "lte")) {
            if (modifiers.contains(op)) {
                return new Numeric(op, Double.parseDouble(value));
            }
        }
        String mode = modifiers.contains("contains") ? "contains"
                : modifiers.contains("startswith") ? "startswith"
                : modifiers.contains("endswith") ? "endswith" : "equals";
        return Glob.of(value, mode, cased);
    }

    /** Expands a value for {@code |windash}: every dash also as slash, en dash, em dash and horizontal bar. */
    static List<String> windash(String value) {
        List<String> out = new ArrayList<>();
        out.add(value);
        if (value.indexOf('-') >= 0) {
            for (String dash : List.of("/", "\u2013", "\u2014", "\u2015")) {
                out.add(value.replace("-", dash));
            }
        }
        return out;
    }

    /** A RE2/J regular expression, searched anywhere in the value. */
    record Regex(String source, int flags, Pattern pattern) implements ValueMatcher {
        @Override
        public boolean matches(String value) {
            return pattern.matcher(value).find();
        }
    }

    /** A numeric comparison; values that are not numbers never match. */
    record Numeric(String op, double bound) implements ValueMatcher {
        @Override
        public boolean matches(String value) {
            double v;
            try {
                v = Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                return false;
            }
            return switch (op) {
                case "gt" -> v > bound;
                case "gte" -> v >= bound;
                case "lt" -> v < bound;
                default -> v <= bound;
            };
        }
    }

    /**
     * A Sigma string with optional wildcards. Plain strings take fast paths (equals, contains, prefix,
     * suffix); strings with wildcards become an RE2/J pattern.
     */
    final class Glob implements ValueMatcher {
        private static final long serialVersionUID = 1L;
        private final String mode;
        private final String literal;
        private final boolean cased;
        private final Pattern pattern;

        private Glob(String mode, String literal, boolean cased, Pattern pattern) {
            this.mode = mode;
            this.literal = literal;
            this.cased = cased;
            this.pattern = pattern;
        }

        static Glob of(String value, String mode, boolean cased) {
            StringBuilder literal = new StringBuilder();
            StringBuilder regex = new StringBuilder();
            boolean wildcard = false;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\\' && i + 1 < value.length() && (value.charAt(i + 1) == '*' || value.charAt(i + 1) == '?' || value.charAt(i + 1) == '\\')) {
                    char next = value.charAt(++i);
                    literal.append(next);
                    regex.append(Pattern.quote(String.valueOf(next)));
                } else if (c == '*') {
                    wildcard = true;
                    regex.append(".*");
                } else if (c == '?') {
                    wildcard = true;
                    regex.append('.');
                } else {
                    literal.append(c);
                    regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            if (!wildcard) {
                String lit = cased ? literal.toString() : literal.toString().toLowerCase(Locale.ROOT);
                return new Glob(mode, lit, cased, null);
            }
            String body = regex.toString();
            String anchored = switch (mode) {
                case "contains" -> body;
                case "startswith" -> "^" + body;
                case "endswith" -> body + "$";
                default -> "^" + body + "$";
            };
            return new Glob(mode, null, cased, Pattern.compile(anchored, (cased ? 0 : Pattern.CASE_INSENSITIVE) | Pattern.DOTALL));
        }

        @Override
        public boolean matches(String value) {
            if (pattern != null) {
                return pattern.matcher(value).find();
            }
            String v = cased ? value : value.toLowerCase(Locale.ROOT);
            return switch (mode) {
                case "contains" -> v.contains(literal);
                case "startswith" -> v.startsWith(literal);
                case "endswith" -> v.endsWith(literal);
                default -> v.equals(literal);
            };
        }
    }

    /** An IPv4 or IPv6 network; values that are not IP literals never match (no name lookups). */
    record Cidr(byte[] network, int prefix) implements ValueMatcher {
        public static Cidr parse(String cidr) {
            int slash = cidr.indexOf('/');
            byte[] addr = IpLiteral.parse(slash < 0 ? cidr : cidr.substring(0, slash));
            if (addr == null) {
                throw new IllegalArgumentException("'" + cidr + "' is not an IP network");
            }
            int prefix = slash < 0 ? addr.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
            if (prefix < 0 || prefix > addr.length * 8) {
                throw new IllegalArgumentException("'" + cidr + "' has a prefix length out of range");
            }
            return new Cidr(addr, prefix);
        }

        @Override
        public boolean matches(String value) {
            byte[] a = IpLiteral.parse(value);
            if (a == null || a.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }
}
