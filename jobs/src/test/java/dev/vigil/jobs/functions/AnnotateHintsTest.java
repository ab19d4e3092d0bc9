package dev.vigil.jobs.functions;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertHints;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AnnotateHintsTest {
    private static final long MIN = 60_000L;

    private static KeyedOneInputStreamOperatorTestHarness<String, Alert, Alert> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new AnnotateHints(30 * MIN)),
                new AnnotateHints.ByHost(), Types.STRING);
        h.open();
        return h;
    }

    private static Alert alert(String name, String host, long t) {
        return Alert.firing(t, host == null ? Map.of("alertname", name) : Map.of("alertname", name, "host", host), Map.of(), "http://vigil");
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<String, Alert, Alert> h, Alert a) throws Exception {
        h.processElement(new StreamRecord<>(a, a.time()));
    }

    private static String hints(KeyedOneInputStreamOperatorTestHarness<String, Alert, Alert> h, String alertname) throws Exception {
        h.processWatermark(Long.MAX_VALUE - 1);
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
            h.processWatermark(20 * MIN);
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
            h.processWatermark(10 * MIN);
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);
            h.processWatermark(40 * MIN);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
            send(h, alert("Later", "web-3", 41 * MIN));
            assertThat(hints(h, "Later")).isEmpty();
        }
    }
}
