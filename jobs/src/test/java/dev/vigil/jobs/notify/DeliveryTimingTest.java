package dev.vigil.jobs.notify;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliveryTimingTest {
    @Test
    void backoffDoublesUpToItsMaximumWithJitterInTheUpperHalf() {
        JitteredBackoff b = new JitteredBackoff(100, 1_000);
        assertThat(b.delay(1)).isEqualTo(100);
        assertThat(b.delay(2)).isEqualTo(200);
        assertThat(b.delay(4)).isEqualTo(800);
        assertThat(b.delay(5)).isEqualTo(1_000);
        assertThat(b.delay(60)).isEqualTo(1_000);
        for (int i = 0; i < 200; i++) {
            assertThat(b.next(3)).isBetween(200L, 400L);
        }
        assertThatThrownBy(() -> new JitteredBackoff(0, 10)).hasMessageContaining("initial");
    }

    @Test
    void theRateLimitLetsAMinutesWorthThroughThenRefillsOverTime() {
        DeliverNotifications.RateLimit limit = new DeliverNotifications.RateLimit(2);
        assertThat(limit.take(1_000)).isTrue();
        assertThat(limit.take(1_000)).isTrue();
        assertThat(limit.take(1_001)).isFalse();
        // Two a minute: one token back after 30 s.
        assertThat(limit.take(31_001)).isTrue();
        assertThat(limit.take(31_002)).isFalse();
        DeliverNotifications.RateLimit none = new DeliverNotifications.RateLimit(0);
        for (int i = 0; i < 1_000; i++) {
            assertThat(none.take(i)).isTrue();
        }
    }
}
