package dev.vigil.decode;

import dev.vigil.model.SecurityEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EcsJsonDecoderTest {
    private static final long RECEIVED = java.time.Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
    private final EcsJsonDecoder decoder = new EcsJsonDecoder(DecoderOptions.defaults());

    private CollectingOutput decode(String json) throws DecodeException {
        CollectingOutput out = new CollectingOutput();
        decoder.decode(json, RECEIVED, out);
        return out;
    }

    @Test
    void aProcessStartIsAProcessExecWithItsParent() throws Exception {
        // Elastic Agent's auditd_manager / Auditbeat shape: nested objects.
        SecurityEvent e = decode("{\"@timestamp\":\"2026-11-30T10:00:00.000Z\",\"host\":{\"name\":\"web-01\"},"
                + "\"event\":{\"category\":[\"process\"],\"type\":[\"start\"],\"action\":\"executed\",\"outcome\":\"success\"},"
                + "\"process\":{\"pid\":4242,\"executable\":\"/usr/bin/curl\",\"args\":[\"curl\",\"-s\",\"http://198.51.100.2/x\"],"
                + "\"working_directory\":\"/tmp\",\"parent\":{\"pid\":4200,\"executable\":\"/usr/bin/bash\",\"args\":[\"bash\",\"-i\"]}},"
                + "\"user\":{\"name\":\"www-data\",\"id\":\"33\"}}").security.get(0);
        assertThat(e.action()).isEqualTo("process_exec");
        assertThat(e.host()).isEqualTo("web-01");
        assertThat(e.user()).isEqualTo("www-data");
        assertThat(e.process()).isEqualTo("curl");
        assertThat(e.attributes()).containsEntry("process.command_line", "curl -s http://198.51.100.2/x")
                .containsEntry("process.parent.executable", "/usr/bin/bash").containsEntry("process.parent.command_line", "bash -i")
                .containsEntry("process.working_directory", "/tmp").containsEntry("process.pid", "4242").containsEntry("user.id", "33");
    }

    @Test
    void dottedKeysReadAsNestedOnesAndAuthenticationsAreAuthEvents() throws Exception {
        SecurityEvent e = decode("{\"@timestamp\":\"2026-11-30T10:00:01Z\",\"host.name\":\"bastion-01\",\"event.category\":\"authentication\","
                + "\"event.outcome\":\"failure\",\"user.name\":\"root\",\"source.ip\":\"203.0.113.9\"}").security.get(0);
        assertThat(e.action()).isEqualTo("auth_failure");
        assertThat(e.sourceIp()).isEqualTo("203.0.113.9");
        assertThat(e.user()).isEqualTo("root");
    }

    @Test
    void aFilebeatSystemAuthLineIsALogWithTheFactsSyslogFinds() throws Exception {
        CollectingOutput out = decode("{\"@timestamp\":\"2026-11-30T10:00:02.000Z\",\"host\":{\"hostname\":\"db-01\"},"
                + "\"event\":{\"dataset\":\"system.auth\"},\"process\":{\"name\":\"sshd\",\"pid\":811},"
                + "\"message\":\"Failed password for root from 198.51.100.7 port 4242 ssh2\"}");
        assertThat(out.logs).hasSize(1);
        assertThat(out.logs.get(0).app()).isEqualTo("sshd");
        assertThat(out.logs.get(0).attributes()).containsEntry("event.dataset", "system.auth");
        assertThat(out.security).extracting(SecurityEvent::action).containsExactly("auth_failure");
    }

    @Test
    void whatCannotBeMappedNamesTheField() {
        assertThatThrownBy(() -> decode("{\"host\":{\"name\":\"x\"},\"message\":\"m\"}")).hasMessageContaining("'@timestamp'");
        assertThatThrownBy(() -> decode("{\"@timestamp\":\"yesterday\",\"message\":\"m\"}")).hasMessageContaining("'@timestamp'");
        assertThatThrownBy(() -> decode("{\"@timestamp\":\"2026-11-30T10:00:02Z\",\"event\":{\"category\":\"process\",\"type\":\"start\"},"
                + "\"process\":{\"executable\":\"\",\"args\":[]}}")).hasMessageContaining("'process.executable'");
        assertThatThrownBy(() -> decode("{\"@timestamp\":\"2026-11-30T10:00:02Z\"}")).hasMessageContaining("'message'");
        assertThatThrownBy(() -> decode("{\"@timestamp\":\"2026-11-30T10:00:02Z\",\"host\":{\"name\":\"x\"}}"))
                .hasMessageContaining("'event.action'");
        assertThatThrownBy(() -> decode("{\"@timestamp\":\"2026-11-30T10:00:02Z\",\"message\":\"m\",\"process\":{\"pid\":\"x\"}}"))
                .hasMessageContaining("'process.pid'");
    }

    @Test
    void autoReadsEcsDocuments() throws Exception {
        CollectingOutput out = new CollectingOutput();
        new AutoDecoder(DecoderOptions.defaults()).decode("{\"@timestamp\":\"2026-11-30T10:00:02Z\",\"message\":\"hello\"}", RECEIVED, out);
        assertThat(out.logs).hasSize(1);
    }

    @Test
    void everyDocumentOfFilebeatsAuditdOutputIsReadNoneDeadLettered() throws Exception {
        // Filebeat's expected output for its useradd.log test (elastic/beats, see SOURCES.md): ECS as Filebeat ships it.
        com.fasterxml.jackson.databind.JsonNode docs;
        try (java.io.InputStream in = getClass().getResourceAsStream("/agents/ecs/useradd.log-expected.json")) {
            docs = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
        }
        CollectingOutput out = new CollectingOutput();
        for (com.fasterxml.jackson.databind.JsonNode d : docs) {
            decoder.decode(d.toString(), RECEIVED, out);
        }
        assertThat(out.security).extracting(SecurityEvent::action).containsExactly("group_added", "group_added", "group_added",
                "user_added", "auth_success", "password_changed", "auth_success", "auth_success");
        assertThat(out.security.get(5).targetUser()).isEqualTo("charlie");
        assertThat(out.logs).isEmpty();
    }
}
