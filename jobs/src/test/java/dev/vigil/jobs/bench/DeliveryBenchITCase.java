package dev.vigil.jobs.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The delivery benchmark's own accounting, on a short run: every endpoint gets every alert, once counted. */
class DeliveryBenchITCase {
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void everyReceiverKindGetsEveryAlertAndTheFiguresAreOrdered() throws Exception {
        List<DeliveryBench.Result> results = DeliveryBench.run(60, 100, 100);
        assertThat(results).extracting(DeliveryBench.Result::endpoint).containsExactly("webhook", "slack", "pagerduty", "alertmanager");
        for (DeliveryBench.Result r : results) {
            assertThat(r.alerts()).as(r.endpoint()).isEqualTo(60);
            assertThat(r.requests()).as(r.endpoint()).isGreaterThanOrEqualTo(60);
            assertThat(r.p50Ms()).as(r.endpoint()).isBetween(0L, r.p99Ms());
            assertThat(r.p99Ms()).as(r.endpoint()).isLessThanOrEqualTo(r.maxMs());
            assertThat(r.alertsPerSecond()).as(r.endpoint()).isPositive();
        }
    }
}
