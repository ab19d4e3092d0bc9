package dev.vigil.jobs.correlate;

import dev.vigil.correlate.ControlMessage;
import dev.vigil.correlate.ControlMessages;
import dev.vigil.correlate.CorrelationInput;
import dev.vigil.correlate.SigmaRules;
import dev.vigil.jobs.ingest.Envelope;
import dev.vigil.model.SecurityAction;
import dev.vigil.model.SecurityEvent;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SigmaDetectTest {
    private static final RuleSettings SETTINGS = new RuleSettings(RuleTexts.builtin(), null, Duration.ofMinutes(30), "high", "http://v");

    private static BroadcastOperatorTestHarness<Envelope, ControlMessage, CorrelationInput> harness() throws Exception {
        return ProcessFunctionTestHarnesses.forBroadcastProcessFunction(new SigmaDetect(SETTINGS), Control.STATE);
    }

    private static Envelope failure(String ip) {
        return Envelope.of(SecurityEvent.builder(1000, "web-1", SecurityAction.AUTH_FAILURE, "failure")
                .user("root").sourceIp(ip).sourcePort(22).process("sshd").build());
    }

    @Test
    void routesAMatchToEveryCorrelationThatConsumesItsRule() throws Exception {
        try (var h = harness()) {
            h.processElement(failure("203.0.113.7"), 1000);
            assertThat(h.extractOutputValues()).extracting(CorrelationInput::correlation)
                    .contains("6c4ad3a1-3f0e-4c5e-9a61-0f3a6e1f0b01", "6c4ad3a1-3f0e-4c5e-9a61-0f3a6e1f0b02")
                    .allSatisfy(c -> assertThat(c).doesNotEndWith(SigmaRules.STANDALONE));
            assertThat(h.extractOutputValues()).allSatisfy(i -> assertThat(i.groupKey()).isEqualTo("{\"source.ip\":\"203.0.113.7\"}"));
        }
    }

    @Test
    void aRuleDisabledAtRunTimeStopsFeedingItsCorrelationsAndCanComeBack() throws Exception {
        try (var h = harness()) {
            h.processBroadcastElement(ControlMessages.parse("{\"type\":\"rule\",\"rule\":\"vigil_ssh_brute_force\",\"enabled\":false}"), 0);
            h.processElement(failure("203.0.113.7"), 1000);
            assertThat(h.extractOutputValues()).extracting(CorrelationInput::correlation)
                    .doesNotContain("6c4ad3a1-3f0e-4c5e-9a61-0f3a6e1f0b01").contains("6c4ad3a1-3f0e-4c5e-9a61-0f3a6e1f0b02");
            h.processBroadcastElement(ControlMessages.parse("{\"type\":\"rule\",\"rule\":\"vigil_ssh_auth_failure\",\"enabled\":false}"), 0);
            h.processElement(failure("203.0.113.8"), 2000);
            assertThat(h.extractOutputValues()).noneMatch(i -> i.groupKey().contains("203.0.113.8"));
            h.processBroadcastElement(ControlMessages.parse("{\"type\":\"rule\",\"rule\":\"vigil_ssh_auth_failure\",\"enabled\":true}"), 0);
            h.processElement(failure("203.0.113.9"), 3000);
            assertThat(h.extractOutputValues()).anyMatch(i -> i.groupKey().contains("203.0.113.9"));
        }
    }

    @Test
    void anIndicatorAddedAtRunTimeRaisesThreatIntelInputsUntilRemoved() throws Exception {
        try (var h = harness()) {
            h.processBroadcastElement(ControlMessages.parse("{\"type\":\"ioc\",\"kind\":\"ip\",\"value\":\"198.51.100.4\",\"list\":\"feed\"}"), 0);
            h.processElement(failure("198.51.100.4"), 1000);
            assertThat(h.extractOutputValues()).filteredOn(i -> i.correlation().equals(SigmaRules.THREAT_INTEL.id()))
                    .singleElement().satisfies(i -> {
                        assertThat(i.groupKey()).isEqualTo("{\"threat.indicator\":\"198.51.100.4\"}");
                        assertThat(i.summary()).contains("list feed");
                    });
            h.processBroadcastElement(ControlMessages.parse("{\"type\":\"ioc\",\"kind\":\"ip\",\"value\":\"198.51.100.4\",\"action\":\"remove\"}"), 0);
            h.processElement(failure("198.51.100.4"), 2000);
            assertThat(h.extractOutputValues()).filteredOn(i -> i.correlation().equals(SigmaRules.THREAT_INTEL.id())).hasSize(1);
        }
    }
}
