package dev.vigil.jobs.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alert.Alert;
import dev.vigil.jobs.runtime.LocalFlink;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Vigil's alerts in a real Alertmanager (Debian's prometheus-alertmanager, started on 127.0.0.1 by the
 * test; .ci/run installs it): they appear in its API v2 with their labels, annotations, startsAt and
 * fingerprint, and a resolution sent by a later run of the job resolves them there.
 */
class AlertmanagerITCase {
    private static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    private Process alertmanager;
    private int port;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(BINARY), "prometheus-alertmanager is not installed (apt-get install prometheus-alertmanager)");
        port = AlertDeliveryITCase.freePort();
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, "route:\n  receiver: blackhole\nreceivers:\n  - name: blackhole\n");
        alertmanager = new ProcessBuilder(BINARY.toString(), "--config.file=" + config, "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        HttpClient client = HttpClient.newHttpClient();
        for (int i = 0; i < 100; i++) {
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(base() + "/-/ready")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // Not listening yet: wait and ask again (at most 100 times, 10 s).
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Alertmanager did not get ready; see " + dir.resolve("alertmanager.log"));
    }

    @AfterEach
    void stop() throws Exception {
        if (alertmanager != null) {
            alertmanager.destroy();
            alertmanager.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private void run(List<Alert> alerts) throws Exception {
        String routing = """
                route:
                  receiver: am
                  group_by: ['...']
                  group_wait: 0s
                  group_interval: 1m
                receivers:
                  - name: am
                    alertmanager_configs: [{url: "%s"}]
                """.formatted(base());
        StreamExecutionEnvironment env = LocalFlink.environment(2, RuntimeExecutionMode.STREAMING, Duration.ofSeconds(1), null, null);
        DataStream<Alert> source = env.fromData(alerts).assignTimestampsAndWatermarks(
                WatermarkStrategy.<Alert>forBoundedOutOfOrderness(Duration.ofMinutes(1)).withTimestampAssigner(new AlertDeliveryITCase.AlertTime()));
        DataStream<Delivery> dead = AlertDelivery.undelivered(AlertDelivery.build(source, null, routing, "http://vigil",
                new AlertDelivery.Settings(Duration.ofSeconds(2), Duration.ofMinutes(1), 100, Duration.ofMillis(200), Duration.ofSeconds(2))));
        List<Delivery> deadLetters = new ArrayList<>();
        try (CloseableIterator<Delivery> it = dead.executeAndCollect()) {
            it.forEachRemaining(deadLetters::add);
        }
        assertThat(deadLetters).isEmpty();
    }

    private JsonNode activeAlerts() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + "/api/v2/alerts")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void alertsAppearInAlertmanagerWithTheirLabelsAndResolveThere() throws Exception {
        long now = System.currentTimeMillis();
        List<Alert> firing = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            firing.add(Alert.firing(now - (10 - i) * 60_000L, Map.of("alertname", "FilesystemWillFill", "severity", "warning",
                    "host", "web-" + i, "mountpoint", "/"), Map.of("summary", "filesystem / on web-" + i + " full in ~3 days",
                    "runbook_url", "https://runbooks/disk"), "http://vigil/forecasts"));
        }
        run(firing);
        JsonNode active = activeAlerts();
        assertThat(active).hasSize(3);
        for (JsonNode a : active) {
            String host = a.path("labels").path("host").asText();
            Alert sent = firing.get(Integer.parseInt(host.substring(4)));
            assertThat(a.path("labels").path("alertname").asText()).isEqualTo("FilesystemWillFill");
            assertThat(a.path("labels").path("mountpoint").asText()).isEqualTo("/");
            assertThat(a.path("annotations").path("summary").asText()).isEqualTo(sent.annotations().get("summary"));
            assertThat(Instant.parse(a.path("startsAt").asText()).toEpochMilli()).isEqualTo(sent.startsAt());
            assertThat(a.path("generatorURL").asText()).isEqualTo("http://vigil/forecasts");
            // Alertmanager's fingerprint of the labels is Vigil's.
            assertThat(a.path("fingerprint").asText()).isEqualTo(sent.fingerprint());
            assertThat(a.path("status").path("state").asText()).isEqualTo("active");
        }

        // A later run of the job (no state carried over) resolves web-1.
        run(List.of(firing.get(1).resolve(now - 60_000L, firing.get(1).annotations())));
        JsonNode after = activeAlerts();
        List<String> hosts = new ArrayList<>();
        for (JsonNode a : after) {
            hosts.add(a.path("labels").path("host").asText());
        }
        assertThat(hosts).containsExactlyInAnyOrder("web-0", "web-2");
    }
}
