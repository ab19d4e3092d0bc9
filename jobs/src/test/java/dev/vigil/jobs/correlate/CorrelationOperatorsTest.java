package dev.vigil.jobs.correlate;

import dev.vigil.correlate.CorrelationInput;
import dev.vigil.correlate.CorrelationMatch;
import dev.vigil.correlate.Incident;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import dev.vigil.correlate.ControlMessage;
import dev.vigil.correlate.ControlMessages;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CorrelationOperatorsTest {
    private static final long MIN = 60_000;
    private static final String RULES = """
            title: Fail
            name: fail
            logsource: {product: vigil, category: security}
            detection:
              s: {event.action: auth_failure}
              condition: s
            ---
            title: Brute
            name: brute
            correlation:
              type: event_count
              rules: [fail]
              group-by: [source.ip]
              timespan: 10m
              condition: {gte: 3}
            level: high
            """;
    private static final RuleSettings SETTINGS = new RuleSettings(Map.of("t.yml", RULES), null, Duration.ofMinutes(30), "high", "http://v");
    private static final String GROUP = "{\"source.ip\":\"1.2.3.4\"}";

    /** Keyed state entries of the operator under test (the broadcast harness does not count them itself). */
    private static int keyedEntries(org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness<?> h) {
        var op = (org.apache.flink.streaming.api.operators.AbstractStreamOperator<?>) h.getOperator();
        return ((org.apache.flink.runtime.state.heap.HeapKeyedStateBackend<?>) op.getKeyedStateBackend()).numKeyValueStateEntries();
    }

    private static CorrelationInput input(long t) {
        return new CorrelationInput("brute", GROUP, t, "fail", null, "id" + t, "fail at " + t, 1, false);
    }

    private static KeyedBroadcastOperatorTestHarness<String, CorrelationInput, ControlMessage, CorrelationMatch> windows() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new CorrelationWindowFunction(SETTINGS), new Keys.InputKey(),
                Types.STRING, Control.STATE);
    }

    private static KeyedBroadcastOperatorTestHarness<String, CorrelationMatch, ControlMessage, Incident> incidents() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new IncidentFunction(SETTINGS), new Keys.MatchKey(),
                Types.STRING, Control.STATE);
    }

    @Test
    void windowMatchesInEventTimeOrderDespiteArrivalOrder() throws Exception {
        try (var h = windows()) {
            h.processElement(new StreamRecord<>(input(2 * MIN), 2 * MIN));
            h.processElement(new StreamRecord<>(input(0), 0));
            h.processElement(new StreamRecord<>(input(MIN), MIN));
            h.watermark(MIN);
            assertThat(h.extractOutputValues()).isEmpty();
            h.watermark(2 * MIN);
            List<CorrelationMatch> out = h.extractOutputValues();
            assertThat(out).singleElement().satisfies(m -> {
                assertThat(m.time()).isEqualTo(2 * MIN);
                assertThat(m.first()).isZero();
                assertThat(m.aggregate()).isEqualTo(3);
                assertThat(m.events()).containsExactly("id0 fail at 0", "id60000 fail at 60000", "id120000 fail at 120000");
            });
        }
    }

    @Test
    void twoEventsAndOneTooLateDoNotMatchAndTheLateOneGoesAside() throws Exception {
        try (var h = windows()) {
            h.processElement(new StreamRecord<>(input(5 * MIN), 5 * MIN));
            h.processElement(new StreamRecord<>(input(6 * MIN), 6 * MIN));
            h.watermark(6 * MIN);
            h.processElement(new StreamRecord<>(input(4 * MIN), 4 * MIN));
            h.watermark(7 * MIN);
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.getSideOutput(CorrelationWindowFunction.LATE)).hasSize(1);
        }
    }

    @Test
    void windowStateAndTimersAreGoneOneTimespanAfterTheLastEvent() throws Exception {
        try (var h = windows()) {
            for (int i = 0; i < 5; i++) {
                h.processElement(new StreamRecord<>(input(i * MIN), i * MIN));
            }
            h.watermark(4 * MIN);
            assertThat(keyedEntries(h)).isPositive();
            h.watermark(14 * MIN);
            assertThat(keyedEntries(h)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    private static CorrelationMatch match(long t) {
        return new CorrelationMatch("brute", GROUP, t, 0, 3, 3, List.of("e" + t));
    }

    @Test
    void suppressionFoldsMatchesIntoOneIncidentThatClosesAfterAQuietWindow() throws Exception {
        try (var h = incidents()) {
            h.processElement(new StreamRecord<>(match(2 * MIN), 2 * MIN));
            h.processElement(new StreamRecord<>(match(3 * MIN), 3 * MIN));
            h.processElement(new StreamRecord<>(match(20 * MIN), 20 * MIN));
            h.watermark(49 * MIN);
            List<Incident> out = h.extractOutputValues();
            assertThat(out).extracting(Incident::status).containsExactly("open");
            assertThat(out.get(0).count()).isEqualTo(3);
            h.watermark(50 * MIN);
            out = h.extractOutputValues();
            assertThat(out).extracting(Incident::status).containsExactly("open", "closed");
            assertThat(out.get(1).id()).isEqualTo(out.get(0).id());
            assertThat(out.get(1).count()).isEqualTo(5);
            assertThat(out.get(1).last()).isEqualTo(20 * MIN);
            assertThat(keyedEntries(h)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aMatchAfterTheWindowClosesTheOldIncidentAndOpensANewOneEvenWithoutTimers() throws Exception {
        // As in batch mode: timers fire only at the end.
        try (var h = incidents()) {
            h.processElement(new StreamRecord<>(match(0), 0));
            h.processElement(new StreamRecord<>(match(40 * MIN), 40 * MIN));
            List<Incident> out = h.extractOutputValues();
            assertThat(out).extracting(Incident::status).containsExactly("open", "closed", "open");
            assertThat(out.get(2).id()).isNotEqualTo(out.get(0).id());
            assertThat(out.get(1).time()).isEqualTo(30 * MIN);
        }
    }

    @Test
    void aThresholdChangedAtRunTimeAppliesFromTheNextEvent() throws Exception {
        try (var h = windows()) {
            h.processBroadcastElement(ControlMessages.parse("{\"type\":\"rule\",\"rule\":\"brute\",\"condition\":{\"gte\":5}}"), 0);
            for (int i = 0; i < 4; i++) {
                h.processElement(new StreamRecord<>(input(i * MIN), i * MIN));
            }
            h.watermark(4 * MIN - 1);
            assertThat(h.extractOutputValues()).isEmpty();
            h.processElement(new StreamRecord<>(input(4 * MIN), 4 * MIN));
            h.watermark(5 * MIN);
            assertThat(h.extractOutputValues()).singleElement().satisfies(m -> assertThat(m.aggregate()).isEqualTo(5));
        }
    }

    @Test
    void aSuppressionWindowChangedAtRunTimeClosesIncidentsSooner() throws Exception {
        try (var h = incidents()) {
            h.processBroadcastElement(ControlMessages.parse("{\"type\":\"rule\",\"rule\":\"brute\",\"suppression\":\"5m\"}"), 0);
            h.processElement(new StreamRecord<>(match(0), 0));
            h.watermark(5 * MIN);
            assertThat(h.extractOutputValues()).extracting(Incident::status).containsExactly("open", "closed");
        }
    }

    @Test
    void incidentsWhoseGroupIsAnIndicatorCarryIt() throws Exception {
        try (var h = incidents()) {
            h.processBroadcastElement(ControlMessages.parse("{\"type\":\"ioc\",\"kind\":\"cidr\",\"value\":\"1.2.3.0/24\",\"list\":\"bad\"}"), 0);
            h.processElement(new StreamRecord<>(match(0), 0));
            assertThat(h.extractOutputValues()).singleElement().satisfies(i -> assertThat(i.intel()).containsExactly("cidr 1.2.3.0/24 (bad)"));
        }
    }

    @Test
    void everyMatchOfAnEnabledCorrelationGoesToTheChainNotOnlyTheOpening() throws Exception {
        try (var h = incidents()) {
            h.processElement(new StreamRecord<>(match(0), 0));
            h.processElement(new StreamRecord<>(match(MIN), MIN));
            assertThat(h.extractOutputValues()).hasSize(1);
            assertThat(h.getSideOutput(IncidentFunction.CHAIN)).hasSize(2);
            h.processBroadcastElement(ControlMessages.parse("{\"type\":\"rule\",\"rule\":\"brute\",\"enabled\":false}"), 0);
            h.processElement(new StreamRecord<>(match(2 * MIN), 2 * MIN));
            assertThat(h.getSideOutput(IncidentFunction.CHAIN)).hasSize(2);
        }
    }

    @Test
    void raisingTheSuppressionWindowDelaysTheCloseAndLeavesNoState() throws Exception {
        try (var h = incidents()) {
            h.processElement(new StreamRecord<>(match(0), 0));
            h.processBroadcastElement(ControlMessages.parse("{\"type\":\"rule\",\"rule\":\"brute\",\"suppression\":\"2h\"}"), 0);
            h.watermark(60 * MIN);
            assertThat(h.extractOutputValues()).extracting(Incident::status).containsExactly("open");
            h.watermark(120 * MIN);
            assertThat(h.extractOutputValues()).extracting(Incident::status).containsExactly("open", "closed");
            assertThat(keyedEntries(h)).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
