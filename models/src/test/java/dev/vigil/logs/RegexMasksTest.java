package dev.vigil.logs;

import com.google.re2j.Pattern;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class RegexMasksTest {
    /** The Loghub benchmark's masks (benchmark_settings.json): all can be applied token by token. */
    private static final List<String> BENCHMARK = List.of("(\\d+\\.){3}\\d+", "\\d{2}:\\d{2}:\\d{2}", "([\\w-]+\\.){2,}[\\w-]+",
            "blk_-?\\d+", "(\\d+\\.){3}\\d+(:\\d+)?", "core\\.\\d+", "(/|)(\\d+\\.){3}\\d+(:\\d+)?", "\\b[KGTM]?B\\b");
    /** Masks that could match whitespace or depend on the whole message. */
    private static final List<String> WHOLE = List.of("\\s+", "a.b", "^\\d+", "\\d+$", "[^a-z]+", "(?i)error", "\\S+=", "x*",
            "[ \\d]+", "user \\w+", "\\p{L}+", "(?s)a", "\\x41", "[[:digit:]]+", "a|");

    @Test
    void masksThatCannotMatchWhitespaceAreAppliedTokenByToken() {
        RegexMasks benchmark = new RegexMasks(BENCHMARK);
        RegexMasks whole = new RegexMasks(WHOLE);
        for (int i = 0; i < BENCHMARK.size(); i++) {
            assertThat(benchmark.appliesPerToken(i)).as(BENCHMARK.get(i)).isTrue();
        }
        for (int i = 0; i < WHOLE.size(); i++) {
            assertThat(whole.appliesPerToken(i)).as(WHOLE.get(i)).isFalse();
        }
    }

    @Test
    void maskingTokenByTokenGivesWhatMaskingTheWholeMessageGives() {
        // Every benchmark mask and every whole-message mask, in one list and mixed runs, on generated lines.
        List<List<String>> sets = List.of(BENCHMARK, WHOLE, List.of("\\s+", "(\\d+\\.){3}\\d+", "\\b[KGTM]?B\\b", "user \\w+", "blk_-?\\d+"),
                // A later mask that rewrites the wildcard an earlier one left.
                List.of("\\d+", "[<>]"));
        SplittableRandom rnd = new SplittableRandom(7);
        String[] parts = {"10.0.0.", "blk_-", "core.", "user", "KB", "B", "a.b", "x", "error", ":", "/", "-", "=", "12:30:", "host.example.com",
            "\u2003", "\t", "  ", "é", "0", "99"};
        for (List<String> set : sets) {
            RegexMasks masks = new RegexMasks(set);
            for (int line = 0; line < 3_000; line++) {
                StringBuilder b = new StringBuilder();
                int n = rnd.nextInt(1, 14);
                for (int k = 0; k < n; k++) {
                    b.append(parts[rnd.nextInt(parts.length)]);
                    if (rnd.nextInt(3) == 0) {
                        b.append(rnd.nextInt(100_000));
                    }
                    if (rnd.nextInt(2) == 0) {
                        b.append(' ');
                    }
                }
                String message = b.toString();
                String expected = message;
                for (String r : set) {
                    expected = Pattern.compile(r).matcher(expected).replaceAll("<*>");
                }
                assertThat(masks.apply(message)).as("%s on '%s'", set, message).isEqualTo(expected);
            }
        }
    }

    @Test
    void theTokenCacheIsBounded() {
        RegexMasks masks = new RegexMasks(List.of("(\\d+\\.){3}\\d+"));
        for (int i = 0; i < 3 * RegexMasks.CACHE; i++) {
            assertThat(masks.apply("from 10.0." + (i / 256) + "." + (i % 256) + " port " + i)).isEqualTo("from <*> port " + i);
        }
        assertThat(masks.cached()).isLessThanOrEqualTo(RegexMasks.CACHE);
    }
}
