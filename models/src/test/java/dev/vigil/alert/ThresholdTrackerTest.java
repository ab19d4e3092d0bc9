package dev.vigil.alert;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.vigil.alert.ThresholdTracker.NEVER;
import static dev.vigil.alert.ThresholdTracker.Transition.FIRED;
import static dev.vigil.alert.ThresholdTracker.Transition.NONE;
import static dev.vigil.alert.ThresholdTracker.Transition.RESOLVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThresholdTrackerTest {
    private final ThresholdRule rule = new ThresholdRule("HighLoad", "node_load1", Map.of(), Comparison.GT, 4.0,
            Duration.ofMinutes(2), "warning", Map.of("team", "infra"), null);

    @Test
    void firesOnlyAfterTheConditionHeldForTheWholeDuration() {
        long since = NEVER;
        assertThat(ThresholdTracker.step(rule, since, false, 0, 5)).isEqualTo(NONE);
        since = ThresholdTracker.nextPendingSince(rule, since, 0, 5);
        assertThat(since).isZero();
        assertThat(ThresholdTracker.step(rule, since, false, 60_000, 6)).isEqualTo(NONE);
        assertThat(ThresholdTracker.step(rule, since, false, 120_000, 6)).isEqualTo(FIRED);
        assertThat(ThresholdTracker.step(rule, since, true, 180_000, 6)).isEqualTo(NONE);
        assertThat(ThresholdTracker.step(rule, since, true, 240_000, 1)).isEqualTo(RESOLVED);
        assertThat(ThresholdTracker.nextPendingSince(rule, since, 240_000, 1)).isEqualTo(NEVER);
    }

    @Test
    void aDipRestartsThePendingPeriod() {
        long since = ThresholdTracker.nextPendingSince(rule, NEVER, 0, 5);
        since = ThresholdTracker.nextPendingSince(rule, since, 60_000, 3);
        assertThat(ThresholdTracker.step(rule, since, false, 120_000, 5)).isEqualTo(NONE);
        since = ThresholdTracker.nextPendingSince(rule, since, 120_000, 5);
        assertThat(since).isEqualTo(120_000);
    }

    @Test
    void zeroForFiresOnTheFirstBreach() {
        ThresholdRule now = new ThresholdRule("Down", "up", Map.of(), Comparison.EQ, 0, Duration.ZERO, "critical", Map.of(), null);
        assertThat(ThresholdTracker.step(now, NEVER, false, 10, 0)).isEqualTo(FIRED);
    }

    @Test
    void rulesMatchMetricAndLabelsAndBuildAlertLabels() {
        ThresholdRule disk = new ThresholdRule("RootFull", "node_filesystem_avail_bytes", Map.of("mountpoint", "/"),
                Comparison.LT, 1e9, Duration.ofMinutes(5), "critical", Map.of(), null);
        var root = new dev.vigil.model.MetricSample(0, "web-3", "node_filesystem_avail_bytes", 5e8, Map.of("mountpoint", "/"));
        var data = new dev.vigil.model.MetricSample(0, "web-3", "node_filesystem_avail_bytes", 5e8, Map.of("mountpoint", "/data"));
        assertThat(disk.appliesTo(root)).isTrue();
        assertThat(disk.appliesTo(data)).isFalse();
        Map<String, String> labels = disk.alertLabels(root);
        assertThat(labels).containsEntry("alertname", "RootFull").containsEntry("severity", "critical")
                .containsEntry("host", "web-3").containsEntry("mountpoint", "/");
        assertThat(disk.annotations(labels, 5e8, "SELECT 1").get("summary"))
                .isEqualTo("RootFull: node_filesystem_avail_bytes on web-3 is 500000000 (< 1000000000)");
    }

    @Test
    void rejectsInvalidRules() {
        assertThatThrownBy(() -> new ThresholdRule("bad name", "m", Map.of(), Comparison.GT, 1, Duration.ZERO, null, Map.of(), null))
                .hasMessageContaining("rule name 'bad name'");
        assertThatThrownBy(() -> new ThresholdRule("X", "m", Map.of(), Comparison.GT, Double.NaN, Duration.ZERO, null, Map.of(), null))
                .hasMessageContaining("'value'");
        assertThatThrownBy(() -> new ThresholdRule("X", "", Map.of(), Comparison.GT, 1, Duration.ZERO, null, Map.of(), null))
                .hasMessageContaining("'metric'");
    }
}
