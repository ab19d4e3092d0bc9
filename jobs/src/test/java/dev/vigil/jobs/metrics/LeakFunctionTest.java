package dev.vigil.jobs.metrics;

import dev.vigil.jobs.VigilTags;

import dev.vigil.alert.Alert;
import dev.vigil.jobs.testing.SideOutputs;
import dev.vigil.forecast.ForecastRow;
import dev.vigil.model.MetricSample;
import dev.vigil.simulate.ForecastScenarios;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LeakFunctionTest {
    private static final long HOUR = 3_600_000L;
    private KeyedOneInputStreamOperatorTestHarness<String, MetricSample, ForecastRow> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new LeakFunction("process_resident_memory_bytes",
                "node_memory_MemTotal_bytes", 4 * HOUR, 24 * HOUR, "http://vigil")), new HostKey(), Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /** Feeds one host's memory and both simulated processes (the leak and the warming cache) on it. */
    private long feed() throws Exception {
        List<ForecastScenarios.MemorySeries> all = ForecastScenarios.memory(Instant.parse("2026-11-01T00:00:00Z"), 9, 300_000L, 5);
        long end = 0;
        int n = all.get(0).times().length;
        for (int i = 0; i < n; i++) {
            long t = all.get(0).times()[i];
            harness.processElement(new StreamRecord<>(new MetricSample(t, "web-3", "node_memory_MemTotal_bytes", 8e9, Map.of()), t));
            for (ForecastScenarios.MemorySeries m : all) {
                if (i < m.times().length) {
                    harness.processElement(new StreamRecord<>(new MetricSample(t, "web-3", "process_resident_memory_bytes", m.resident()[i],
                            Map.of("job", m.kind())), t));
                }
            }
            harness.processWatermark(t);
            end = t;
        }
        return end;
    }

    private List<Alert> alerts() {
        return SideOutputs.values(harness, VigilTags.FORECAST_ALERTS);
    }

    @Test
    void theLeakingProcessGetsOneMemoryLeakAlertAndForecastRowsTheWarmingCacheNone() throws Exception {
        feed();
        List<Alert> alerts = alerts();
        assertThat(alerts).extracting(a -> a.labels().get("job")).containsOnly("leak_with_restarts");
        Alert first = alerts.get(0);
        assertThat(first.labels()).containsEntry("alertname", "MemoryLeak").containsEntry("host", "web-3")
                .containsEntry("process", "leak_with_restarts");
        assertThat(first.annotations().get("summary")).startsWith("memory leak in leak_with_restarts on web-3: OOM in ~");
        List<ForecastRow> rows = harness.extractOutputValues();
        assertThat(rows).isNotEmpty().allSatisfy(r -> {
            assertThat(r.resource()).isEqualTo("process-memory");
            assertThat(r.labels()).containsEntry("job", "leak_with_restarts");
            assertThat(r.eta()).isGreaterThan(r.time());
            assertThat(r.method()).startsWith("leak-");
        });
    }

    @Test
    void aSilentHostResolvesItsLeakAndDropsAllState() throws Exception {
        long end = feed();
        assertThat(alerts()).extracting(Alert::status).contains("firing");
        harness.processWatermark(end + 24 * HOUR);
        assertThat(alerts().get(alerts().size() - 1).status()).isEqualTo("resolved");
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
