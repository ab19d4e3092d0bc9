package dev.vigil.forecast;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.function.LongToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;

class LeakDetectorTest {
    private static final long MIN = 60_000L;
    private static final long HOUR = 60 * MIN;
    private static final double GB = 1e9;
    private static final double LIMIT = 8 * GB;

    /** The first verdict, or null, sampling every minute for {@code hours}. */
    private static LeakDetector.Leak first(LongToDoubleFunction rss, int hours) {
        LeakDetector d = new LeakDetector();
        SplittableRandom noise = new SplittableRandom(1);
        for (long t = 0; t <= hours * HOUR; t += MIN) {
            LeakDetector.Leak l = d.update(t, rss.applyAsDouble(t) * (1 + 0.002 * noise.nextGaussian()), LIMIT);
            if (l != null) {
                return l;
            }
        }
        return null;
    }

    @Test
    void aLeakHiddenByRestartsEvery12HoursIsFoundByItsRisingBaseline() {
        // Each run starts 0.2 GB higher than the last and grows 0.05 GB an hour until the nightly restart.
        LeakDetector.Leak l = first(t -> {
            long run = t / (12 * HOUR);
            return 1 * GB + 0.2 * GB * run + 0.05 * GB * (t % (12 * HOUR)) / HOUR;
        }, 5 * 24);
        assertThat(l).isNotNull();
        assertThat(l.method()).isEqualTo("baseline-trend");
        assertThat(l.restarts()).isGreaterThanOrEqualTo(2);
        // 0.2 GB per 12 h.
        assertThat(l.baselinePerHour()).isBetween(0.012 * GB, 0.022 * GB);
        assertThat(l.growthPerHour()).isBetween(0.04 * GB, 0.06 * GB);
        assertThat(l.oomAt()).isGreaterThan(l.time());
    }

    @Test
    void cachesThatWarmUpAfterEveryRestartAreNotALeak() {
        // The same within-run growth, but every run starts from the same baseline.
        assertThat(first(t -> 1 * GB + 0.05 * GB * (t % (12 * HOUR)) / HOUR, 5 * 24)).isNull();
    }

    @Test
    void oneLongRunThatKeepsGrowingIsALeakWithItsTimeToOom() {
        // 2 GB, growing 0.1 GB an hour: after 12 h, at 3.2 GB, it reaches 8 GB 48 h later.
        LeakDetector.Leak l = first(t -> 2 * GB + 0.1 * GB * t / HOUR, 24);
        assertThat(l).isNotNull();
        assertThat(l.method()).isEqualTo("run-trend");
        assertThat(l.time()).isBetween(12 * HOUR, 13 * HOUR);
        long expected = l.time() + (long) ((LIMIT - l.resident()) / (0.1 * GB) * HOUR);
        assertThat((double) Math.abs(l.oomAt() - expected)).isLessThan(0.05 * (expected - l.time()));
    }

    @Test
    void steadyMemoryIsNotALeak() {
        assertThat(first(t -> 3 * GB, 48)).isNull();
    }

    @Test
    void aRestoredDetectorGivesTheSameVerdictsAsTheUninterruptedOne() throws Exception {
        LongToDoubleFunction rss = t -> 1 * GB + 0.2 * GB * (t / (12 * HOUR)) + 0.05 * GB * (t % (12 * HOUR)) / HOUR;
        LeakDetector straight = new LeakDetector();
        LeakDetector first = new LeakDetector();
        LeakDetector second = null;
        for (long t = 0; t <= 60 * HOUR; t += 5 * MIN) {
            LeakDetector.Leak a = straight.update(t, rss.applyAsDouble(t), LIMIT);
            LeakDetector.Leak b;
            if (t < 30 * HOUR) {
                b = first.update(t, rss.applyAsDouble(t), LIMIT);
            } else {
                if (second == null) {
                    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                    first.write(new java.io.DataOutputStream(bytes));
                    second = LeakDetector.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())));
                }
                b = second.update(t, rss.applyAsDouble(t), LIMIT);
            }
            assertThat(b).isEqualTo(a);
        }
    }
}
