package dev.vigil.anomaly;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LikelihoodDetectorTest {
    @Test
    void erfcMatchesKnownValues() {
        assertThat(LikelihoodDetector.erfc(0)).isCloseTo(1.0, within(1e-7));
        assertThat(LikelihoodDetector.erfc(1)).isCloseTo(0.157299207, within(1e-7));
        assertThat(LikelihoodDetector.erfc(-1)).isCloseTo(1.842700793, within(1e-7));
        assertThat(LikelihoodDetector.erfc(3)).isCloseTo(2.20904970e-5, within(1e-8));
    }

    @Test
    void aSustainedChangeScoresHigherThanALoneNoisyPoint() {
        SplittableRandom r = new SplittableRandom(5);
        double[] x = new double[3000];
        for (int i = 0; i < x.length; i++) {
            x[i] = 10 + r.nextGaussian();
        }
        x[2000] += 6; // one noisy point
        for (int i = 2500; i < 2520; i++) {
            x[i] += 8; // a sustained shift
        }
        LikelihoodDetector d = new LikelihoodDetector(new RobustZDetector(288), 2000, 3);
        double lone = 0;
        double sustained = 0;
        for (int i = 0; i < x.length; i++) {
            double s = d.update(i, x[i]);
            if (i >= 2000 && i < 2003) {
                lone = Math.max(lone, s);
            }
            if (i >= 2500 && i < 2505) {
                sustained = Math.max(sustained, s);
            }
        }
        assertThat(sustained).isGreaterThan(0.999);
        assertThat(sustained).isGreaterThan(lone);
    }
}
