package dev.vigil.jobs.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alert.Alert;
import dev.vigil.jobs.runtime.LocalFlink;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts through routing, grouping and delivery on a MiniCluster (parallelism 2, alerts out of order)
 * to a receiver that refuses connections for the first 30 seconds, then answers 500s, then lets
 * requests time out, then answers slowly: every notification arrives, signed, and the only duplicates
 * are re-sends with the same id and body.
 */
class AlertDeliveryITCase {
    private static final long S = 1000L;
    static final int HOSTS = 12;

    static String secret() {
        return "whsec_" + Base64.getEncoder().encodeToString("vigil-test-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * One alert per host, firing at i × 10 s, shuffled. (An alert that resolves before its group's first
     * notification is never sent, as in Alertmanager; resolutions are covered by GroupAlertsTest.)
     */
    static List<Alert> alerts() {
        List<Alert> out = new ArrayList<>();
        for (int i = 0; i < HOSTS; i++) {
            Alert a = Alert.firing(1_800_000_000_000L + i * 10 * S, Map.of("alertname", "DiskFull", "severity", "critical",
                    "host", "web-" + i), Map.of("summary", "disk full on web-" + i), "http://vigil/alerts");
            out.add(a);
        }
        Collections.shuffle(out, new Random(6));
        return out;
    }

    static final class AlertTime implements SerializableTimestampAssigner<Alert> {
        private static final long serialVersionUID = 1L;

        @Override
        public long extractTimestamp(Alert a, long previous) {
            return a.time();
        }
    }

    static DataStream<Alert> source(StreamExecutionEnvironment env) {
        return env.fromData(alerts()).assignTimestampsAndWatermarks(
                WatermarkStrategy.<Alert>forBoundedOutOfOrderness(Duration.ofMinutes(5)).withTimestampAssigner(new AlertTime()));
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void everyNotificationArrivesSignedThroughAnOutageErrorsAndTimeouts() throws Exception {
        int port = freePort();
        String routing = """
                route:
                  receiver: ops
                  group_by: [host]
                  group_wait: 0s
                  group_interval: 1s
                receivers:
                  - name: ops
                    webhook_configs: [{url: "http://127.0.0.1:%d/hook", secret: "%s"}]
                """.formatted(port, secret());
        StreamExecutionEnvironment env = LocalFlink.environment(2, RuntimeExecutionMode.STREAMING, Duration.ofSeconds(1), null, null);
        DataStream<Delivery> dead = AlertDelivery.build(source(env), null, routing, "http://vigil",
                new AlertDelivery.Settings(Duration.ofSeconds(1), Duration.ofMinutes(2), 100, Duration.ofMillis(200), Duration.ofSeconds(2)));

        List<Delivery> deadLetters = new ArrayList<>();
        long started = System.currentTimeMillis();
        try (FaultyReceiver receiver = new FaultyReceiver(port, secret(), 5, 3, 2_500)) {
            Thread opener = new Thread(() -> {
                try {
                    Thread.sleep(30_000);
                    receiver.start();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            opener.start();
            try (CloseableIterator<Delivery> it = dead.executeAndCollect()) {
                it.forEachRemaining(deadLetters::add);
            }
            opener.join();

            assertThat(deadLetters).isEmpty();
            // The job could only finish once the receiver was up.
            assertThat(System.currentTimeMillis() - started).isGreaterThanOrEqualTo(30_000);
            List<FaultyReceiver.Received> got = receiver.accepted();
            assertThat(receiver.requests()).isGreaterThan(got.size());
            assertThat(got).allSatisfy(r -> assertThat(r.signatureOk()).as("signature of %s", r.id()).isTrue());
            Map<String, String> bodyById = new HashMap<>();
            Set<String> seen = new HashSet<>();
            ObjectMapper json = new ObjectMapper();
            for (FaultyReceiver.Received r : got) {
                String earlier = bodyById.putIfAbsent(r.id(), r.body());
                assertThat(earlier == null || earlier.equals(r.body())).as("a duplicate of %s has the same body", r.id()).isTrue();
                JsonNode body = json.readTree(r.body());
                for (JsonNode a : body.path("alerts")) {
                    seen.add(a.path("labels").path("host").asText() + "/" + a.path("status").asText());
                }
            }
            // Every host's alert reached the receiver.
            for (int i = 0; i < HOSTS; i++) {
                assertThat(seen).contains("web-" + i + "/firing");
            }
            assertThat(bodyById).hasSize(HOSTS);
        }
    }
}
