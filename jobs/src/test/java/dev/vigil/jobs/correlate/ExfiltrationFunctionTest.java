package dev.vigil.jobs.correlate;

import dev.vigil.correlate.CorrelationMatch;
import dev.vigil.jobs.metrics.SeriesKey;
import dev.vigil.jobs.VigilTags;
import dev.vigil.model.MetricSample;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ExfiltrationFunctionTest {
    private static final long STEP = 30_000L;

    private static MetricSample sample(long t, double bytes) {
        return new MetricSample(t, "api-1", "node_network_transmit_bytes_total", bytes, Map.of("device", "eth0"));
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, MetricSample, CorrelationMatch> harness() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(new ExfiltrationFunction(10, 1e6, 3), new SeriesKey(), Types.STRING);
    }

    @Test
    void aSeriesHoldsOneExpiryTimerHoweverManySamplesItHad() throws Exception {
        try (var h = harness()) {
            double bytes = 0;
            for (int i = 0; i < 500; i++) {
                bytes += 1e5 * STEP / 1000;
                h.processElement(sample(i * STEP, bytes), i * STEP);
                h.processWatermark(new Watermark(i * STEP));
            }
            // Every buffered sample is processed; what is left is the series' expiry (one timer, not one per sample).
            assertThat(h.numEventTimeTimers()).isEqualTo(1);
            h.processWatermark(new Watermark(500 * STEP + 25 * 3_600_000L));
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void aLateSampleGoesToTheLateOutputInsteadOfVanishing() throws Exception {
        try (var h = harness()) {
            h.processElement(sample(10 * STEP, 1e6), 10 * STEP);
            h.processWatermark(new Watermark(20 * STEP));
            h.processElement(sample(5 * STEP, 5e5), 5 * STEP);
            assertThat(h.getSideOutput(VigilTags.LATE_SAMPLES)).extracting(r -> r.getValue().time()).containsExactly(5 * STEP);
        }
    }
}
