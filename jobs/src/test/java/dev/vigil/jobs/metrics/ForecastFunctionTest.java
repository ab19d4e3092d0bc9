package dev.vigil.jobs.metrics;

import dev.vigil.jobs.VigilTags;

import dev.vigil.alert.Alert;
import dev.vigil.jobs.testing.SideOutputs;
import dev.vigil.forecast.ForecastRow;
import dev.vigil.forecast.Resource;
import dev.vigil.model.MetricSample;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ForecastFunctionTest {
    private static final long MIN = 60_000L;
    private static final long HOUR = 60 * MIN;
    private static final double SIZE = 100e9;
    private static final Map<String, String> ROOT = Map.of("mountpoint", "/", "fstype", "ext4");

    private KeyedOneInputStreamOperatorTestHarness<String, ResourceSample, ForecastRow> harness;
    private final MatchResources match = new MatchResources(Resource.DEFAULTS);

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new ForecastFunction(Resource.DEFAULTS, 24 * HOUR, 4 * HOUR, 24 * HOUR, "http://vigil")), new MatchResources.Key(), Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void sample(long t, String metric, double value) throws Exception {
        List<ResourceSample> out = new ArrayList<>();
        match.flatMap(new MetricSample(t, "web-3", metric, value, ROOT), new org.apache.flink.api.common.functions.util.ListCollector<>(out));
        for (ResourceSample r : out) {
            harness.processElement(new StreamRecord<>(r, t));
        }
    }

    /** Free falls from 60% by 1% an hour: it runs out at 60 h. */
    private void fill(long from, long to) throws Exception {
        for (long t = from; t <= to; t += 5 * MIN) {
            sample(t, "node_filesystem_size_bytes", SIZE);
            sample(t, "node_filesystem_avail_bytes", SIZE * (0.60 - 0.01 * t / HOUR));
            harness.processWatermark(t);
        }
    }

    private List<Alert> alerts() {
        return SideOutputs.values(harness, VigilTags.FORECAST_ALERTS);
    }

    @Test
    void aSteadyFillBecomesForecastRowsAndAWarningThenACritical() throws Exception {
        fill(0, 59 * HOUR);
        List<ForecastRow> rows = harness.extractOutputValues();
        ForecastRow last = rows.get(rows.size() - 1);
        assertThat(last.resource()).isEqualTo("filesystem");
        assertThat(last.labels()).containsEntry("mountpoint", "/");
        assertThat(last.limit()).isEqualTo(SIZE);
        assertThat(last.eta()).isBetween(58 * HOUR, 62 * HOUR);
        assertThat(last.etaLower()).isLessThanOrEqualTo(last.eta());
        assertThat(last.ratePerHour()).isBetween(0.009, 0.011);
        // Every row says the disk runs out within a week, so every row carries the model's confidence.
        assertThat(rows).allSatisfy(r -> assertThat(r.confidence()).isNotNull().isBetween(0.0, 1.0));
        assertThat(last.confidence()).isGreaterThan(0.5);

        List<Alert> alerts = alerts();
        assertThat(alerts).extracting(a -> a.labels().get("severity")).containsExactly("warning", "critical");
        Alert warning = alerts.get(0);
        assertThat(warning.labels()).containsEntry("alertname", "FilesystemWillFill").containsEntry("host", "web-3")
                .containsEntry("mountpoint", "/");
        // Warned about a day ahead (the 24 h horizon, confirmed over 15 minutes), not at the first forecast.
        assertThat(60 * HOUR - warning.startsAt()).isBetween(23 * HOUR, 37 * HOUR);
        assertThat(warning.annotations().get("summary")).startsWith("filesystem / on web-3 full in ~");
        assertThat(warning.annotations().get("query")).contains("FROM forecasts");
        assertThat(Double.parseDouble(warning.annotations().get("confidence"))).isBetween(0.0, 1.0);
        assertThat(60 * HOUR - alerts.get(1).startsAt()).isBetween(2 * HOUR, 9 * HOUR);
    }

    @Test
    void aCleanupThatStopsTheFillResolvesTheAlert() throws Exception {
        fill(0, 40 * HOUR);
        assertThat(alerts()).extracting(Alert::status).containsExactly("firing");
        // At 40 h someone frees 60%; from then on the disk stays where it is.
        for (long t = 40 * HOUR + 5 * MIN; t <= 60 * HOUR; t += 5 * MIN) {
            sample(t, "node_filesystem_size_bytes", SIZE);
            sample(t, "node_filesystem_avail_bytes", SIZE * (0.80 + 0.001 * Math.sin(t / (double) HOUR)));
            harness.processWatermark(t);
        }
        assertThat(alerts()).extracting(Alert::status).containsExactly("firing", "resolved");
        assertThat(alerts().get(1).annotations().get("resolved_reason")).contains("not filling");
        // A disk that is not filling gets no ETA and so no confidence.
        ForecastRow flat = harness.extractOutputValues().get(harness.extractOutputValues().size() - 1);
        assertThat(flat.eta()).isNull();
        assertThat(flat.confidence()).isNull();
    }

    @Test
    void aSilentResourceResolvesAndDropsAllStateAndTimers() throws Exception {
        fill(0, 40 * HOUR);
        assertThat(harness.numKeyedStateEntries()).isPositive();
        harness.processWatermark(40 * HOUR + 24 * HOUR);
        assertThat(alerts()).extracting(Alert::status).containsExactly("firing", "resolved");
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void otherMetricsAreNotResources() throws Exception {
        List<ResourceSample> out = new ArrayList<>();
        match.flatMap(new MetricSample(0, "web-3", "node_load1", 1, Map.of()), new org.apache.flink.api.common.functions.util.ListCollector<>(out));
        assertThat(out).isEmpty();
        match.flatMap(new MetricSample(0, "web-3", "node_memory_MemTotal_bytes", 8e9, Map.of()), new org.apache.flink.api.common.functions.util.ListCollector<>(out));
        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.resource()).isEqualTo("memory");
            assertThat(r.limit()).isTrue();
            assertThat(r.key()).isEqualTo("memory|web-3|");
        });
    }

    @Test
    void aCheckpointOfTheForecasterRestoresToTheSameForecasts() throws Exception {
        fill(0, 30 * HOUR);
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot = harness.snapshot(1, 30 * HOUR);
        fill(30 * HOUR + 5 * MIN, 40 * HOUR);
        List<ForecastRow> straight = harness.extractOutputValues();
        try (KeyedOneInputStreamOperatorTestHarness<String, ResourceSample, ForecastRow> restored = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new ForecastFunction(Resource.DEFAULTS, 24 * HOUR, 4 * HOUR, 24 * HOUR, "http://vigil")),
                new MatchResources.Key(), Types.STRING)) {
            restored.initializeState(snapshot);
            restored.open();
            KeyedOneInputStreamOperatorTestHarness<String, ResourceSample, ForecastRow> original = harness;
            harness = restored;
            fill(30 * HOUR + 5 * MIN, 40 * HOUR);
            List<ForecastRow> after = restored.extractOutputValues();
            harness = original;
            assertThat(after).isEqualTo(straight.subList(straight.size() - after.size(), straight.size()));
            assertThat(after).isNotEmpty();
        }
    }
}
