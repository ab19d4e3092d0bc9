package dev.vigil.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Hand-worked cases of NAB's method; the numbers are derived in the comments. */
class NabScorerTest {
    private static String[] rows(int n) {
        String[] ts = new String[n];
        for (int i = 0; i < n; i++) {
            ts[i] = "t" + i;
        }
        return ts;
    }

    // 10 rows, window rows 4..6 (w = 3), probation floor(1.5) = 1 row.
    private static final NabScorer.Series TEN = new NabScorer.Series("ten", rows(10), List.<String[]>of(new String[] {"t4", "t6"}));

    @Test
    void aNaNScoreIsRefusedNamingTheSeriesAndRowInsteadOfHangingTheSweep() {
        double[] s = {0.9, 0.1, 0.7, 0.1, 0.1, Double.NaN, 0.6, 0.1, 0.75, 0.1};
        assertThatThrownBy(() -> NabScorer.score(List.of(TEN), List.of(s), NabScorer.STANDARD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ten").hasMessageContaining("row 6 (t5)");
    }

    @Test
    void scaledSigmoidAndWeights() {
        assertThat(NabScorer.MAX_TP).isCloseTo(0.98661429815, within(1e-10));
        assertThat(NabScorer.scaledSigmoid(3.01)).isEqualTo(-1.0);
        NabScorer.Prepared p = NabScorer.prepare(TEN, NabScorer.STANDARD, 0);
        // Window start scores exactly tpWeight; pos(5) = -2/3 -> ss = 0.93111.. / maxTP = 0.94374.
        assertThat(p.weight()[4]).isCloseTo(1.0, within(1e-12));
        assertThat(p.weight()[5]).isCloseTo(0.94374, within(1e-5));
        // Before the first window: -1 x fpWeight; after it: ss(distance / (w - 1)) x fpWeight.
        assertThat(p.weight()[2]).isCloseTo(-0.11, within(1e-12));
        assertThat(p.weight()[8]).isCloseTo(NabScorer.scaledSigmoid(1.0) * 0.11, within(1e-12));
        assertThat(p.probation()).isEqualTo(1);
    }

    @Test
    void sweepKeepsTheEarliestDetectionPerWindowAndNormalisesAgainstTheNullDetector() {
        double[] s = {0.9, 0.1, 0.7, 0.1, 0.1, 0.8, 0.6, 0.1, 0.75, 0.1};
        NabScorer.Result r = NabScorer.score(List.of(TEN), List.of(s), NabScorer.STANDARD);
        // Threshold 0.8 detects row 5 only (row 0 is probationary): raw = 0.94374.
        assertThat(r.threshold()).isEqualTo(0.8);
        assertThat(r.raw()).isCloseTo(0.94374, within(1e-5));
        // Null detector: everything detected at 0.5 -> 1.0 (row 4) - 0.33 (rows 1-3) - rows 7, 8, 9 = 0.35828 beats -1.
        assertThat(r.nullRaw()).isCloseTo(0.35828, within(1e-5));
        assertThat(r.perfect()).isEqualTo(1.0);
        assertThat(r.score()).isCloseTo(91.23, within(0.01));
    }

    @Test
    void probationaryScoresAreNoCandidatesAndAWindowCountsOnce() {
        // Row 0 (probationary) scores 0.9 but is neither a candidate threshold nor a false positive; at 0.0
        // every other row is detected: the window counts once (row 4: +1), rows 1-3 and 7-9 are false positives.
        double[] s = {0.9, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        NabScorer.Result r = NabScorer.score(List.of(TEN), List.of(s), NabScorer.LOW_FN);
        assertThat(r.threshold()).isEqualTo(0.0);
        assertThat(r.raw()).isCloseTo(0.35828, within(1e-5));
    }

    @Test
    void aFalsePositiveRightAfterAWindowCostsLessThanOneFarAway() {
        NabScorer.Prepared p = NabScorer.prepare(TEN, NabScorer.STANDARD, 0);
        assertThat(p.weight()[7]).isGreaterThan(p.weight()[9]);
        assertThat(p.weight()[7]).isLessThan(0);
    }

    @Test
    void detectionsCountWindowsHitAndFalsePositivesAfterProbation() {
        double[] s = {0.9, 0.1, 0.7, 0.1, 0.1, 0.8, 0.6, 0.1, 0.75, 0.1};
        // At 0.7: row 0 is probationary, row 2 and row 8 are outside the window, row 5 hits it.
        assertThat(NabScorer.detections(List.of(TEN), List.of(s), 0.7)).isEqualTo(new NabScorer.Detections(1, 1, 2));
        assertThat(NabScorer.detections(List.of(TEN), List.of(s), 0.85)).isEqualTo(new NabScorer.Detections(0, 1, 0));
    }
}
