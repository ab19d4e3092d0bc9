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
    void theStepIsTheCoarsestWhoseLearningBatchFitsTheProbationaryPeriod() {
        // Learning batch 104 steps. 4,032 rows: probation floor(604.8) = 604, 604 / 104 = 5 (5 x 104 = 520 <= 604 < 624).
        assertThat(NabHarness.step(4_032, DEFAULTS)).isEqualTo(5);
        // 22,695 rows: probation capped at 750, 750 / 104 = 7.
        assertThat(NabHarness.step(22_695, DEFAULTS)).isEqualTo(7);
        // 1,127 rows: probation 169, one step of 1 sample.
        assertThat(NabHarness.step(1_127, DEFAULTS)).isEqualTo(1);
        // A file too short for even 104 samples still steps by 1.
        assertThat(NabHarness.step(100, DEFAULTS)).isEqualTo(1);
        // A shorter batch fits more often: 604 / 52 = 11.
        assertThat(NabHarness.step(4_032, DEFAULTS.withOverrides("learning-steps=52"))).isEqualTo(11);
    }

    @Test
    void theMemoryTakesTheFilesStepAndKeepsTheOtherSettings() {
        NoveltyMemory m = NabHarness.memory(DEFAULTS, new double[4_032], 0);
        assertThat(m.settings()).isEqualTo(DEFAULTS.withStep(5));
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
    void aRangeThatIsNotFiniteOrBackwardsIsRefused() {
        assertThatThrownBy(() -> NoveltyMemory.withKnownRange(DEFAULTS, 2, 1)).hasMessageContaining("min <= max");
        assertThatThrownBy(() -> NoveltyMemory.withKnownRange(DEFAULTS, Double.NaN, 1)).hasMessageContaining("finite");
    }
}
