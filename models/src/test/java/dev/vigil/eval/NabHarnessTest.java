package dev.vigil.eval;

import dev.vigil.anomaly.NoveltyMemory;
import dev.vigil.anomaly.NoveltySettings;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NabHarnessTest {
    private static final NoveltySettings DEFAULTS = NoveltySettings.defaults();

    @Test
    void theStepIsTheCoarsestForWhichThirteenWindowsOfStepsFitTheProbationaryPeriod() {
        // 13 windows of 8 steps = 104 steps. 4,032 rows: probation floor(604.8) = 604, 604 / 104 = 5 (520 <= 604 < 624).
        assertThat(NabHarness.step(4_032, DEFAULTS)).isEqualTo(5);
        // 22,695 rows: probation capped at 750, 750 / 104 = 7.
        assertThat(NabHarness.step(22_695, DEFAULTS)).isEqualTo(7);
        // 1,127 rows: probation 169, one step of 1 sample.
        assertThat(NabHarness.step(1_127, DEFAULTS)).isEqualTo(1);
        // A file too short for even 104 samples still steps by 1.
        assertThat(NabHarness.step(100, DEFAULTS)).isEqualTo(1);
        // ARTime's rule counts windows, not the learning batch: a window of 16 gives 604 / 208 = 2, a shorter batch
        // leaves the step alone.
        assertThat(NabHarness.step(4_032, DEFAULTS.withOverrides("window=16"))).isEqualTo(2);
        assertThat(NabHarness.step(4_032, DEFAULTS.withOverrides("learning-steps=52"))).isEqualTo(5);
    }

    @Test
    void theMemoryTakesTheWholeFilesStepAndKeepsTheOtherSettings() {
        NoveltySettings others = DEFAULTS.withOverrides("prior=0,levels=100");
        // Read from row 3, the step is still the whole file's (4,032 rows: 5).
        NoveltyMemory m = NabHarness.memory(others, new double[4_032], 3);
        assertThat(m.settings()).isEqualTo(others.withStep(5));
    }

    @Test
    void theMemoryIsToldTheRangeOfTheRowsItWillReadAndNotOfThoseBefore() {
        // Row 0 is a glitch of 1e6; then noise of +-1 around 100. Told [99, 1e6], the memory quantises the noise to
        // one level (1e6 / 80 per level) and learns little; told [99, 101] (reading from row 1), it sees the noise
        // at full resolution and learns many categories.
        SplittableRandom random = new SplittableRandom(11);
        double[] values = new double[3_000];
        values[0] = 1e6;
        for (int i = 1; i < values.length; i++) {
            values[i] = 100 + random.nextDouble(-1, 1);
        }
        NoveltyMemory withGlitch = NabHarness.memory(DEFAULTS, values, 0);
        NoveltyMemory withoutGlitch = NabHarness.memory(DEFAULTS, values, 1);
        for (int i = 1; i < values.length; i++) {
            withGlitch.update(i * 300_000L, values[i]);
            withoutGlitch.update(i * 300_000L, values[i]);
        }
        // Told the wide range, only the drift of the median (which flat steps snap to) makes new categories: 15 here.
        assertThat(withGlitch.categories()).isLessThan(20);
        // Told the narrow one: 80.
        assertThat(withoutGlitch.categories()).isGreaterThan(3 * withGlitch.categories());
    }

    @Test
    void valuesTheMemorySkipsDoNotWidenTheRange() {
        // Rows 0 and 1 are NaN and 1e200 (beyond the memory's 1e150 bound), which the memory skips; the range must be
        // that of the rest, [99, 101], exactly as for a memory that reads from row 2.
        SplittableRandom random = new SplittableRandom(5);
        double[] values = new double[3_000];
        values[0] = Double.NaN;
        values[1] = 1e200;
        for (int i = 2; i < values.length; i++) {
            values[i] = 100 + random.nextDouble(-1, 1);
        }
        NoveltyMemory fromRow0 = NabHarness.memory(DEFAULTS, values, 0);
        NoveltyMemory fromRow2 = NabHarness.memory(DEFAULTS, values, 2);
        assertThat(fromRow0.update(0, values[0])).isZero();
        assertThat(fromRow0.update(300_000L, values[1])).isZero();
        for (int i = 2; i < values.length; i++) {
            assertThat(fromRow0.update(i * 300_000L, values[i])).isEqualTo(fromRow2.update(i * 300_000L, values[i]));
        }
        // Seen at full resolution, the noise makes many categories (a range widened to 1e200 would make one).
        assertThat(fromRow0.categories()).isEqualTo(fromRow2.categories()).isGreaterThan(20);
    }

    @Test
    void aFileWithNoValueTheMemoryReadsGetsAStreamMemory() {
        double[] values = {Double.NaN, Double.POSITIVE_INFINITY, Double.NaN};
        NoveltyMemory m = NabHarness.memory(DEFAULTS, values, 0);
        assertThat(m.update(0, 5.0)).isZero();
        assertThat(m.settings().step()).isEqualTo(1);
    }

    @Test
    void aRangeThatIsBackwardsOrBeyondTheMemorysBoundIsRefused() {
        assertThatThrownBy(() -> NoveltyMemory.withKnownRange(DEFAULTS, 2, 1)).hasMessageContaining("got 2.0 and 1.0");
        assertThatThrownBy(() -> NoveltyMemory.withKnownRange(DEFAULTS, Double.NaN, 1)).hasMessageContaining("got NaN");
        assertThatThrownBy(() -> NoveltyMemory.withKnownRange(DEFAULTS, 0, Double.POSITIVE_INFINITY)).hasMessageContaining("Infinity");
        // Finite, but max - min would overflow to infinity.
        assertThatThrownBy(() -> NoveltyMemory.withKnownRange(DEFAULTS, -1e308, 1e308)).hasMessageContaining("1e150");
    }
}
