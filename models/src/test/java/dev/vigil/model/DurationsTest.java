package dev.vigil.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {
    @Test
    void prometheusStyleDurations() {
        assertThat(Durations.parse("30s", "f")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("1h30m", "f")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("500ms", "f")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("1w", "f")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("0s", "f")).isZero();
    }

    @Test
    void anythingElseIsRejectedNamingTheField() {
        assertThatThrownBy(() -> Durations.parse("5 minutes", "route.group_wait")).hasMessageContaining("route.group_wait")
                .hasMessageContaining("5 minutes");
        assertThatThrownBy(() -> Durations.parse("", "x")).hasMessageContaining("'x'");
        assertThatThrownBy(() -> Durations.parse("1h30", "x")).hasMessageContaining("1h30");
    }
}
