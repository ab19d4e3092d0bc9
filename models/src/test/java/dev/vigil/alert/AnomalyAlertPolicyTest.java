package dev.vigil.alert;

import dev.vigil.anomaly.DailyProfile;
import org.junit.jupiter.api.Test;

import static dev.vigil.alert.AnomalyAlertPolicy.Direction.BOTH;
import static dev.vigil.alert.AnomalyAlertPolicy.Direction.HIGH;
import static dev.vigil.alert.AnomalyAlertPolicy.Direction.LOW;
import static dev.vigil.alert.AnomalyAlertPolicy.Direction.NONE;
import static org.assertj.core.api.Assertions.assertThat;

class AnomalyAlertPolicyTest {
    private static final long MIN = 60_000L;
    private static final DailyProfile.Usual UNKNOWN = DailyProfile.usual(0);

    @Test
    void eachMetricHasTheSideThatIsAProblem() {
        assertThat(AnomalyAlertPolicy.direction("node_filesystem_avail_bytes")).isEqualTo(LOW);
        assertThat(AnomalyAlertPolicy.direction("node_memory_MemAvailable_bytes")).isEqualTo(LOW);
        assertThat(AnomalyAlertPolicy.direction("up")).isEqualTo(LOW);
        assertThat(AnomalyAlertPolicy.direction("instance:node_cpu_utilisation:rate5m")).isEqualTo(HIGH);
        assertThat(AnomalyAlertPolicy.direction("http_request_duration_seconds")).isEqualTo(HIGH);
        assertThat(AnomalyAlertPolicy.direction("process_resident_memory_bytes")).isEqualTo(HIGH);
        assertThat(AnomalyAlertPolicy.direction("node_memory_Cached_bytes")).isEqualTo(NONE);
        assertThat(AnomalyAlertPolicy.direction("node_memory_MemFree_bytes")).isEqualTo(NONE);
        assertThat(AnomalyAlertPolicy.direction("orders_in_flight")).isEqualTo(BOTH);
    }

    @Test
    void aRunStartsOnTheBadSideWithAScoreAndFiresOnlyWhenSustained() {
        AnomalyAlertPolicy.Run run = AnomalyAlertPolicy.Run.NONE;
        // Good side: free space jumping up after logrotate is no run.
        assertThat(AnomalyAlertPolicy.step(run, LOW, 0, 90, 0.9, 40, 60, UNKNOWN, 0.15).start()).isNull();
        run = AnomalyAlertPolicy.step(run, HIGH, 0, 95, 0.6, 20, 45, UNKNOWN, 0.15);
        assertThat(run.start()).isEqualTo(0L);
        assertThat(AnomalyAlertPolicy.fires(run, HIGH, 0, 95, 5 * MIN, 0.5)).isFalse();
        // The score falls as the detector sees the new level persist; the run goes on against its range.
        for (long t = MIN; t <= 5 * MIN; t += MIN) {
            run = AnomalyAlertPolicy.step(run, HIGH, t, 96, 0.05, 20, 97, UNKNOWN, 0.15);
        }
        assertThat(run.start()).isEqualTo(0L);
        assertThat(AnomalyAlertPolicy.fires(run, HIGH, 5 * MIN, 96, 5 * MIN, 0.5)).isTrue();
        // Back in range: over.
        assertThat(AnomalyAlertPolicy.step(run, HIGH, 6 * MIN, 30, 0.05, 20, 97, UNKNOWN, 0.15).start()).isNull();
    }

    @Test
    void farOutFiresWithoutTheAlertScoreAndUsualForTheTimeNever() {
        AnomalyAlertPolicy.Run run = AnomalyAlertPolicy.step(AnomalyAlertPolicy.Run.NONE, HIGH, 0, 0.98, 0.25, 0.0, 0.5, UNKNOWN, 0.15);
        run = AnomalyAlertPolicy.step(run, HIGH, 10 * MIN, 0.98, 0.2, 0.0, 0.9, UNKNOWN, 0.15);
        assertThat(AnomalyAlertPolicy.fires(run, HIGH, 10 * MIN, 0.98, 5 * MIN, 0.55)).as("0.98 is beyond 0.5 by more than half of 0..0.5").isTrue();
        // A cron spike to 0.6 at 04:00 that 04:00 held yesterday too: usual for the time.
        long day = 86_400_000L;
        long at = 4 * 3_600_000L;
        double[] slot = DailyProfile.add(null, at, 0.62);
        DailyProfile.Usual usual = DailyProfile.usual(day + at, slot);
        assertThat(usual.known()).isTrue();
        assertThat(AnomalyAlertPolicy.step(AnomalyAlertPolicy.Run.NONE, HIGH, day + at, 0.6, 0.9, 0.0, 0.3, usual, 0.15).start()).isNull();
    }
}
