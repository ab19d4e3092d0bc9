package dev.vigil.anomaly;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DailyProfileTest {
    private static final long DAY = 86_400_000L;

    @Test
    void aSlotKnowsTheEarlierDaysOfTheLastWeekOnly() {
        long at = 14 * 3_600_000L + 7 * 60_000L;
        double[] c = null;
        for (int d = 0; d < 10; d++) {
            c = DailyProfile.add(c, d * DAY + at, 10 + d);
            c = DailyProfile.add(c, d * DAY + at + 60_000L, 20 + d);
        }
        DailyProfile.Usual today = DailyProfile.usual(9 * DAY + at, c);
        // Days 2..8 (the seven before day 9): lows 12..18, highs 22..28; day 9's own values are not "earlier".
        assertThat(today.low()).isEqualTo(12);
        assertThat(today.high()).isEqualTo(28);
        assertThat(DailyProfile.usual(0 * DAY + at, DailyProfile.add(null, at, 5)).known()).isFalse();
        assertThat(DailyProfile.usual(20 * DAY + at, c).known()).as("nothing within the last week").isFalse();
    }

    @Test
    void slotsAreFiveMinutesOfTheDay() {
        assertThat(DailyProfile.SLOTS).isEqualTo(288);
        assertThat(DailyProfile.slot(3 * DAY + 4 * 3_600_000L + 3 * 60_000L)).isEqualTo(48);
    }
}
