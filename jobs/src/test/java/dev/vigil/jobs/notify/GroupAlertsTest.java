package dev.vigil.jobs.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alert.Alert;
import dev.vigil.correlate.ControlMessage;
import dev.vigil.notify.Notification;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GroupAlertsTest {
    private static final long S = 1000L;
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ROUTING = """
            route:
              receiver: ops
              group_by: [host]
              group_wait: 30s
              group_interval: 5m
              repeat_interval: 1h
            receivers:
              - name: ops
                webhook_configs: [{url: "http://127.0.0.1:1/hook"}]
            inhibit_rules:
              - source_matchers: ['severity="critical"']
                target_matchers: ['severity="warning"']
                equal: [host]
            """;

    private static KeyedBroadcastOperatorTestHarness<String, RoutedAlert, MuteUpdate, Notification> harness() throws Exception {
        var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new GroupAlerts(ROUTING, "http://vigil"),
                new AlertDelivery.GroupKey(), Types.STRING, NotifyState.MUTES);
        h.open();
        return h;
    }

    private static Alert alert(String name, String severity, String host, long t) {
        return Alert.firing(t, Map.of("alertname", name, "severity", severity, "host", host), Map.of("summary", name), "http://vigil");
    }

    /** Routes an alert as the job does, and broadcasts it as a possible inhibition source. */
    private static void send(KeyedBroadcastOperatorTestHarness<String, RoutedAlert, MuteUpdate, Notification> h, Alert a) throws Exception {
        List<RoutedAlert> routed = new ArrayList<>();
        RouteAlerts route = new RouteAlerts(ROUTING);
        route.open(null);
        route.flatMap(a, new Collector<>() {
            @Override
            public void collect(RoutedAlert r) {
                routed.add(r);
            }

            @Override
            public void close() {}
        });
        h.processBroadcastElement(new StreamRecord<>(MuteUpdate.of(a), a.time()));
        for (RoutedAlert r : routed) {
            h.processElement(new StreamRecord<>(r, a.time()));
        }
    }

    /** Both inputs carry the alerts' event time in the job, so both advance together. */
    private static void watermark(KeyedBroadcastOperatorTestHarness<String, RoutedAlert, MuteUpdate, Notification> h, long t) throws Exception {
        h.processWatermark(t);
        h.processBroadcastWatermark(t);
    }

    private static List<String> alertnames(Notification n) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode a : JSON.readTree(n.body()).path("alerts")) {
            out.add(a.path("labels").path("alertname").asText() + ":" + a.path("status").asText());
        }
        return out;
    }

    @Test
    void aNewGroupWaitsThenChangesWaitForTheIntervalAndResolvedGroupsLeaveNoState() throws Exception {
        try (var h = harness()) {
            send(h, alert("DiskFull", "warning", "web-1", 0));
            send(h, alert("CpuHigh", "warning", "web-1", 10 * S));
            watermark(h, 29 * S);
            assertThat(h.extractOutputValues()).isEmpty();
            watermark(h, 30 * S);
            List<Notification> out = h.extractOutputValues();
            assertThat(out).singleElement().satisfies(n -> {
                assertThat(n.groupKey()).isEqualTo("0:{host=\"web-1\"}");
                assertThat(n.endpoint()).isEqualTo("ops/webhook#0");
                assertThat(n.time()).isEqualTo(30 * S);
            });
            assertThat(alertnames(out.get(0))).containsExactly("DiskFull:firing", "CpuHigh:firing");

            // A resolution at 60 s goes out at the next tick, 5 min after the first notification.
            Alert resolved = alert("DiskFull", "warning", "web-1", 0).resolve(60 * S, Map.of());
            send(h, resolved);
            watermark(h, 329 * S);
            assertThat(h.extractOutputValues()).hasSize(1);
            watermark(h, 330 * S);
            assertThat(h.extractOutputValues()).hasSize(2);
            assertThat(alertnames(h.extractOutputValues().get(1))).containsExactly("DiskFull:resolved", "CpuHigh:firing");

            // Nothing changes: the next notification is the repeat, an hour after the last one.
            watermark(h, 330 * S + 3_599 * S);
            assertThat(h.extractOutputValues()).hasSize(2);
            watermark(h, 330 * S + 3_600 * S);
            assertThat(h.extractOutputValues()).hasSize(3);

            send(h, alert("CpuHigh", "warning", "web-1", 10 * S).resolve(4_000 * S, Map.of()));
            watermark(h, 10_000 * S);
            assertThat(alertnames(h.extractOutputValues().get(3))).containsExactly("CpuHigh:resolved");
            assertThat(h.numEventTimeTimers()).isZero();
            var op = (org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>) h.getOperator();
            assertThat(((org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>) op.getKeyedStateBackend()).numKeyValueStateEntries()).isZero();
        }
    }

    @Test
    void aOneShotAlertIsNotifiedFiringThenResolvedOnceItsEndHasPassedAndLeavesNoState() throws Exception {
        try (var h = harness()) {
            Alert firing = alert("KafkaRecordsLost", "critical", "web-1", 0);
            // As GapAlerts and LogAnomaly alerts carry it: firing, with the end an hour on.
            send(h, new Alert(0, Alert.FIRING, firing.labels(), firing.annotations(), 0, 3_600 * S, firing.generatorUrl(),
                    firing.fingerprint()));
            watermark(h, 30 * S);
            assertThat(alertnames(h.extractOutputValues().get(0))).containsExactly("KafkaRecordsLost:firing");
            watermark(h, 3_599 * S);
            assertThat(h.extractOutputValues()).hasSize(1);
            watermark(h, 3_630 * S);
            assertThat(h.extractOutputValues()).hasSize(2);
            assertThat(alertnames(h.extractOutputValues().get(1))).containsExactly("KafkaRecordsLost:resolved");
            watermark(h, 20_000 * S);
            assertThat(h.extractOutputValues()).hasSize(2);
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aTickNotifiesTheGroupAsItStoodThenEvenWhenALaterResolutionArrivedFirst() throws Exception {
        // During a catch-up an alert and its resolution six minutes later can both arrive before the
        // watermark passes the group's first tick: the tick still notifies it firing, the next one resolved.
        try (var h = harness()) {
            Alert firing = alert("MetricAnomaly", "warning", "db-3", 0);
            send(h, firing);
            send(h, firing.resolve(360 * S, Map.of()));
            watermark(h, 30 * S);
            assertThat(h.extractOutputValues()).hasSize(1);
            assertThat(alertnames(h.extractOutputValues().get(0))).containsExactly("MetricAnomaly:firing");
            watermark(h, 330 * S);
            assertThat(h.extractOutputValues()).hasSize(1);
            watermark(h, 630 * S);
            assertThat(h.extractOutputValues()).hasSize(2);
            assertThat(alertnames(h.extractOutputValues().get(1))).containsExactly("MetricAnomaly:resolved");
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void theSameTickGivesTheSameIdSoRestartsDuplicateOnlyWithIt() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (var h = harness()) {
                send(h, alert("DiskFull", "warning", "web-1", 0));
                watermark(h, 30 * S);
                ids.add(h.extractOutputValues().get(0).id());
            }
        }
        assertThat(ids.get(0)).startsWith("vigil-").isEqualTo(ids.get(1));
    }

    @Test
    void aCriticalAlertInhibitsTheWarningsOfItsHostAndASilenceMutesWhatItMatches() throws Exception {
        try (var h = harness()) {
            send(h, alert("DiskFull", "critical", "web-1", 0));
            send(h, alert("DiskSlow", "warning", "web-1", 0));
            send(h, alert("DiskSlow", "warning", "web-2", 0));
            send(h, alert("CpuHigh", "warning", "web-3", 0));
            h.processBroadcastElement(new StreamRecord<>(MuteUpdate.of(ControlMessage.silence("s1", "add",
                    List.of("host=\"web-3\""), 0, 3_600 * S)), 0L));
            watermark(h, 30 * S);
            assertThat(sentByHost(h.extractOutputValues())).containsExactlyInAnyOrder("web-1/DiskFull:firing", "web-2/DiskSlow:firing");

            // The silence expires: web-3's alert goes out at its group's next tick.
            h.processBroadcastElement(new StreamRecord<>(MuteUpdate.of(ControlMessage.silence("s1", "expire", List.of(), 0, 0)), 40 * S));
            watermark(h, 330 * S);
            assertThat(h.extractOutputValues()).anySatisfy(n -> assertThat(alertnames(n)).containsExactly("CpuHigh:firing"));
        }
    }

    @Test
    void anInhibitionFromTheControlStreamMutesUntilItExpires() throws Exception {
        try (var h = harness()) {
            // A host that is down explains every other alert of that host.
            h.processBroadcastElement(new StreamRecord<>(MuteUpdate.of(ControlMessage.inhibit("down", "add",
                    List.of("alertname=\"HostDown\""), List.of("alertname!=\"HostDown\""), List.of("host"))), 0L));
            send(h, alert("HostDown", "warning", "web-1", 0));
            send(h, alert("CpuHigh", "warning", "web-1", 0));
            send(h, alert("CpuHigh", "warning", "web-2", 0));
            watermark(h, 30 * S);
            assertThat(sentByHost(h.extractOutputValues())).containsExactlyInAnyOrder("web-1/HostDown:firing", "web-2/CpuHigh:firing");

            h.processBroadcastElement(new StreamRecord<>(MuteUpdate.of(ControlMessage.inhibit("down", "expire", List.of(), List.of(),
                    List.of())), 40 * S));
            h.getOutput().clear();
            watermark(h, 330 * S);
            assertThat(sentByHost(h.extractOutputValues())).containsExactly("web-1/CpuHigh:firing", "web-1/HostDown:firing");
        }
    }

    private static List<String> sentByHost(List<Notification> notifications) throws Exception {
        List<String> sent = new ArrayList<>();
        for (Notification n : notifications) {
            for (String a : alertnames(n)) {
                sent.add(JSON.readTree(n.body()).path("groupLabels").path("host").asText() + "/" + a);
            }
        }
        return sent;
    }
}
