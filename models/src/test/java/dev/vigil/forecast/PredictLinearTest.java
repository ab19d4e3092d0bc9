package dev.vigil.forecast;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PredictLinearTest {
    private static final long MIN = 60_000L;

    @Test
    void aStraightLineIsExtrapolatedExactly() {
        // y = 1000 - 2 per second, sampled every minute for an hour; at t = 60 min, 30 min ahead:
        // the value at 60 min is 1000 - 2 * 3600 = -6200, then 1800 s more at -2/s: -9800.
        long[] t = new long[61];
        double[] y = new double[61];
        for (int i = 0; i <= 60; i++) {
            t[i] = i * MIN;
            y[i] = 1000 - 2 * i * 60;
        }
        assertThat(PredictLinear.predict(t, y, 61, 60 * MIN, 60 * MIN, 1800)).isCloseTo(-9800, within(1e-6));
    }

    @Test
    void theRangeIsLeftOpenAndNeedsTwoSamples() {
        long[] t = {0, MIN, 2 * MIN};
        double[] y = {100, 0, 10};
        // (2 min - 2 min, 2 min] holds only the sample at 2 min: no result.
        assertThat(PredictLinear.predict(t, y, 3, 2 * MIN, MIN, 60)).isNaN();
        // (0, 2 min] holds 0 and 10 (the sample at 0 is excluded): slope 10 per 60 s, so +10 in 60 s.
        assertThat(PredictLinear.predict(t, y, 3, 2 * MIN, 2 * MIN, 60)).isCloseTo(20, within(1e-9));
    }

    @Test
    void aConstantSeriesPredictsItself() {
        long[] t = {0, MIN, 2 * MIN};
        double[] y = {7, 7, 7};
        assertThat(PredictLinear.predict(t, y, 3, 2 * MIN, 10 * MIN, 1e6)).isEqualTo(7);
    }

    @Test
    void theMixinFiresOnlyAfterItsConditionHeldForAnHour() {
        // 100 GB disk, 30 GB free and falling 1 GB an hour: predict_linear(6h, 24h) < 0 and free < 40%.
        int n = 12 * 12;
        long[] t = new long[n];
        double[] avail = new double[n];
        double[] size = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 5 * MIN;
            avail[i] = 30e9 - 1e9 * i / 12.0;
            size[i] = 100e9;
        }
        long fired = NodeMixinFilesystemRule.firstFiring(NodeMixinFilesystemRule.WARNING, t, avail, size, n, 0, t[n - 1], MIN);
        // predict_linear(avail[6h], 24h) = free now - 24 GB, below 0 once free < 24 GB: first at the
        // evaluation of 6 h 01 min (the line through the samples is exact). Held for 1 h: fires at 7 h 01 min.
        assertThat(fired).isEqualTo(421 * MIN);
        // Critical needs < 20% free (after 10 h) and exhaustion within 4 h: not within these 12 h.
        assertThat(NodeMixinFilesystemRule.firstFiring(NodeMixinFilesystemRule.CRITICAL, t, avail, size, n, 0, t[n - 1], MIN)).isEqualTo(-1);
    }
}
