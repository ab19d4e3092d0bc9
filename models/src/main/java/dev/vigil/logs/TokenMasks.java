package dev.vigil.logs;

/**
 * The built-in masking of variable tokens: numbers (integers, decimals, IPv4 addresses, versions, negative
 * numbers), hex values, UUIDs, durations and sizes ({@code 12ms}, {@code 3.5s}, {@code 64KB}), and
 * digit-only identifiers ({@code 1445144423722_0020}). A token is cut at punctuation ({@code = : , ; ( ) [ ] { } < > ' " | @ /})
 * and each piece between is masked on its own, so {@code uid=0} becomes {@code uid=<*>} and
 * {@code 10.0.0.1:8080} becomes {@code <*>:<*>}: the key and the shape stay in the template.
 *
 * <p>Written as a character scanner rather than regexes because it runs on every log line (the miner's
 * throughput target is several hundred thousand lines a second on one core); configured masks
 * ({@link MinerSettings#masks()}) are RE2/J regexes and run before it.
 */
public final class TokenMasks {
    /** What a masked value becomes, as in the Loghub benchmark's templates. */
    public static final String WILDCARD = "<*>";

    private static final String[] CALENDAR = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun",
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    private static final String[] UNITS = {"ns", "us", "ms", "s", "m", "h", "d", "b", "k", "kb", "mb", "gb", "tb", "kib", "mib", "gib", "tib"};

    private TokenMasks() {}

    /** The token with its variable pieces replaced by {@link #WILDCARD}; the same instance when nothing is variable. */
    public static String mask(String token) {
        int n = token.length();
        StringBuilder out = null;
        int start = 0;
        for (int i = 0; i <= n; i++) {
            if (i < n && !isDelimiter(token.charAt(i))) {
                continue;
            }
            // piece = [start, i); a sentence's closing period is not part of a number
            int end = i > start + 1 && token.charAt(i - 1) == '.' ? i - 1 : i;
            boolean path = end > start && token.charAt(start) == '/';
            if (path && token.charAt(end - 1) == '/' && token.startsWith(WILDCARD, i)) {
                // "/<*>" (a path ending in a masked value) is one value
                if (out == null) {
                    out = new StringBuilder(n + 4);
                    out.append(token, 0, start);
                }
                out.append(WILDCARD);
                start = i + WILDCARD.length();
                i = start - 1;
                continue;
            }
            if (end > start && (isVariable(token, start, end) || isCalendarWord(token, start, end) || (path && isVariablePath(token, start, end)))) {
                if (out == null) {
                    out = new StringBuilder(n + 4);
                    out.append(token, 0, start);
                }
                out.append(WILDCARD);
                if (end < i) {
                    out.append('.');
                }
            } else if (out != null) {
                out.append(token, start, i);
            }
            if (i < n && out != null) {
                out.append(token.charAt(i));
            }
            start = i + 1;
        }
        return out == null ? token : out.toString();
    }

    /** Whether the token holds a masked piece or a digit: such tokens do not route in the parse tree. */
    public static boolean isParameterLike(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c >= '0' && c <= '9') {
                return true;
            }
        }
        return token.contains(WILDCARD);
    }

    /** A path whose name holds a digit or a masked value: file names of blocks, jobs, cores. */
    private static boolean isVariablePath(String s, int from, int to) {
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if ((c >= '0' && c <= '9') || c == '>') {
                return true;
            }
        }
        return false;
    }

    /** Day and month abbreviations, as in syslog and ctime dates ({@code Sun Jul 10 03:55:15 2005}). */
    private static boolean isCalendarWord(String s, int from, int to) {
        if (to - from != 3) {
            return false;
        }
        for (String w : CALENDAR) {
            if (s.startsWith(w, from)) {
                return true;
            }
        }
        return false;
    }

    static boolean isDelimiter(char c) {
        return switch (c) {
            case '=', ':', ',', ';', '(', ')', '[', ']', '{', '}', '<', '>', '\'', '"', '|', '@' -> true;
            default -> false;
        };
    }

    /** Whether token[from, to) is a value: digits with separators, hex, a UUID, or a number with a unit. */
    static boolean isVariable(String s, int from, int to) {
        int i = from;
        if (s.charAt(i) == '-' || s.charAt(i) == '+' || s.charAt(i) == '#') {
            i++;
        }
        if (i >= to) {
            return false;
        }
        if (to - i > 2 && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
            return allHex(s, i + 2, to, false);
        }
        int digits = 0;
        int letters = 0;
        int hexLetters = 0;
        int firstLetter = -1;
        for (int k = i; k < to; k++) {
            char c = s.charAt(k);
            if (c >= '0' && c <= '9') {
                digits++;
                if (letters > 0) {
                    firstLetter = -2; // a digit after a letter: not "number then unit"
                }
            } else if (c == '.' || c == '_' || c == '-' || c == '+') {
                if (letters > 0) {
                    firstLetter = -2;
                }
            } else if (Character.isLetter(c)) {
                if (letters == 0 && firstLetter == -1) {
                    firstLetter = k;
                }
                letters++;
                if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
                    hexLetters++;
                }
            } else {
                return false;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (letters == 0) {
            return true;
        }
        if (firstLetter > i && isUnit(s, firstLetter, to) && Character.isDigit(s.charAt(firstLetter - 1))) {
            return true;
        }
        // hex strings and UUIDs: every letter a hex digit, long enough not to be a word like "e820" or "ssh2"
        return hexLetters == letters && to - i >= 8 && allHex(s, i, to, true);
    }

    private static boolean allHex(String s, int from, int to, boolean dashes) {
        if (from >= to) {
            return false;
        }
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex && !(dashes && c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUnit(String s, int from, int to) {
        int len = to - from;
        if (len > 3) {
            return false;
        }
        for (String u : UNITS) {
            if (u.length() == len && s.regionMatches(true, from, u, 0, len)) {
                return true;
            }
        }
        return false;
    }
}
