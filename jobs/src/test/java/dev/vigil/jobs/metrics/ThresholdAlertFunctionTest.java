package dev.vigil.jobs.metrics;

import dev.vigil.jobs.VigilTags;

import dev.vigil.alert.Alert;
import dev.vigil.alert.Comparison;
import dev.vigil.alert.ThresholdRule;
import dev.vigil.model.MetricSample;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ThresholdAlertFunctionTest {
    private static final long MIN = 60_000;
    private static final ThresholdRule DISK = new ThresholdRule("RootFull", "node_filesystem_avail_bytes",
            Map.of("mountpoint", "/"), Comparison.LT, 100, Duration.ofMinutes(2), "critical", Map.of("team", "infra"), null);

    private KeyedOneInputStreamOperatorTestHarness<String, RuleSample, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new ThresholdAlertFunction(List.of(DISK), Duration.ofMinutes(5), "http://vigil"), new RuleSampleKey(), Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void sample(long t, double value) throws Exception {
        harness.processElement(new StreamRecord<>(new RuleSample("RootFull",
                new MetricSample(t, "web-3", "node_filesystem_avail_bytes", value, Map.of("mountpoint", "/"))), t));
    }

    @Test
    void firesOnceAfterTheForDurationEvenWhenSamplesArriveOutOfOrder() throws Exception {
        // Breached from minute 1 on; the samples arrive shuffled, within the watermark's bound.
        sample(3 * MIN, 50);
        sample(1 * MIN, 50);
        sample(0, 500);
        sample(4 * MIN, 40);
        sample(2 * MIN, 60);
        harness.processWatermark(2 * MIN);
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.processWatermark(4 * MIN);
        List<Alert> alerts = harness.extractOutputValues();
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo("firing");
            assertThat(a.startsAt()).isEqualTo(3 * MIN);
            assertThat(a.endsAt()).isZero();
            assertThat(a.labels()).containsEntry("alertname", "RootFull").containsEntry("host", "web-3")
                    .containsEntry("mountpoint", "/").containsEntry("team", "infra").containsEntry("severity", "critical");
            assertThat(a.annotations()).containsEntry("value", "50").containsKey("query");
            assertThat(a.generatorUrl()).isEqualTo("http://vigil/rules/RootFull");
        });
    }

    @Test
    void resolvesWhenTheConditionClearsWithTheSameFingerprint() throws Exception {
        sample(0, 50);
        sample(2 * MIN, 50);
        sample(3 * MIN, 500);
        harness.processWatermark(3 * MIN);
        List<Alert> alerts = harness.extractOutputValues();
        assertThat(alerts).extracting(Alert::status).containsExactly("firing", "resolved");
        assertThat(alerts.get(1).fingerprint()).isEqualTo(alerts.get(0).fingerprint());
        assertThat(alerts.get(1).endsAt()).isEqualTo(3 * MIN);
        assertThat(alerts.get(1).startsAt()).isEqualTo(2 * MIN);
        assertThat(alerts.get(1).annotations()).containsEntry("value", "500");
    }

    @Test
    void samplesBehindTheWatermarkGoToTheLateOutputAndChangeNothing() throws Exception {
        sample(10 * MIN, 500);
        harness.processWatermark(10 * MIN);
        sample(5 * MIN, 1);
        assertThat(harness.getSideOutput(VigilTags.LATE_SAMPLES)).hasSize(1);
        harness.processWatermark(11 * MIN);
        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void staleSeriesResolvesItsAlertAndLeavesNoStateOrTimers() throws Exception {
        sample(0, 50);
        sample(2 * MIN, 50);
        harness.processWatermark(2 * MIN);
        assertThat(harness.extractOutputValues()).extracting(Alert::status).containsExactly("firing");
        assertThat(harness.numKeyedStateEntries()).isPositive();
        harness.processWatermark(7 * MIN);
        List<Alert> alerts = harness.extractOutputValues();
        assertThat(alerts).extracting(Alert::status).containsExactly("firing", "resolved");
        assertThat(alerts.get(1).annotations().get("resolved_reason")).contains("stale");
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void quietSeriesThatNeverFiredAlsoLeavesNoState() throws Exception {
        for (int i = 0; i < 10; i++) {
            sample(i * MIN, 500);
        }
        harness.processWatermark(9 * MIN);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1); // only the newest staleness timer
        harness.processWatermark(20 * MIN);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aGapResolvesEvenWhenTimersFireOnlyAtTheEndAsInBatchMode() throws Exception {
        // Batch mode: all samples arrive first, then one final watermark fires every timer in time order.
        sample(0, 50);
        sample(2 * MIN, 50);
        sample(20 * MIN, 50);
        harness.processWatermark(Long.MAX_VALUE);
        List<Alert> alerts = harness.extractOutputValues();
        assertThat(alerts).extracting(Alert::status).containsExactly("firing", "resolved");
        assertThat(alerts.get(1).endsAt()).isEqualTo(7 * MIN);
        // The sample after the gap starts afresh: pending, not firing (for: 2m not yet held).
        assertThat(harness.numKeyedStateEntries()).isPositive();
    }

    @Test
    void stateOfARuleThatNoLongerExistsIsDropped() throws Exception {
        harness.processElement(new StreamRecord<>(new RuleSample("Removed",
                new MetricSample(0, "web-3", "node_filesystem_avail_bytes", 1, Map.of("mountpoint", "/"))), 0));
        harness.processWatermark(MIN);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void endOfInputDoesNotResolveAFiringAlert() throws Exception {
        sample(0, 50);
        sample(2 * MIN, 50);
        harness.processWatermark(Long.MAX_VALUE);
        assertThat(harness.extractOutputValues()).extracting(Alert::status).containsExactly("firing");
    }
}
