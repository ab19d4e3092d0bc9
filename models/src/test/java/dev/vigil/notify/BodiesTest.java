package dev.vigil.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alert.Alert;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BodiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Alert FIRING = Alert.firing(1_763_600_000_000L, Map.of("alertname", "DiskFull", "severity", "critical",
            "host", "web-3"), Map.of("summary", "/ is 99% full", "runbook_url", "https://runbooks/disk"), "http://vigil/alerts");
    private static final Alert RESOLVED = FIRING.resolve(1_763_600_600_000L, FIRING.annotations());

    @Test
    void alertmanagerGetsPostableAlertsWithEndsAtOnlyOnceResolved() throws Exception {
        JsonNode body = JSON.readTree(Bodies.alertmanager(List.of(FIRING, RESOLVED)));
        assertThat(body.get(0).path("labels").path("alertname").asText()).isEqualTo("DiskFull");
        assertThat(body.get(0).path("startsAt").asText()).isEqualTo("2025-11-20T00:53:20Z");
        assertThat(body.get(0).has("endsAt")).isFalse();
        assertThat(body.get(1).path("endsAt").asText()).isEqualTo("2025-11-20T01:03:20Z");
        assertThat(body.get(0).path("generatorURL").asText()).isEqualTo("http://vigil/alerts");
    }

    @Test
    void pagerDutyTriggersAndResolvesByTheFingerprintWithoutTheKey() throws Exception {
        JsonNode trigger = JSON.readTree(Bodies.pagerDuty(FIRING));
        assertThat(trigger.path("event_action").asText()).isEqualTo("trigger");
        assertThat(trigger.path("dedup_key").asText()).isEqualTo(FIRING.fingerprint()).hasSize(16);
        assertThat(trigger.path("routing_key").asText()).isEmpty();
        assertThat(trigger.path("payload").path("severity").asText()).isEqualTo("critical");
        assertThat(trigger.path("payload").path("source").asText()).isEqualTo("web-3");
        assertThat(trigger.path("payload").path("summary").asText()).isEqualTo("DiskFull: / is 99% full");
        JsonNode resolve = JSON.readTree(Bodies.pagerDuty(RESOLVED));
        assertThat(resolve.path("event_action").asText()).isEqualTo("resolve");
        assertThat(resolve.path("dedup_key").asText()).isEqualTo(FIRING.fingerprint());
        assertThat(Bodies.pagerDutySeverity("page")).isEqualTo("critical");
        assertThat(Bodies.pagerDutySeverity(null)).isEqualTo("warning");
    }

    @Test
    void slackGetsALineOfTextAndABlockPerAlert() throws Exception {
        JsonNode body = JSON.readTree(Bodies.slack(Map.of("alertname", "DiskFull"), List.of(FIRING)));
        assertThat(body.path("text").asText()).contains("FIRING:1").contains("alertname=DiskFull");
        assertThat(body.path("blocks").get(0).path("type").asText()).isEqualTo("header");
        assertThat(body.path("blocks").get(1).path("text").path("text").asText()).contains("web-3").contains("/ is 99% full")
                .contains("<https://runbooks/disk|runbook>");
    }

    @Test
    void theWebhookPayloadCarriesTheRoutesGroupKey() throws Exception {
        JsonNode body = JSON.readTree(Bodies.webhook("ops", "0.1:{host=\"web-3\"}", Map.of("host", "web-3"), List.of(FIRING), "http://vigil"));
        assertThat(body.path("version").asText()).isEqualTo("4");
        assertThat(body.path("groupKey").asText()).isEqualTo("0.1:{host=\"web-3\"}");
        assertThat(body.path("groupLabels").path("host").asText()).isEqualTo("web-3");
        assertThat(body.path("alerts").get(0).path("fingerprint").asText()).isEqualTo(FIRING.fingerprint());
    }
}
