package dev.vigil.logs;

import com.google.re2j.Pattern;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Configured masking regexes (RE2/J, linear time), each replacing its matches with {@code <*>}, in order.
 * Applied to the whole message, regexes cost far more than mining. Most masks (IPs, block ids, host
 * names) can never match whitespace, so masking a message is the same as masking each of its
 * whitespace-separated tokens, and tokens repeat: for those masks the result is cached per token. The
 * proof is a conservative scan of the regex text ({@link #perToken}): anything it does not recognise
 * keeps the whole-message path. RE2/J exposes no syntax tree to decide this, hence the hand-written scan.
 */
final class RegexMasks {
    /** Tokens remembered per run of per-token masks; the cache is cleared when full. */
    static final int CACHE = 4096;
    private static final String WILDCARD = TokenMasks.WILDCARD;

    private final Pattern[] patterns;
    /** One matcher per mask, reset for each text: matchers are costly to create per token. */
    private final com.google.re2j.Matcher[] matchers;
    private final boolean[] perToken;
    /** Whether a mask finds nothing in a lone {@code <*>}, so a token already masked whole can skip it. */
    private final boolean[] sparesWildcard;
    /** For each mask that starts a run of per-token masks, the run's token cache. */
    private final Map<String, String>[] caches;
    private final StringBuilder buffer = new StringBuilder();

    @SuppressWarnings("unchecked")
    RegexMasks(List<String> regexes) {
        patterns = new Pattern[regexes.size()];
        matchers = new com.google.re2j.Matcher[regexes.size()];
        perToken = new boolean[regexes.size()];
        sparesWildcard = new boolean[regexes.size()];
        caches = new Map[regexes.size()];
        for (int i = 0; i < patterns.length; i++) {
            patterns[i] = Pattern.compile(regexes.get(i));
            matchers[i] = patterns[i].matcher("");
            sparesWildcard[i] = !patterns[i].matcher(WILDCARD).find();
            perToken[i] = perToken(regexes.get(i)) && !matchesEmpty(patterns[i]);
            if (perToken[i] && (i == 0 || !perToken[i - 1])) {
                caches[i] = new HashMap<>();
            }
        }
    }

    /** Whether mask {@code i} is applied token by token. */
    boolean appliesPerToken(int i) {
        return perToken[i];
    }

    /** Tokens currently cached, over all runs. */
    int cached() {
        int n = 0;
        for (Map<String, String> c : caches) {
            n += c == null ? 0 : c.size();
        }
        return n;
    }

    boolean isEmpty() {
        return patterns.length == 0;
    }

    /** {@code message} with every mask applied in order. */
    String apply(String message) {
        String s = message;
        int i = 0;
        while (i < patterns.length) {
            if (!perToken[i]) {
                s = matchers[i].reset(s).replaceAll(WILDCARD);
                i++;
                continue;
            }
            int end = i;
            while (end < patterns.length && perToken[end]) {
                end++;
            }
            s = byToken(s, i, end);
            i = end;
        }
        return s;
    }

    private String byToken(String s, int from, int to) {
        Map<String, String> cache = caches[from];
        StringBuilder b = buffer;
        b.setLength(0);
        int n = s.length();
        int i = 0;
        while (i < n) {
            int start = i;
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            b.append(s, start, i);
            start = i;
            while (i < n && !Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                String token = s.substring(start, i);
                String masked = cache.get(token);
                if (masked == null) {
                    masked = token;
                    for (int k = from; k < to; k++) {
                        if (!(sparesWildcard[k] && masked.equals(WILDCARD))) {
                            masked = matchers[k].reset(masked).replaceAll(WILDCARD);
                        }
                    }
                    if (cache.size() >= CACHE) {
                        cache.clear();
                    }
                    cache.put(token, masked);
                }
                b.append(masked);
            }
        }
        return b.toString();
    }

    /** Whether the pattern matches an empty string in some simple texts (such masks stay on the whole-message path). */
    private static boolean matchesEmpty(Pattern p) {
        for (String probe : new String[] {"", "a", "0", "a0 b.c-d:e/f"}) {
            com.google.re2j.Matcher m = p.matcher(probe);
            while (m.find()) {
                if (m.start() == m.end()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether {@code regex} provably never matches whitespace and has no anchors, so that matching each
     * whitespace-separated token alone finds the same matches as matching the whole message. Accepted:
     * printable ASCII literals other than '.', '^' and '$'; escaped punctuation; {@code \d \w \b \B};
     * groups {@code ( (?: )}; alternation; quantifiers; and character classes that are not negated and
     * hold only those. {@code \b} behaves alike because whitespace is a non-word character on both paths.
     */
    static boolean perToken(String regex) {
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                if (i + 1 >= regex.length()) {
                    return false;
                }
                char e = regex.charAt(++i);
                boolean word = e == 'd' || e == 'w' || (!inClass && (e == 'b' || e == 'B'));
                boolean punctuation = e > ' ' && e < 127 && !Character.isLetterOrDigit(e);
                if (!word && !punctuation) {
                    return false;
                }
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                } else if (c <= ' ' || c >= 127 || (c == '[' && i + 1 < regex.length() && regex.charAt(i + 1) == ':')) {
                    return false;
                }
            } else if (c == '[') {
                if (i + 1 < regex.length() && regex.charAt(i + 1) == '^') {
                    return false;
                }
                inClass = true;
                // A ']' right after '[' is a literal member.
                if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == '(') {
                if (i + 1 < regex.length() && regex.charAt(i + 1) == '?') {
                    if (i + 2 >= regex.length() || regex.charAt(i + 2) != ':') {
                        return false;
                    }
                    i += 2;
                }
            } else if (c == '.' || c == '^' || c == '$' || c <= ' ' || c >= 127) {
                return false;
            }
        }
        return !inClass;
    }
}
