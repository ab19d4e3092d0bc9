package dev.vigil.correlate;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class RateBaselineTest {
    private static final long STEP = 30_000;

    @Test
    void firesOnASustainedTransferFarAboveTheBaselineAndNotOnNormalVariation() {
        SplittableRandom rnd = new SplittableRandom(3);
        RateBaseline.State s = null;
        double counter = 0;
        int fired = 0;
        long t = 0;
        for (int i = 0; i < 200; i++, t += STEP) {
            counter += 2e6 * (0.5 + rnd.nextDouble()) * 30; // 1 to 3 MB/s
            RateBaseline.Step step = RateBaseline.step(s, t, counter, 5, 10e6, 3);
            s = step.next();
            fired += step.fires() ? 1 : 0;
        }
        assertThat(fired).isZero();
        double meanBefore = s.mean();
        int firstFire = -1;
        for (int i = 0; i < 10; i++, t += STEP) {
            counter += 80e6 * 30; // 80 MB/s
            RateBaseline.Step step = RateBaseline.step(s, t, counter, 5, 10e6, 3);
            s = step.next();
            if (step.fires() && firstFire < 0) {
                firstFire = i;
            }
        }
        assertThat(firstFire).isEqualTo(2); // the third anomalous sample in a row
        assertThat(s.mean()).isEqualTo(meanBefore); // the transfer did not teach the baseline
    }

    @Test
    void counterResetsAndWarmUpDoNotFire() {
        RateBaseline.State s = RateBaseline.step(null, 0, 1e9, 5, 1, 1).next();
        RateBaseline.Step reset = RateBaseline.step(s, STEP, 10, 5, 1, 1);
        assertThat(reset.fires()).isFalse();
        assertThat(Double.isNaN(reset.rate())).isTrue();
        RateBaseline.Step early = RateBaseline.step(reset.next(), 2 * STEP, 1e12, 5, 1, 1);
        assertThat(early.fires()).isFalse(); // no baseline yet
    }
}
