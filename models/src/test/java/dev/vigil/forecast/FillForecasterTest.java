package dev.vigil.forecast;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class FillForecasterTest {
    private static final long MIN = 60_000L;
    private static final long HOUR = 60 * MIN;

    /** Runs free(t) every 5 minutes for {@code hours}; returns the last forecast. */
    private static Forecast run(java.util.function.LongToDoubleFunction free, int hours, long seed) {
        FillForecaster f = new FillForecaster();
        SplittableRandom noise = new SplittableRandom(seed);
        Forecast last = null;
        for (long t = 0; t <= hours * HOUR; t += 5 * MIN) {
            Forecast fc = f.update(t, 100 * (free.applyAsDouble(t) + 0.001 * noise.nextGaussian()), 100);
            if (fc != null) {
                last = fc;
            }
        }
        return last;
    }

    @Test
    void aSteadyFillGetsItsEtaWithinFivePercentAndABandAroundIt() {
        // Free falls from 60% by 1% an hour: at 30 h it is 30%, so it runs out 30 h later, at 60 h.
        Forecast f = run(t -> 0.60 - 0.01 * t / HOUR, 30, 1);
        long truth = 60 * HOUR;
        assertThat((double) Math.abs(f.eta() - truth)).isLessThan(0.05 * (truth - f.time()));
        assertThat(f.etaLower()).isLessThanOrEqualTo(f.eta());
        assertThat(f.etaUpper()).isGreaterThanOrEqualTo(f.eta());
        assertThat(f.ratePerHour()).isBetween(0.009, 0.011);
        assertThat(f.method()).startsWith("trend-");
    }

    @Test
    void aCleanupStepStartsANewSegmentInsteadOfBendingTheTrend() {
        // Filling at 1%/h, then at 20 h a cleanup frees 30%, then filling again at 1%/h.
        Forecast f = run(t -> (t < 20 * HOUR ? 0.60 : 0.90) - 0.01 * t / HOUR, 30, 2);
        assertThat(f.ratePerHour()).isBetween(0.009, 0.011);
        // Free at 30 h: 0.60; it runs out 60 h later.
        assertThat((double) Math.abs(f.eta() - 90 * HOUR)).isLessThan(0.1 * 60 * HOUR);
    }

    @Test
    void aLogRotationSawtoothThatNeverFillsIsNeverAlerted() {
        FillForecaster f = new FillForecaster();
        SplittableRandom noise = new SplittableRandom(3);
        for (long t = 0; t <= 96 * HOUR; t += 5 * MIN) {
            double cycle = (t % (6 * HOUR)) / (double) (6 * HOUR);
            Forecast fc = f.update(t, 100 * (0.38 - 0.2 * cycle + 0.001 * noise.nextGaussian()), 100);
            if (fc != null && t > 24 * HOUR) {
                assertThat(FillAlertPolicy.warning(fc)).as("warning at %d h: %s", t / HOUR, fc).isFalse();
            }
        }
    }

    @Test
    void unevenSamplingAndASixHourGapKeepTheEta() {
        // Samples every 20 s to 4 min, none at all from 18 h to 24 h; free falls 1% an hour from 60%.
        FillForecaster f = new FillForecaster();
        SplittableRandom random = new SplittableRandom(6);
        Forecast last = null;
        for (long t = 0; t <= 30 * HOUR; t += 20_000L + random.nextLong(220_000L)) {
            if (t > 18 * HOUR && t < 24 * HOUR) {
                continue;
            }
            Forecast fc = f.update(t, 100 * (0.60 - 0.01 * t / HOUR + 0.001 * random.nextGaussian()), 100);
            last = fc == null ? last : fc;
        }
        assertThat(last.time()).isGreaterThan(29 * HOUR);
        assertThat((double) Math.abs(last.eta() - 60 * HOUR)).isLessThan(0.05 * (60 * HOUR - last.time()));
        assertThat(last.ratePerHour()).isBetween(0.009, 0.011);
    }

    @Test
    void aBatchBurstThatStopsShortOfFullIsNeverAlerted() {
        // Flat at 45% free for two days, then a 2 h batch job writes 33% of the disk and stops.
        FillForecaster f = new FillForecaster();
        SplittableRandom noise = new SplittableRandom(4);
        int filling = 0;
        for (long t = 0; t <= 72 * HOUR; t += 5 * MIN) {
            double h = (t - 48 * HOUR) / (double) HOUR;
            double free = h < 0 ? 0.45 : h < 2 ? 0.45 - 0.33 * h / 2 : 0.12;
            Forecast fc = f.update(t, 100 * (free + 0.001 * noise.nextGaussian()), 100);
            if (fc != null) {
                filling += fc.filling() && fc.eta() < fc.time() + 4 * HOUR ? 1 : 0;
                assertThat(FillAlertPolicy.warning(fc) || FillAlertPolicy.critical(fc)).as("alert at %.2f h: %s", h, fc).isFalse();
            }
        }
        // The straight lines did see an imminent fill: only the thirds test kept it quiet.
        assertThat(filling).isPositive();
    }

    @Test
    void aFillThatShowsInEveryThirdOfTheWindowIsSustained() {
        Forecast f = run(t -> 0.60 - 0.01 * t / HOUR, 30, 5);
        assertThat(f.sustained()).isTrue();
        Forecast step = run(t -> t < 26 * HOUR ? 0.60 : t < 28 * HOUR ? 0.60 - 0.2 * (t - 26 * HOUR) / (2.0 * HOUR) : 0.40, 30, 5);
        assertThat(step.sustained()).isFalse();
    }

    @Test
    void cycleLowsTrendingDownForecastTheFillAcrossCleanups() {
        // Daily cleanups that each reclaim a little less: the lows fall by 5% a day from 40%.
        Forecast f = run(t -> {
            double day = t / (24.0 * HOUR);
            double low = 0.40 - 0.05 * Math.floor(day);
            return low + 0.2 * (1 - (day - Math.floor(day)));
        }, 5 * 24, 4);
        assertThat(f.method()).isEqualTo("cycle-peaks");
        assertThat(f.filling()).isTrue();
        assertThat(f.ratePerHour()).isPositive();
    }

    @Test
    void memoryIsBoundedWhateverTheSamplingRate() throws Exception {
        FillForecaster f = new FillForecaster();
        for (long t = 0; t <= 10 * 24 * HOUR; t += 15_000L) {
            f.update(t, 50, 100);
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        f.write(new java.io.DataOutputStream(bytes));
        // Ten days of 15-second samples keep 7 days of 5-minute buckets: 16 bytes each, plus a header.
        assertThat(bytes.size()).isLessThanOrEqualTo(FillForecaster.CAPACITY * 16 + 64);
    }
}
