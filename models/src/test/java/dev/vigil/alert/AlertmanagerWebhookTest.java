package dev.vigil.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlertmanagerWebhookTest {
    @Test
    void payloadHasVersion4ShapeAndZeroEndsAtWhileFiring() throws Exception {
        long t = Instant.parse("2026-11-20T10:00:00Z").toEpochMilli();
        Alert a = Alert.firing(t, Map.of("alertname", "RootFull", "host", "web-3", "severity", "critical"),
                Map.of("summary", "disk"), "http://vigil/rules/RootFull");
        JsonNode p = new ObjectMapper().readTree(AlertmanagerWebhook.payload("default", List.of(a), List.of("alertname"), "http://vigil"));
        assertThat(p.get("version").asText()).isEqualTo("4");
        assertThat(p.get("status").asText()).isEqualTo("firing");
        assertThat(p.get("receiver").asText()).isEqualTo("default");
        assertThat(p.get("groupKey").asText()).isEqualTo("{}:{alertname=\"RootFull\"}");
        assertThat(p.get("groupLabels").get("alertname").asText()).isEqualTo("RootFull");
        assertThat(p.get("commonLabels").get("host").asText()).isEqualTo("web-3");
        assertThat(p.get("commonAnnotations").get("summary").asText()).isEqualTo("disk");
        assertThat(p.get("externalURL").asText()).isEqualTo("http://vigil");
        JsonNode alert = p.get("alerts").get(0);
        assertThat(alert.get("startsAt").asText()).isEqualTo("2026-11-20T10:00:00Z");
        assertThat(alert.get("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(alert.get("fingerprint").asText()).isEqualTo(Fingerprint.of(a.labels())).hasSize(16);
        assertThat(alert.get("generatorURL").asText()).isEqualTo("http://vigil/rules/RootFull");

        Alert resolved = a.resolve(t + 60_000, a.annotations());
        JsonNode r = new ObjectMapper().readTree(AlertmanagerWebhook.payload("default", List.of(resolved), List.of("alertname"), "http://vigil"));
        assertThat(r.get("status").asText()).isEqualTo("resolved");
        assertThat(r.get("alerts").get(0).get("endsAt").asText()).isEqualTo("2026-11-20T10:01:00Z");
        assertThat(r.get("alerts").get(0).get("fingerprint").asText()).isEqualTo(a.fingerprint());
    }
}
