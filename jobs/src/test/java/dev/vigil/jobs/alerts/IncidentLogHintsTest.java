package dev.vigil.jobs.alerts;

import dev.vigil.correlate.Incident;
import dev.vigil.logs.TemplateWindow;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IncidentLogHintsTest {
    private static final long MIN = 60_000L;
    private static final String EXT4 = "[disk] kernel \"EXT4-fs error (device <*>)\" new: 20 lines in 10 min ending 2 min before";

    private static KeyedTwoInputStreamOperatorTestHarness<String, Incident, TemplateWindow, Incident> harness() throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new IncidentLogHints(30 * MIN)),
                new IncidentLogHints.ByHost(), new AnnotateHints.WindowByHost(), Types.STRING);
        h.open();
        return h;
    }

    private static Incident incident(String status, Map<String, String> group, long time, long first) {
        return new Incident("inc-1", status, time, "r1", "crash_loop", "Crash loop", "high", List.of(), group.toString(), group,
                first, time, 5, List.of(), "summary", List.of(), List.of());
    }

    private static void window(KeyedTwoInputStreamOperatorTestHarness<String, Incident, TemplateWindow, Incident> h, String host, long end)
            throws Exception {
        h.processElement2(new StreamRecord<>(new TemplateWindow(end - 10 * MIN, end, host, "kernel", "t1", "EXT4-fs error (device <*>)",
                "disk", end - 10 * MIN, end - 1, 20, 0, 20), end - 1));
    }

    @Test
    void theOpeningRowGetsTheHostsRisesBeforeItsFirstEventAndTheClosingRowRepeatsThem() throws Exception {
        try (var h = harness()) {
            Map<String, String> group = Map.of("host.name", "web-3");
            // The incident arrives before the window that ended before it: it waits for the watermark.
            h.processElement1(new StreamRecord<>(incident(Incident.OPEN, group, 25 * MIN, 22 * MIN), 25 * MIN));
            window(h, "web-3", 20 * MIN);
            window(h, "web-4", 20 * MIN);
            assertThat(h.extractOutputValues()).isEmpty();
            h.processBothWatermarks(new Watermark(25 * MIN));
            assertThat(h.extractOutputValues()).singleElement().satisfies(i -> assertThat(i.logHints()).containsExactly(EXT4));

            // Long after the windows are forgotten, the closing row still carries the opening row's hints.
            h.processElement1(new StreamRecord<>(incident(Incident.CLOSED, group, 300 * MIN, 22 * MIN), 300 * MIN));
            h.processBothWatermarks(new Watermark(300 * MIN));
            assertThat(h.extractOutputValues()).hasSize(2).last().satisfies(i -> {
                assertThat(i.status()).isEqualTo(Incident.CLOSED);
                assertThat(i.logHints()).containsExactly(EXT4);
            });
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void anIncidentWithoutAHostPassesAtOnceWithoutHints() throws Exception {
        try (var h = harness()) {
            h.processElement1(new StreamRecord<>(incident(Incident.OPEN, Map.of("source.ip", "1.2.3.4"), 25 * MIN, 22 * MIN), 25 * MIN));
            assertThat(h.extractOutputValues()).singleElement().satisfies(i -> assertThat(i.logHints()).isEmpty());
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }
}
