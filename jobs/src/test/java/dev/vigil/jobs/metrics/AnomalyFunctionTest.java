package dev.vigil.jobs.metrics;

import dev.vigil.jobs.VigilTags;

import dev.vigil.alert.Alert;
import dev.vigil.jobs.testing.SideOutputs;
import dev.vigil.anomaly.Anomaly;
import dev.vigil.anomaly.SyntheticSeries;
import dev.vigil.model.MetricSample;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AnomalyFunctionTest {
    private static final long STEP = 300_000L;
    private static final long DAY = 86_400_000L;
    private static final AnomalySettings SETTINGS =
            new AnomalySettings(0.15, 0.5, new HashMap<>(), 0.15, 6, 288, 3 * 300_000L, new java.util.HashSet<>(), DAY, "test-hash", "http://vigil");

    private KeyedOneInputStreamOperatorTestHarness<String, MetricSample, Anomaly> harness;

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
        harness.open();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, MetricSample, Anomaly> newHarness() throws Exception {
        // Not yet opened, so a test can restore state into it first.
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new AnomalyFunction(SETTINGS)), new SeriesKey(),
                Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, MetricSample, Anomaly> h, double[] x, int from, int to)
            throws Exception {
        for (int i = from; i < to; i++) {
            h.processElement(new StreamRecord<>(new MetricSample(i * STEP, "web-3", "node_load1", x[i], Map.of("job", "node")), i * STEP));
            h.processWatermark(i * STEP);
        }
    }

    private List<Alert> alerts() {
        return SideOutputs.values(harness, VigilTags.ANOMALY_ALERTS);
    }

    @Test
    void anIsolatedSpikeIsAnAnomalyRowButNoAlert() throws Exception {
        double[] x = SyntheticSeries.generate(3 * 288, STEP, SyntheticSeries.Kind.SPIKE, 700, 7);
        feed(harness, x, 0, x.length);
        List<Anomaly> rows = harness.extractOutputValues();
        assertThat(rows).anySatisfy(a -> {
            assertThat(a.time()).isEqualTo(700 * STEP);
            assertThat(a.host()).isEqualTo("web-3");
            assertThat(a.labels()).containsEntry("job", "node");
            assertThat(a.detector()).isEqualTo("vigil-ensemble/3");
            assertThat(a.modelHash()).isEqualTo("test-hash");
        });
        // One sample out pages nobody (anomaly.sustain): a latency spike, a cron job's minute.
        assertThat(alerts()).isEmpty();
    }

    @Test
    void aSustainedLevelShiftFiresOnceAfterTheSustainTimeAndADropTheOtherWayNever() throws Exception {
        double[] x = SyntheticSeries.generate(3 * 288, STEP, SyntheticSeries.Kind.LEVEL_SHIFT, 700, 7);
        feed(harness, x, 0, x.length);
        List<Alert> alerts = alerts();
        assertThat(alerts).extracting(Alert::status).containsExactly("firing");
        Alert firing = alerts.get(0);
        assertThat(firing.startsAt()).isBetween(703 * STEP, 706 * STEP);
        assertThat(firing.labels()).containsEntry("alertname", "MetricAnomaly").containsEntry("host", "web-3")
                .containsEntry("metric", "node_load1").containsEntry("job", "node").containsEntry("severity", "warning");
        assertThat(firing.annotations()).containsKeys("summary", "description", "query", "score");

        // The same shift downwards: load falling is not a problem for a load metric.
        try (KeyedOneInputStreamOperatorTestHarness<String, MetricSample, Anomaly> down = newHarness()) {
            down.open();
            for (int i = 0; i < x.length; i++) {
                double v = i >= 700 ? x[i] - 30 : x[i];
                down.processElement(new StreamRecord<>(new MetricSample(i * STEP, "web-3", "node_load1", v, Map.of("job", "node")), i * STEP));
                down.processWatermark(i * STEP);
            }
            assertThat(SideOutputs.values(down, VigilTags.ANOMALY_ALERTS)).isEmpty();
        }
    }

    @Test
    void noAlertDuringTheLearningPeriodEvenForAWildValue() throws Exception {
        double[] x = SyntheticSeries.generate(288, STEP, SyntheticSeries.Kind.SPIKE, 200, 3);
        x[200] += 1000;
        feed(harness, x, 0, x.length);
        assertThat(alerts()).isEmpty();
        assertThat(harness.extractOutputValues()).extracting(Anomaly::time).contains(200 * STEP);
    }

    @Test
    void aSilentSeriesResolvesItsAlertAndDropsAllStateAndTimers() throws Exception {
        double[] x = SyntheticSeries.generate(3 * 288, STEP, SyntheticSeries.Kind.LEVEL_SHIFT, 800, 7);
        feed(harness, x, 0, 810);
        assertThat(alerts()).extracting(Alert::status).containsExactly("firing");
        assertThat(harness.numKeyedStateEntries()).isPositive();
        harness.processWatermark(809 * STEP + DAY);
        assertThat(alerts()).extracting(Alert::status).containsExactly("firing", "resolved");
        assertThat(alerts().get(1).annotations().get("resolved_reason")).startsWith("series went silent");
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void samplesBehindTheWatermarkGoAsideAndChangeNothing() throws Exception {
        harness.processWatermark(10 * STEP);
        harness.processElement(new StreamRecord<>(new MetricSample(5 * STEP, "web-3", "node_load1", 1, Map.of()), 5 * STEP));
        assertThat(harness.getSideOutput(VigilTags.LATE_ANOMALY_SAMPLES)).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void outOfOrderArrivalWithinTheWatermarkGivesTheSameRowsAsOrderedArrival() throws Exception {
        double[] x = SyntheticSeries.generate(2 * 288 + 100, STEP, SyntheticSeries.Kind.SPIKE, 600, 5);
        feed(harness, x, 0, x.length);
        List<Anomaly> ordered = harness.extractOutputValues();
        try (KeyedOneInputStreamOperatorTestHarness<String, MetricSample, Anomaly> shuffled = newHarness()) {
            shuffled.open();
            for (int i = 0; i < x.length; i += 4) {
                // Each block of four arrives reversed; the watermark trails by the block.
                for (int j = Math.min(i + 3, x.length - 1); j >= i; j--) {
                    shuffled.processElement(new StreamRecord<>(new MetricSample(j * STEP, "web-3", "node_load1", x[j], Map.of("job", "node")), j * STEP));
                }
                shuffled.processWatermark(Math.min(i + 3, x.length - 1) * STEP);
            }
            assertThat(shuffled.extractOutputValues()).isEqualTo(ordered);
        }
        assertThat(ordered).isNotEmpty();
    }

    @Test
    void everythingBufferedBeforeOneFinalWatermarkGivesTheSameRowsAsStreaming() throws Exception {
        // As in batch mode: every sample waits in state, then all timers fire. A TTL timer of one sample
        // coincides with the timer of the sample a day later and must not be deleted with it.
        double[] x = SyntheticSeries.generate(3 * 288, STEP, SyntheticSeries.Kind.SPIKE, 500, 5);
        feed(harness, x, 0, x.length);
        List<Anomaly> streamed = harness.extractOutputValues();
        try (KeyedOneInputStreamOperatorTestHarness<String, MetricSample, Anomaly> batch = newHarness()) {
            batch.open();
            for (int i = 0; i < x.length; i++) {
                batch.processElement(new StreamRecord<>(new MetricSample(i * STEP, "web-3", "node_load1", x[i], Map.of("job", "node")), i * STEP));
            }
            batch.processWatermark(Long.MAX_VALUE);
            assertThat(batch.extractOutputValues()).isEqualTo(streamed);
        }
        assertThat(streamed).extracting(Anomaly::time).contains(500 * STEP);
    }

    @Test
    void theDetectorSurvivesACheckpointAndRestoreWithIdenticalResults() throws Exception {
        double[] x = SyntheticSeries.generate(3 * 288, STEP, SyntheticSeries.Kind.SPIKE, 700, 9);
        feed(harness, x, 0, x.length);
        List<Anomaly> straight = harness.extractOutputValues();

        KeyedOneInputStreamOperatorTestHarness<String, MetricSample, Anomaly> first = newHarness();
        first.open();
        feed(first, x, 0, 650);
        OperatorSubtaskState snapshot = first.snapshot(1, 650 * STEP);
        List<Anomaly> before = new ArrayList<>(first.extractOutputValues());
        first.close();
        try (KeyedOneInputStreamOperatorTestHarness<String, MetricSample, Anomaly> second = newHarness()) {
            second.initializeState(snapshot);
            second.open();
            feed(second, x, 650, x.length);
            before.addAll(second.extractOutputValues());
        }
        assertThat(before).isEqualTo(straight);
    }
}
