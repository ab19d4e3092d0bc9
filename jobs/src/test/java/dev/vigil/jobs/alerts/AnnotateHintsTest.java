package dev.vigil.jobs.alerts;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertHints;
import org.apache.flink.api.common.typeinfo.Types;
import dev.vigil.logs.TemplateHints;
import dev.vigil.logs.TemplateWindow;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AnnotateHintsTest {
    private static final long MIN = 60_000L;

    private static KeyedTwoInputStreamOperatorTestHarness<String, Alert, TemplateWindow, Alert> harness() throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new AnnotateHints(30 * MIN)),
                new AnnotateHints.ByHost(), new AnnotateHints.WindowByHost(), Types.STRING);
        h.open();
        return h;
    }

    private static Alert alert(String name, String host, long t) {
        return Alert.firing(t, host == null ? Map.of("alertname", name) : Map.of("alertname", name, "host", host), Map.of(), "http://vigil");
    }

    private static void send(KeyedTwoInputStreamOperatorTestHarness<String, Alert, TemplateWindow, Alert> h, Alert a) throws Exception {
        h.processElement1(new StreamRecord<>(a, a.time()));
    }

    private static void watermark(KeyedTwoInputStreamOperatorTestHarness<String, Alert, TemplateWindow, Alert> h, long time) throws Exception {
        h.processBothWatermarks(new Watermark(time));
    }

    /** A 10-minute template window on {@code host} ending at {@code end}. */
    private static TemplateWindow window(String host, String template, long end, long count, double baseline) {
        return new TemplateWindow(end - 10 * MIN, end, host, "kernel", "id-" + template.hashCode(), template, "disk",
                baseline == 0 ? end - 10 * MIN : 0, end - 1, count, baseline, (count - baseline) / Math.sqrt(baseline + 1));
    }

    private static String hints(KeyedTwoInputStreamOperatorTestHarness<String, Alert, TemplateWindow, Alert> h, String alertname) throws Exception {
        watermark(h, Long.MAX_VALUE - 1);
        for (Alert a : h.extractOutputValues()) {
            if (a.alertname().equals(alertname)) {
                return a.annotations().getOrDefault(AlertHints.ANNOTATION, "");
            }
        }
        throw new AssertionError("no output alert " + alertname);
    }

    @Test
    void aFiringAlertNamesTheEarlierAlertsOfItsHostOnly() throws Exception {
        try (var h = harness()) {
            send(h, alert("DiskFull", "web-3", 0));
            send(h, alert("CpuHigh", "web-4", 5 * MIN));
            send(h, alert("NoHost", null, 6 * MIN));
            send(h, alert("ApiLatency", "web-3", 10 * MIN));
            assertThat(hints(h, "ApiLatency")).isEqualTo("Earlier on this host: DiskFull 10 min before");
            assertThat(hints(h, "DiskFull")).isEmpty();
            assertThat(hints(h, "CpuHigh")).isEmpty();
            assertThat(hints(h, "NoHost")).isEmpty();
        }
    }

    @Test
    void aResolutionPassesThroughAndLaterHintsSayResolved() throws Exception {
        try (var h = harness()) {
            Alert disk = alert("DiskFull", "web-3", 0);
            send(h, disk);
            send(h, disk.resolve(2 * MIN, Map.of()));
            send(h, alert("ApiLatency", "web-3", 10 * MIN));
            watermark(h, 20 * MIN);
            List<Alert> out = h.extractOutputValues();
            assertThat(out.get(1).status()).isEqualTo(Alert.RESOLVED);
            assertThat(out.get(1).annotations()).doesNotContainKey(AlertHints.ANNOTATION);
            assertThat(hints(h, "ApiLatency")).isEqualTo("Earlier on this host: DiskFull 10 min before, resolved since");
        }
    }

    @Test
    void hintsDoNotDependOnArrivalOrder() throws Exception {
        try (var h = harness()) {
            // The later alert arrives first; the watermark puts them back in time order.
            send(h, alert("ApiLatency", "web-3", 10 * MIN));
            send(h, alert("DiskFull", "web-3", 0));
            assertThat(hints(h, "ApiLatency")).isEqualTo("Earlier on this host: DiskFull 10 min before");
            assertThat(h.extractOutputValues()).extracting(Alert::alertname).containsExactly("DiskFull", "ApiLatency");
        }
    }

    @Test
    void alertsAreForgottenOnceTheWindowHasPassed() throws Exception {
        try (var h = harness()) {
            send(h, alert("DiskFull", "web-3", 0));
            send(h, alert("ApiLatency", "web-3", 10 * MIN));
            watermark(h, 10 * MIN);
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);
            watermark(h, 40 * MIN);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            send(h, alert("Later", "web-3", 41 * MIN));
            assertThat(hints(h, "Later")).isEmpty();
        }
    }

    @Test
    void aFiringAlertNamesItsHostsTemplatesThatRoseInTheWindowBefore() throws Exception {
        try (var h = harness()) {
            h.processElement2(new StreamRecord<>(window("web-3", "EXT4-fs error (device <*>): <*>", 20 * MIN, 20, 0), 20 * MIN - 1));
            h.processElement2(new StreamRecord<>(window("web-3", "CRON session opened", 20 * MIN, 7, 6.0), 20 * MIN - 1));
            h.processElement2(new StreamRecord<>(window("web-4", "I/O error, dev <*>", 20 * MIN, 50, 0), 20 * MIN - 1));
            send(h, alert("ApiLatency", "web-3", 25 * MIN));
            send(h, alert("CpuHigh", "web-5", 25 * MIN));
            watermark(h, 30 * MIN);
            List<Alert> out = h.extractOutputValues();
            // Ordinary chatter (7 lines against a usual 6) is no hint; the other host's errors are not this host's.
            assertThat(out.get(0).annotations()).containsEntry(TemplateHints.ANNOTATION,
                    "[disk] kernel \"EXT4-fs error (device <*>): <*>\" new: 20 lines in 10 min ending 5 min before");
            assertThat(out.get(1).annotations()).doesNotContainKey(TemplateHints.ANNOTATION);
        }
    }

    @Test
    void templateWindowsAfterTheAlertsStartOrTooLongBeforeAreNoHints() throws Exception {
        try (var h = harness()) {
            h.processElement2(new StreamRecord<>(window("web-3", "too early", 10 * MIN, 30, 0), 10 * MIN - 1));
            h.processElement2(new StreamRecord<>(window("web-3", "during", 50 * MIN, 30, 0), 50 * MIN - 1));
            send(h, alert("ApiLatency", "web-3", 45 * MIN));
            watermark(h, 60 * MIN);
            assertThat(h.extractOutputValues().get(0).annotations()).doesNotContainKey(TemplateHints.ANNOTATION);
        }
    }

    @Test
    void templateWindowsAreForgottenTwiceTheWindowAfterTheyEnd() throws Exception {
        try (var h = harness()) {
            h.processElement2(new StreamRecord<>(window("web-3", "EXT4-fs error", 20 * MIN, 20, 0), 20 * MIN - 1));
            h.processElement2(new StreamRecord<>(window("web-9", "chatter", 20 * MIN, 7, 6.0), 20 * MIN - 1));
            assertThat(h.numKeyedStateEntries()).as("web-9's ordinary window is not kept").isEqualTo(1);
            watermark(h, 79 * MIN);
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);
            watermark(h, 80 * MIN);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
