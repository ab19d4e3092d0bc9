package dev.vigil.notify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertRoutingTest {
    private static final String YAML = """
            route:
              receiver: ops
              group_by: [alertname, host]
              group_wait: 10s
              routes:
                - matchers: ['severity="critical"']
                  receiver: pager
                  group_wait: 0s
                  continue: true
                - matchers: ['host=~"db-.*"']
                  receiver: dba
                - matchers: ['alertname!~"Metric.*"']
                  receiver: chat
            receivers:
              - name: ops
                webhook_configs: [{url: "http://127.0.0.1:9000/hook", secret_env: HOOK_SECRET}]
              - name: pager
                pagerduty_configs: [{routing_key_env: PD_KEY, url: "http://127.0.0.1:9001/v2/enqueue"}]
              - name: dba
                alertmanager_configs: [{url: "http://127.0.0.1:9093"}]
              - name: chat
                slack_configs: [{api_url: "http://127.0.0.1:9002/services/T000/B000/XXXX", max_per_minute: 30}]
            inhibit_rules:
              - source_matchers: ['severity="critical"']
                target_matchers: ['severity="warning"']
                equal: [host]
            """;
    private static final Map<String, String> ENV = Map.of("HOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "PD_KEY", "R0UT1NGKEY");

    private static AlertRouting routing() {
        return AlertRouting.parse(YAML, ENV::get);
    }

    private static List<String> receivers(Map<String, String> labels) {
        return routing().route().match(labels).stream().map(Route::receiver).toList();
    }

    @Test
    void alertsFollowTheFirstMatchingRouteAndContinueOnlyWhereItSaysSo() {
        assertThat(receivers(Map.of("alertname", "SshBruteForce", "severity", "critical", "host", "db-1"))).containsExactly("pager", "dba");
        assertThat(receivers(Map.of("alertname", "SshBruteForce", "severity", "warning", "host", "web-1"))).containsExactly("chat");
        assertThat(receivers(Map.of("alertname", "MetricAnomaly", "severity", "warning", "host", "web-1"))).containsExactly("ops");
    }

    @Test
    void childRoutesInheritTimingAndGroupingUnlessTheySetThem() {
        Route root = routing().route();
        Route pager = root.routes().get(0);
        Route dba = root.routes().get(1);
        assertThat(root.groupWaitMs()).isEqualTo(10_000);
        assertThat(pager.groupWaitMs()).isZero();
        assertThat(dba.groupWaitMs()).isEqualTo(10_000);
        assertThat(dba.groupIntervalMs()).isEqualTo(AlertRouting.GROUP_INTERVAL_MS);
        assertThat(dba.groupBy()).containsExactly("alertname", "host");
        assertThat(dba.groupKey(Map.of("alertname", "X", "host", "db-1", "severity", "warning"))).isEqualTo("0.1:{alertname=\"X\", host=\"db-1\"}");
    }

    @Test
    void secretsComeFromTheEnvironmentOrFilesAndNeverShowInNames(@TempDir Path dir) throws Exception {
        AlertRouting r = routing();
        Endpoint hook = r.endpoints("ops").get(0);
        assertThat(hook.secret()).isEqualTo(ENV.get("HOOK_SECRET"));
        assertThat(r.endpoints("pager").get(0).secret()).isEqualTo("R0UT1NGKEY");
        Endpoint slack = r.endpoints("chat").get(0);
        assertThat(slack.maxPerMinute()).isEqualTo(30);
        assertThat(slack.toString()).doesNotContain("XXXX").doesNotContain("services");
        assertThat(hook.toString()).doesNotContain("whsec");

        Files.writeString(dir.resolve("key"), "FROMFILE\n");
        AlertRouting fromFile = AlertRouting.parse("""
                route: {receiver: p}
                receivers:
                  - name: p
                    pagerduty_configs: [{routing_key_file: "%s"}]
                """.formatted(dir.resolve("key")), n -> null);
        Endpoint pd = fromFile.endpoints("p").get(0);
        assertThat(pd.secret()).isEqualTo("FROMFILE");
        assertThat(pd.url()).isEqualTo(AlertRouting.PAGERDUTY_URL);
    }

    @Test
    void mistakesAreRejectedNamingTheFieldButNeverASecret() {
        assertThatThrownBy(() -> AlertRouting.parse("route: {receiver: nobody}\nreceivers: []\n", n -> null))
                .hasMessageContaining("route.receiver").hasMessageContaining("nobody");
        assertThatThrownBy(() -> AlertRouting.parse(YAML, n -> null))
                .hasMessageContaining("receivers[0].webhook_configs[0].secret_env").hasMessageContaining("HOOK_SECRET");
        assertThatThrownBy(() -> AlertRouting.parse("route: {receiver: a, routes: [{matchers: ['host~bad']}]}\nreceivers: [{name: a}]\n", n -> null))
                .hasMessageContaining("route.routes[0].matchers").hasMessageContaining("host~bad");
        assertThatThrownBy(() -> AlertRouting.parse("route: {receiver: a, group_wait: soon}\nreceivers: [{name: a}]\n", n -> null))
                .hasMessageContaining("route.group_wait");
        assertThatThrownBy(() -> AlertRouting.parse("route: {receiver: a}\nreceivers: [{name: a, email_configs: [{}]}]\n", n -> null))
                .hasMessageContaining("receivers[0]").hasMessageContaining("email_configs");
        assertThatThrownBy(() -> AlertRouting.parse("route: {receiver: a}\nreceivers: [{name: a, webhook_configs: [{url: 'ftp://x/secret-token'}]}]\n",
                n -> null)).hasMessageContaining("webhook_configs[0].url").hasMessageNotContaining("secret-token");
    }

    @Test
    void aCriticalAlertInhibitsWarningsOfTheSameHostOnly() {
        InhibitRule rule = routing().inhibitRules().get(0);
        Map<String, String> critical = Map.of("alertname", "DiskFull", "severity", "critical", "host", "web-1");
        assertThat(rule.inhibits(critical, Map.of("alertname", "DiskSlow", "severity", "warning", "host", "web-1"))).isTrue();
        assertThat(rule.inhibits(critical, Map.of("alertname", "DiskSlow", "severity", "warning", "host", "web-2"))).isFalse();
        assertThat(rule.inhibits(critical, Map.of("alertname", "Other", "severity", "critical", "host", "web-1"))).isFalse();
    }
}
