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

    /** Same as {@link #matches(String)}, given the value already lower-cased (one conversion per field, not per value). */
    default boolean matches(String value, String lower) {
        return matches(value);
    }

    /** Whether this matcher compares case-insensitively (and so uses the lower-cased value). */
    default boolean caseInsensitive() {
        return false;
    }

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

    /**
     * Expands a value for {@code |windash} as pySigma does: a dash or slash that starts a word (an option
     * such as {@code -enc} or {@code /enc}) may be written with -, /, an en dash, an em dash or a horizontal bar.
     */
    static List<String> windash(String value) {
        List<String> out = new ArrayList<>();
        for (char dash : new char[] {'-', '/', '\u2013', '\u2014', '\u2015'}) {
            StringBuilder b = new StringBuilder(value.length());
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                boolean optionStart = (c == '-' || c == '/') && (i == 0 || !isWord(value.charAt(i - 1)))
                        && i + 1 < value.length() && isWord(value.charAt(i + 1));
                b.append(optionStart ? dash : c);
            }
            String v = b.toString();
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    private static boolean isWord(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** Alternatives of one value (its windash variants): any may match. */
    record AnyOf(List<ValueMatcher> alternatives) implements ValueMatcher {
        @Override
        public boolean matches(String value) {
            for (ValueMatcher m : alternatives) {
                if (m.matches(value)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean matches(String value, String lower) {
            for (ValueMatcher m : alternatives) {
                if (m.matches(value, lower)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean caseInsensitive() {
            return true;
        }
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
     * A Sigma string with optional wildcards, matched by hand: the literal segments between {@code *} are
     * found in order ({@code ?} matches any one character inside a segment). Leftmost matching of each
     * segment is exact for such globs, and it is several times faster than a regular expression per value,
     * which matters for rules with hundreds of keywords.
     */
    final class Glob implements ValueMatcher {
        private static final long serialVersionUID = 1L;
        private final boolean cased;
        /** Literal segments between stars; '?' wildcards are stored as {@link #ANY}. */
        private final String[] segments;
        private final boolean leadingStar;
        private final boolean trailingStar;
        static final char ANY = '\uFFFF';

        private Glob(boolean cased, String[] segments, boolean leadingStar, boolean trailingStar) {
            this.cased = cased;
            this.segments = segments;
            this.leadingStar = leadingStar;
            this.trailingStar = trailingStar;
        }

        static Glob of(String value, String mode, boolean cased) {
            java.util.List<String> segs = new java.util.ArrayList<>();
            StringBuilder cur = new StringBuilder();
            boolean leading = false;
            boolean trailing = false;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\\' && i + 1 < value.length() && (value.charAt(i + 1) == '*' || value.charAt(i + 1) == '?' || value.charAt(i + 1) == '\\')) {
                    cur.append(value.charAt(++i));
                } else if (c == '*') {
                    if (cur.length() == 0 && segs.isEmpty()) {
                        leading = true;
                    } else if (cur.length() > 0) {
                        segs.add(cur.toString());
                        cur.setLength(0);
                    }
                    trailing = true;
                    continue;
                } else if (c == '?') {
                    cur.append(ANY);
                } else {
                    cur.append(c);
                }
                trailing = false;
            }
            if (cur.length() > 0) {
                segs.add(cur.toString());
            }
            String[] out = new String[segs.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = cased ? segs.get(i) : segs.get(i).toLowerCase(Locale.ROOT);
            }
            // contains/startswith/endswith are stars at the open ends.
            boolean lead = leading || mode.equals("contains") || mode.equals("endswith");
            boolean trail = trailing || mode.equals("contains") || mode.equals("startswith");
            return new Glob(cased, out, lead, trail);
        }

        @Override
        public boolean caseInsensitive() {
            return !cased;
        }

        @Override
        public boolean matches(String value) {
            return matches(value, cased ? value : value.toLowerCase(Locale.ROOT));
        }

        @Override
        public boolean matches(String value, String lower) {
            String v = cased ? value : lower;
            int n = segments.length;
            if (n == 0) {
                return leadingStar || trailingStar || v.isEmpty();
            }
            int pos = 0;
            for (int i = 0; i < n; i++) {
                String seg = segments[i];
                boolean first = i == 0;
                boolean last = i == n - 1;
                if (first && !leadingStar) {
                    if (!regionMatches(v, 0, seg)) {
                        return false;
                    }
                    pos = seg.length();
                    if (last && !trailingStar) {
                        return pos == v.length();
                    }
                    continue;
                }
                if (last && !trailingStar) {
                    int at = v.length() - seg.length();
                    return at >= pos && regionMatches(v, at, seg);
                }
                int at = indexOf(v, seg, pos);
                if (at < 0) {
                    return false;
                }
                pos = at + seg.length();
            }
            return true;
        }

        private static boolean regionMatches(String v, int at, String seg) {
            if (at < 0 || at + seg.length() > v.length()) {
                return false;
            }
            for (int j = 0; j < seg.length(); j++) {
                char c = seg.charAt(j);
                if (c != ANY && c != v.charAt(at + j)) {
                    return false;
                }
            }
            return true;
        }

        private static int indexOf(String v, String seg, int from) {
            if (seg.indexOf(ANY) < 0) {
                return v.indexOf(seg, from);
            }
            for (int at = from; at + seg.length() <= v.length(); at++) {
                if (regionMatches(v, at, seg)) {
                    return at;
                }
            }
            return -1;
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
