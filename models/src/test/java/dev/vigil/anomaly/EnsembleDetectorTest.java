package dev.vigil.anomaly;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnsembleDetectorTest {
    private static final long STEP = 300_000L;
    /** The job's default for recording anomalies (anomaly.record-score). */
    private static final double RECORD = 0.15;
    /** The job's default alert threshold (anomaly.alert-score) on the views' raw score: far rarer than recording. */
    private static final double ALERT = 0.5;
    private static final int N = 3 * 288;
    private static final int AT = 700;

    private static double[] scores(double[] x) {
        EnsembleDetector d = new EnsembleDetector(EnsembleSettings.defaults());
        double[] s = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            s[i] = d.update(i * STEP, x[i]);
        }
        return s;
    }

    /** The views' raw score (what alerts use) for every value. */
    private static double[] raw(double[] x) {
        EnsembleDetector d = new EnsembleDetector(EnsembleSettings.defaults());
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d.update(i * STEP, x[i]);
            r[i] = d.rawScore();
        }
        return r;
    }

    private static int firstAtOrAbove(double[] s, int from, double threshold) {
        for (int i = from; i < s.length; i++) {
            if (s[i] >= threshold) {
                return i;
            }
        }
        return -1;
    }

    @ParameterizedTest
    @EnumSource(value = SyntheticSeries.Kind.class, names = {"SPIKE", "LEVEL_SHIFT", "VARIANCE_CHANGE", "FLAT_LINE"})
    void detectsEachInjectedKindWithinABoundedDelayAndNotBefore(SyntheticSeries.Kind kind) {
        double[] s = raw(SyntheticSeries.generate(N, STEP, kind, AT, 7));
        int first = firstAtOrAbove(s, 288, ALERT);
        assertThat(first).as("first detection of %s", kind).isBetween(AT, AT + 24);
    }

    @Test
    void cleanNoiseOnADailyCycleRaisesNothingAfterTheFirstDay() {
        // The first day is the learning period: p-values are calibrated on too few values to be trusted
        // (documented in docs/operations.md; the job does not alert on it).
        for (long seed = 1; seed <= 5; seed++) {
            double[] s = raw(SyntheticSeries.generate(N, STEP, SyntheticSeries.Kind.NONE, N, seed));
            assertThat(firstAtOrAbove(s, 288, ALERT)).as("seed %d", seed).isEqualTo(-1);
        }
    }

    @Test
    void unevenSamplingAndAGapNeitherRaiseAnythingNorHideASpike() {
        // Every interval jitters by up to +-2 minutes, and two hours of samples are missing before the spike.
        java.util.SplittableRandom jitter = new java.util.SplittableRandom(4);
        double[] x = SyntheticSeries.generate(N, STEP, SyntheticSeries.Kind.SPIKE, AT, 7);
        EnsembleDetector d = new EnsembleDetector(EnsembleSettings.defaults());
        int first = -1;
        for (int i = 0; i < N; i++) {
            if (i >= AT - 30 && i < AT - 6) {
                continue;
            }
            long t = i * STEP + jitter.nextLong(-120_000, 120_001);
            d.update(t, x[i]);
            if (i >= 288 && first < 0 && d.rawScore() >= ALERT) {
                first = i;
            }
        }
        assertThat(first).isEqualTo(AT);
    }

    @Test
    void aLevelShiftIsReportedOnceNotOnEverySample() {
        double[] s = scores(SyntheticSeries.generate(N, STEP, SyntheticSeries.Kind.LEVEL_SHIFT, AT, 3));
        int reports = 0;
        for (int i = AT; i < AT + 100; i++) {
            if (s[i] >= RECORD) {
                reports++;
            }
        }
        assertThat(reports).isBetween(1, 3);
    }

    @Test
    void aPatternNeverSeenRanksAboveEveryStatisticalEpisode() {
        double[] x = SyntheticSeries.generate(N, STEP, SyntheticSeries.Kind.LEVEL_SHIFT, AT, 2);
        EnsembleDetector d = new EnsembleDetector(EnsembleSettings.defaults());
        double maxBefore = 0;
        for (int i = 0; i < AT; i++) {
            double s = d.update(i * STEP, x[i]);
            if (d.novelty() == 0) {
                maxBefore = Math.max(maxBefore, s);
            }
        }
        // The views' episode scores are weighted down; the shift completes a novel pattern at 701.
        assertThat(maxBefore).isLessThanOrEqualTo(EnsembleDetector.STATISTICS_WEIGHT);
        d.update(AT * STEP, x[AT]);
        assertThat(d.rawScore()).isGreaterThanOrEqualTo(ALERT);
        double reported = d.update((AT + 1) * STEP, x[AT + 1]);
        assertThat(d.novelty()).isGreaterThanOrEqualTo(0.9);
        assertThat(reported).isEqualTo(d.novelty()).isGreaterThan(EnsembleDetector.STATISTICS_WEIGHT);
    }

    @Test
    void warmupGivesNoScore() {
        double[] s = scores(SyntheticSeries.generate(400, STEP, SyntheticSeries.Kind.SPIKE, 100, 1));
        for (int i = 0; i < EnsembleSettings.defaults().warmup(); i++) {
            assertThat(s[i]).isZero();
        }
    }

    @Test
    void sameInputsGiveSameScores() {
        double[] x = SyntheticSeries.generate(N, STEP, SyntheticSeries.Kind.SPIKE, AT, 11);
        assertThat(scores(x)).containsExactly(scores(x));
    }

    @Test
    void aRestoredDetectorContinuesExactlyAsTheUninterruptedOne() throws IOException {
        double[] x = SyntheticSeries.generate(N, STEP, SyntheticSeries.Kind.LEVEL_SHIFT, AT, 5);
        double[] straight = scores(x);
        EnsembleDetector first = new EnsembleDetector(EnsembleSettings.defaults());
        double[] resumed = new double[x.length];
        int cut = 600;
        for (int i = 0; i < cut; i++) {
            resumed[i] = first.update(i * STEP, x[i]);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        first.write(new DataOutputStream(bytes));
        EnsembleDetector second = new EnsembleDetector(EnsembleSettings.defaults());
        second.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        for (int i = cut; i < x.length; i++) {
            resumed[i] = second.update(i * STEP, x[i]);
        }
        assertThat(resumed).containsExactly(straight);
        assertThat((long) bytes.size()).isLessThanOrEqualTo(EnsembleSettings.defaults().stateBytes());
    }

    @Test
    void stateOfTheViewsOnlyVersionRestoresTheViewsAndStartsTheNoveltyMemoryAfresh() throws IOException {
        double[] x = SyntheticSeries.generate(N, STEP, SyntheticSeries.Kind.LEVEL_SHIFT, AT, 6);
        int cut = 500;
        EnsembleDetector before = new EnsembleDetector(EnsembleSettings.defaults());
        NoveltyMemory alone = new NoveltyMemory(NoveltySettings.defaults());
        for (int i = 0; i < cut; i++) {
            before.update(i * STEP, x[i]);
            alone.update(i * STEP, x[i]);
        }
        ByteArrayOutputStream full = new ByteArrayOutputStream();
        before.write(new DataOutputStream(full));
        ByteArrayOutputStream noveltyPart = new ByteArrayOutputStream();
        alone.write(new DataOutputStream(noveltyPart));
        // Format 1 was format 2 without the novelty memory at the end.
        byte[] v1 = java.util.Arrays.copyOf(full.toByteArray(), full.size() - noveltyPart.size());
        java.nio.ByteBuffer.wrap(v1).putInt(0, 1);
        EnsembleDetector restored = new EnsembleDetector(EnsembleSettings.defaults());
        restored.read(new DataInputStream(new ByteArrayInputStream(v1)));
        for (int i = cut; i < x.length; i++) {
            before.update(i * STEP, x[i]);
            restored.update(i * STEP, x[i]);
            assertThat(restored.rawScore()).as("sample %d", i).isEqualTo(before.rawScore());
            if (i < cut + NoveltySettings.defaults().learningSamples()) {
                assertThat(restored.novelty()).as("sample %d, novelty still learning", i).isZero();
            }
        }
    }

    @Test
    void stateOfVersion2ContinuesItsViewsExactlyAndKeepsItsNoveltyMemory() throws IOException {
        double[] x = StoredState.series();
        x[AT] += 60;
        EnsembleDetector restored = new EnsembleDetector(EnsembleSettings.defaults());
        try (DataInputStream in = StoredState.open("ensemble-v2-state.bin.gz")) {
            restored.read(in);
        }
        // The views did not change from vigil-ensemble/2: they continue as if never stopped.
        EnsembleDetector straight = new EnsembleDetector(EnsembleSettings.defaults());
        for (int i = 0; i < x.length; i++) {
            straight.update(i * STEP, x[i]);
            if (i >= StoredState.SAMPLES) {
                restored.update(i * STEP, x[i]);
                assertThat(restored.rawScore()).as("sample %d", i).isEqualTo(straight.rawScore());
                if (i == AT + 1) {
                    // The novelty memory was learned before the upgrade: the spike's step reports without learning again.
                    assertThat(restored.novelty()).isGreaterThanOrEqualTo(0.9);
                }
            }
        }
    }

    @Test
    void stateWrittenWithOtherSettingsIsRefusedNamingTheMismatch() throws IOException {
        EnsembleDetector small = new EnsembleDetector(new EnsembleSettings(64, 200, 10, 1, 1, 128, 4, 4, 64, 32, 10, 0.2, 0.15, 8, 1));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        small.write(new DataOutputStream(bytes));
        EnsembleDetector other = new EnsembleDetector(EnsembleSettings.defaults());
        assertThatThrownBy(() -> other.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
                .isInstanceOf(IOException.class).hasMessageContaining("configuration");
    }

    @Test
    void contributionsNameTheViewThatFired() {
        double[] x = SyntheticSeries.generate(N, STEP, SyntheticSeries.Kind.SPIKE, AT, 9);
        EnsembleDetector d = new EnsembleDetector(EnsembleSettings.defaults());
        for (int i = 0; i <= AT; i++) {
            d.update(i * STEP, x[i]);
        }
        assertThat(d.rawScore()).isGreaterThanOrEqualTo(RECORD);
        assertThat(Math.min(d.contribution(0), d.contribution(1))).isLessThan(0.01).isLessThan(d.contribution(3));
        assertThat(d.expectedLow()).isLessThan(x[AT - 1]);
        assertThat(d.expectedHigh()).isGreaterThan(x[AT - 1]);
        assertThat(d.modelProvenanceHash()).matches("[0-9a-f]{16}");
    }

    @Test
    void settingsOutOfRangeAreRejectedByName() {
        assertThatThrownBy(() -> new EnsembleSettings(8, 4000, 150, 3, 3, 1024, 8, 16, 1024, 256, 100, 0.2, 0.15, 8, 42))
                .hasMessageContaining("window");
    }
}
