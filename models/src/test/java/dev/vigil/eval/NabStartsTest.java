package dev.vigil.eval;

import dev.vigil.anomaly.AnomalyDetector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class NabStartsTest {
    /** Scores each value with the count of values it has seen, so the test sees exactly which rows it was shown. */
    private static final class Counting implements AnomalyDetector {
        private int seen;

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public double update(long time, double value) {
            seen++;
            return seen;
        }
    }

    @Test
    void aLaterStartHidesTheRowsBeforeItAndScoresThemZero() {
        // 40 rows: probation floor(0.15 x 40) = 6, so starts 0..5 are allowed.
        double[] values = new double[40];
        long[] times = new long[40];
        double[] scores = NabStarts.run("f.csv", new Counting(), times, values, 3);
        assertThat(scores).startsWith(0, 0, 0, 1, 2);
        assertThat(scores[39]).isEqualTo(37);
    }

    @Test
    void aStartInsideTheScoredRowsIsRefusedNamingTheFile() {
        double[] values = new double[40];
        assertThatThrownBy(() -> NabStarts.run("realTraffic/x.csv", new Counting(), new long[40], values, 6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("realTraffic/x.csv").hasMessageContaining("row 6").hasMessageContaining("6 rows");
        assertThatThrownBy(() -> NabStarts.checkStart("f.csv", 40, -1)).hasMessageContaining("f.csv: a start at row -1");
        NabStarts.checkStart("f.csv", 40, 5);
    }

    @Test
    void spreadIsTheMeanSampleDeviationAndRange() {
        // Mean 66; deviations -2, 0, 2: sample variance (4 + 0 + 4) / 2 = 4.
        NabStarts.Spread s = NabStarts.Spread.of(new double[] {64, 66, 68});
        assertThat(s.n()).isEqualTo(3);
        assertThat(s.mean()).isCloseTo(66, within(1e-12));
        assertThat(s.sd()).isCloseTo(2, within(1e-12));
        assertThat(s.min()).isEqualTo(64);
        assertThat(s.max()).isEqualTo(68);
        assertThat(NabStarts.Spread.of(new double[] {70}).sd()).isZero();
    }
}
