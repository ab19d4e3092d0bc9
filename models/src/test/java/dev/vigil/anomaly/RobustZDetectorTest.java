package dev.vigil.anomaly;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class RobustZDetectorTest {
    private static double maxScore(double[] series, int from, int to) {
        RobustZDetector d = new RobustZDetector(100);
        double max = 0;
        for (int i = 0; i < series.length; i++) {
            double s = d.update(i * 300_000L, series[i]);
            if (i >= from && i < to) {
                max = Math.max(max, s);
            }
        }
        return max;
    }

    private static double[] noise(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 50 + r.nextGaussian();
        }
        return x;
    }

    @Test
    void aSpikeScoresFarAboveCleanNoise() {
        double[] x = noise(600, 1);
        double clean = maxScore(x, 100, 600);
        x[400] += 15;
        double spike = maxScore(x, 400, 401);
        assertThat(spike).isGreaterThan(0.7);
        assertThat(clean).isLessThan(0.5);
        assertThat(spike).isGreaterThan(clean + 0.2);
    }

    @Test
    void aLevelShiftIsSeenAtOnceAndAFlatLineDoesNotDivideByZero() {
        double[] x = noise(600, 2);
        for (int i = 400; i < 600; i++) {
            x[i] += 10;
        }
        assertThat(maxScore(x, 400, 402)).isGreaterThan(0.6); // z = 10 -> 10 / 15
        double[] flat = new double[300];
        java.util.Arrays.fill(flat, 7.0);
        assertThat(maxScore(flat, 0, 300)).isZero();
    }

    @Test
    void sameInputsGiveSameScores() {
        double[] x = noise(300, 3);
        RobustZDetector a = new RobustZDetector(100);
        RobustZDetector b = new RobustZDetector(100);
        for (int i = 0; i < x.length; i++) {
            assertThat(a.update(i, x[i])).isEqualTo(b.update(i, x[i]));
        }
    }
}
