package dev.vigil.logs;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateHintsTest {
    private static final long MIN = 60_000L;
    private static final long LOOKBACK = 30 * MIN;

    /** A 10-minute window ending at {@code end}, new on the host when the baseline is 0. */
    private static TemplateWindow window(String app, String template, String category, long end, long count, double baseline) {
        return new TemplateWindow(end - 10 * MIN, end, "web-3", app, "id-" + template, template, category,
                baseline == 0 ? end - 10 * MIN : 0, end - 1, count, baseline, (count - baseline) / Math.sqrt(baseline + 1));
    }

    @Test
    void theStrongestRisesComeFirstAtMostThree() {
        List<TemplateWindow> windows = List.of(
                window("kernel", "EXT4-fs error", "disk", 60 * MIN, 20, 0),        // change 20
                window("nginx", "upstream timed out", "network", 60 * MIN, 40, 3), // change 18.5
                window("cron", "session opened", "other", 60 * MIN, 9, 4),         // change 2.24
                window("app", "retrying", "other", 60 * MIN, 30, 8),               // change 7.33
                window("sshd", "Accepted", "auth", 60 * MIN, 5, 4));               // change 0.45: no hint
        assertThat(TemplateHints.describe(65 * MIN, windows, LOOKBACK)).containsExactly(
                "[disk] kernel \"EXT4-fs error\" new: 20 lines in 10 min ending 5 min before",
                "[network] nginx \"upstream timed out\": 40 lines in 10 min ending 5 min before, usual 3.0",
                "[other] app \"retrying\": 30 lines in 10 min ending 5 min before, usual 8.0");
    }

    @Test
    void aTemplateIsNamedOnceByItsStrongestWindow() {
        List<TemplateWindow> windows = List.of(
                window("kernel", "EXT4-fs error", "disk", 50 * MIN, 5, 1),
                window("kernel", "EXT4-fs error", "disk", 60 * MIN, 30, 1),
                window("kernel", "EXT4-fs error", "disk", 40 * MIN, 9, 1));
        assertThat(TemplateHints.describe(60 * MIN, windows, LOOKBACK)).containsExactly(
                "[disk] kernel \"EXT4-fs error\": 30 lines in 10 min ending as it started, usual 1.0");
    }

    @Test
    void onlyWindowsThatEndedInTheLookbackBeforeCount() {
        List<TemplateWindow> windows = List.of(
                window("kernel", "ended at the start", "disk", 60 * MIN, 20, 0),
                window("kernel", "ended after the start", "disk", 70 * MIN, 20, 0),
                window("kernel", "ended a lookback before", "disk", 30 * MIN, 20, 0),
                window("kernel", "ended just inside", "disk", 31 * MIN, 20, 0));
        assertThat(TemplateHints.describe(60 * MIN, windows, LOOKBACK))
                .extracting(h -> h.substring(h.indexOf('"') + 1, h.lastIndexOf('"')))
                .containsExactlyInAnyOrder("ended at the start", "ended just inside");
    }

    @Test
    void equalRisesPutErrorCategoriesFirstAndLongTemplatesAreCut() {
        String longTemplate = "x".repeat(300);
        List<TemplateWindow> windows = List.of(
                window("app", longTemplate, "other", 60 * MIN, 10, 0),
                window("app", "Connection refused", "network", 60 * MIN, 10, 0));
        List<String> hints = TemplateHints.describe(60 * MIN, windows, LOOKBACK);
        assertThat(hints.get(0)).startsWith("[network]");
        assertThat(hints.get(1)).contains("x".repeat(99) + "…\"").doesNotContain("x".repeat(100));
        assertThat(TemplateHints.describe(60 * MIN, List.of(), LOOKBACK)).isEmpty();
    }
}
