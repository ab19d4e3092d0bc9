package dev.vigil.anomaly;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class NoveltyMemoryTest {
    private static final long STEP = 300_000L;
    private static final int N = 3 * 288;
    private static final int AT = 700;

    private static double[] scores(NoveltyMemory m, double[] x) {
        double[] s = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            s[i] = m.update(i * STEP, x[i]);
        }
        return s;
    }

    @Test
    void aLevelNeverSeenIsNovelAtTheEndOfTheStepThatHoldsIt() {
        int step = NoveltySettings.defaults().step();
        for (long seed = 1; seed <= 5; seed++) {
            double[] s = scores(new NoveltyMemory(NoveltySettings.defaults()),
                    SyntheticSeries.generate(N, STEP, SyntheticSeries.Kind.LEVEL_SHIFT, AT, seed));
            for (int i = 600; i < AT; i++) {
                assertThat(s[i]).as("seed %d, before the shift at %d", seed, i).isLessThan(0.9);
            }
            // Steps end on every step-th sample: the shift at 700 is in the step that ends at 701.
            assertThat(s[AT + step - 1 - AT % step]).as("seed %d", seed).isGreaterThanOrEqualTo(0.9);
        }
    }

    @Test
    void aSpikeFarBeyondTheRangeSoFarIsNovelWithinItsStep() {
        double[] x = SyntheticSeries.generate(N, STEP, SyntheticSeries.Kind.NONE, N, 2);
        x[AT] += 60;
        double[] s = scores(new NoveltyMemory(NoveltySettings.defaults()), x);
        assertThat(s[AT + 1]).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void theLearningPeriodGivesNoScoreAndFillsTheMemory() {
        NoveltyMemory m = new NoveltyMemory(NoveltySettings.defaults());
        double[] x = SyntheticSeries.generate(N, STEP, SyntheticSeries.Kind.SPIKE, 100, 1);
        for (int i = 0; i < NoveltySettings.defaults().learningSamples(); i++) {
            assertThat(m.update(i * STEP, x[i])).as("sample %d", i).isZero();
        }
        assertThat(m.learned()).isTrue();
        assertThat(m.categories()).isGreaterThan(1);
    }

    @Test
    void theMemoryStaysWithinItsBoundAndKeepsLearning() {
        NoveltySettings small = new NoveltySettings(2, 8, 80, 0.075, 0.1, 104, 12, 0.8, 2, 0.2, 16, 256);
        NoveltyMemory m = new NoveltyMemory(small);
        SplittableRandom random = new SplittableRandom(3);
        double walk = 0;
        int reports = 0;
        for (int i = 0; i < 20_000; i++) {
            walk += random.nextGaussian();
            if (m.update(i * STEP, walk) > 0) {
                reports++;
            }
        }
        assertThat(m.categories()).isEqualTo(16);
        // A random walk keeps reaching levels it has never been at: the memory keeps reporting them.
        assertThat(reports).isGreaterThan(10);
    }

    @Test
    void aRestoredMemoryContinuesExactlyDuringAndAfterLearning() throws IOException {
        double[] x = SyntheticSeries.generate(N, STEP, SyntheticSeries.Kind.LEVEL_SHIFT, AT, 5);
        double[] straight = scores(new NoveltyMemory(NoveltySettings.defaults()), x);
        for (int cut : new int[] {101, 600}) {
            NoveltyMemory first = new NoveltyMemory(NoveltySettings.defaults());
            double[] resumed = new double[x.length];
            for (int i = 0; i < cut; i++) {
                resumed[i] = first.update(i * STEP, x[i]);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            first.write(new DataOutputStream(bytes));
            NoveltyMemory second = new NoveltyMemory(NoveltySettings.defaults());
            second.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            for (int i = cut; i < x.length; i++) {
                resumed[i] = second.update(i * STEP, x[i]);
            }
            assertThat(resumed).as("cut at %d", cut).containsExactly(straight);
            assertThat((long) bytes.size()).isLessThanOrEqualTo(NoveltyMemory.stateBytes(NoveltySettings.defaults()));
        }
    }

    @Test
    void stateWrittenWithOtherSettingsIsRefusedNamingBoth() throws IOException {
        NoveltySettings defaults = NoveltySettings.defaults();
        refusedByTheDefaults(new NoveltySettings(3, 8, 80, 0.075, 0.1, 104, 12, 0.8, 2, 0.2, 64, 256))
                .hasMessageContaining("step=3").hasMessageContaining("step=2");
        refusedByTheDefaults(defaults.withAdditions(0.5, 0.2)).hasMessageContaining("prior=0.5").hasMessageContaining("prior=2.0");
        refusedByTheDefaults(defaults.withAdditions(2, 0.1)).hasMessageContaining("usualBand=0.1").hasMessageContaining("usualBand=0.2");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refusedByTheDefaults(NoveltySettings written) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new NoveltyMemory(written).write(new DataOutputStream(bytes));
        NoveltyMemory m = new NoveltyMemory(NoveltySettings.defaults());
        return assertThatThrownBy(() -> m.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
                .isInstanceOf(IOException.class);
    }

    @Test
    void stateOfVersion1RestoresItsCategoriesAndKeepsLearningAndReporting() throws IOException {
        NoveltyMemory m = new NoveltyMemory(NoveltySettings.defaults());
        try (DataInputStream in = StoredState.open("novelty-v1-state.bin.gz")) {
            m.read(in);
        }
        // Written by vigil-novelty/1 after 600 samples: learned, 102 categories.
        assertThat(m.learned()).isTrue();
        assertThat(m.categories()).isEqualTo(102);
        double[] x = StoredState.series();
        x[AT] += 60;
        double[] s = new double[x.length];
        for (int i = StoredState.SAMPLES; i < x.length; i++) {
            s[i] = m.update(i * StoredState.STEP, x[i]);
        }
        assertThat(s[AT + 1]).isGreaterThanOrEqualTo(0.9);
        assertThat(m.categories()).isGreaterThan(102);
    }

    @Test
    void thePriorShrinksTheDissimilarityOfABroadCategoryMoreThanOfANarrowOne() {
        double prior = NoveltySettings.defaults().prior();
        // Without a prior the similarity is ARTime's: agreement over norm.
        assertThat(NoveltyMemory.similarity(6, 8, 0)).isEqualTo(0.75);
        // A broad category (wide box, norm 8) and a narrow one (norm 16), both 0.25 dissimilar without it.
        double broad = 1 - NoveltyMemory.similarity(6, 8, prior);
        double narrow = 1 - NoveltyMemory.similarity(12, 16, prior);
        assertThat(broad).isCloseTo(0.25 * 8 / (8 + prior), within(1e-12));
        assertThat(narrow).isCloseTo(0.25 * 16 / (16 + prior), within(1e-12));
        assertThat(broad).isLessThan(narrow);
        // An exact match stays exact.
        assertThat(NoveltyMemory.similarity(8, 8, prior)).isEqualTo(1.0);
    }

    @Test
    void theUsualBandOnlyLowersReportsAndLeavesTheLearningAlone() {
        NoveltySettings noBand = NoveltySettings.defaults().withAdditions(NoveltySettings.defaults().prior(), 0);
        int lowered = 0;
        int atMedian = 0;
        for (long seed = 1; seed <= 5; seed++) {
            double[] x = SyntheticSeries.generate(N, STEP, SyntheticSeries.Kind.SPIKE, AT, seed);
            NoveltyMemory with = new NoveltyMemory(NoveltySettings.defaults());
            NoveltyMemory without = new NoveltyMemory(noBand);
            for (int i = 0; i < x.length; i++) {
                double a = with.update(i * STEP, x[i]);
                double b = without.update(i * STEP, x[i]);
                assertThat(a).as("seed %d, sample %d", seed, i).isBetween(0.0, b);
                if (a < b) {
                    lowered++;
                }
                if (a == 0 && b > 0) {
                    atMedian++;
                }
                assertThat(with.similarity()).isEqualTo(without.similarity());
            }
            assertThat(with.categories()).isEqualTo(without.categories());
        }
        assertThat(lowered).as("reports ending near the median, lowered").isPositive();
        assertThat(atMedian).as("reports ending at the median (within the chomp), silenced").isPositive();
    }

    @Test
    void aSpikeFarFromTheMedianKeepsItsFullConfidence() {
        NoveltySettings noBand = NoveltySettings.defaults().withAdditions(NoveltySettings.defaults().prior(), 0);
        double[] x = SyntheticSeries.generate(N, STEP, SyntheticSeries.Kind.NONE, N, 2);
        x[AT] += 60;
        double[] with = scores(new NoveltyMemory(NoveltySettings.defaults()), x);
        double[] without = scores(new NoveltyMemory(noBand), x);
        assertThat(with[AT + 1]).isGreaterThanOrEqualTo(0.9).isEqualTo(without[AT + 1]);
    }

    @Test
    void aSeriesFarFromZeroKeepsItsNoveltyMemoryPrecise() {
        // Floats hold 7 digits: at 1e12, absolute boxes would round to about 1e5, far more than this series' range.
        int step = NoveltySettings.defaults().step();
        for (long seed = 1; seed <= 5; seed++) {
            double[] x = SyntheticSeries.generate(N, STEP, SyntheticSeries.Kind.LEVEL_SHIFT, AT, seed);
            for (int i = 0; i < x.length; i++) {
                x[i] += 1e12;
            }
            NoveltyMemory m = new NoveltyMemory(NoveltySettings.defaults());
            double[] s = scores(m, x);
            int reportsBefore = 0;
            for (int i = NoveltySettings.defaults().learningSamples(); i < AT; i++) {
                if (s[i] >= 0.5) {
                    reportsBefore++;
                }
            }
            assertThat(reportsBefore).as("seed %d, reports before the shift", seed).isZero();
            assertThat(s[AT + step - 1 - AT % step]).as("seed %d, the shift", seed).isGreaterThanOrEqualTo(0.9);
            // Absolute float boxes scattered this series into 426 categories and missed the shift.
            assertThat(m.categories()).as("seed %d", seed).isLessThan(200);
        }
    }

    @Test
    void settingsOutOfRangeAreRejectedByName() {
        assertThatThrownBy(() -> new NoveltySettings(2, 6, 80, 0.075, 0.1, 104, 12, 0.8, 2, 0.2, 64, 256))
                .hasMessageContaining("window 6 (a power of two)");
        assertThatThrownBy(() -> new NoveltySettings(2, 8, 80, 1.5, 0.1, 104, 12, 0.8, 2, 0.2, 64, 256))
                .hasMessageContaining("chomp");
        assertThatThrownBy(() -> NoveltySettings.defaults().withAdditions(-1, 0.2)).hasMessageContaining("prior");
        assertThatThrownBy(() -> NoveltySettings.defaults().withAdditions(Double.POSITIVE_INFINITY, 0.2)).hasMessageContaining("prior");
        assertThatThrownBy(() -> NoveltySettings.defaults().withAdditions(2, 1.5)).hasMessageContaining("usualBand");
    }

    @Test
    void valuesThatAreNotFiniteAreSkippedWithoutChangingAnyScore() {
        double[] x = SyntheticSeries.generate(N, STEP, SyntheticSeries.Kind.LEVEL_SHIFT, AT, 4);
        double[] straight = scores(new NoveltyMemory(NoveltySettings.defaults()), x);
        NoveltyMemory m = new NoveltyMemory(NoveltySettings.defaults());
        for (int i = 0; i < x.length; i++) {
            if (i % 97 == 0) {
                assertThat(m.update(i * STEP, i % 2 == 0 ? Double.NaN : Double.POSITIVE_INFINITY)).isZero();
            }
            assertThat(m.update(i * STEP, x[i])).as("sample %d", i).isEqualTo(straight[i]);
        }
    }

    @Test
    void aConstantSeriesNeverReports() {
        NoveltyMemory m = new NoveltyMemory(NoveltySettings.defaults());
        for (int i = 0; i < 5_000; i++) {
            assertThat(m.update(i * STEP, 42.0)).isZero();
        }
        assertThat(m.categories()).isLessThanOrEqualTo(2);
    }

    @Test
    void haarOfAConstantWindowIsAllInTheFirstCoefficient() {
        double[] x = {2, 2, 2, 2, 2, 2, 2, 2};
        NoveltyMemory.haar(x, new double[8]);
        assertThat(x[0]).isCloseTo(2 * Math.sqrt(8), org.assertj.core.data.Offset.offset(1e-12));
        for (int i = 1; i < 8; i++) {
            assertThat(x[i]).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-12));
        }
    }
}
