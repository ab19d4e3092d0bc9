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
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.source.legacy.RichSourceFunction;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** The delivery stage over the shuffled alerts, with short timings: 1 s requests, retries from 0.2 to 2 s, 2 min maximum age. */
    private static DataStream<Delivery> deliver(String routing) {
        StreamExecutionEnvironment env = LocalFlink.environment(2, RuntimeExecutionMode.STREAMING, Duration.ofSeconds(1), null, null);
        return AlertDelivery.undelivered(AlertDelivery.build(source(env), null, routing, "http://vigil",
                new AlertDelivery.Settings(Duration.ofSeconds(1), Duration.ofMinutes(2), 100, Duration.ofMillis(200), Duration.ofSeconds(2))));
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
        DataStream<Delivery> dead = deliver(routing);

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
            // Taken before waiting for the opener, so that it measures when the job finished.
            long finished = System.currentTimeMillis();
            opener.join();

            assertThat(deadLetters).isEmpty();
            // The job could only finish once the receiver was up.
            assertThat(finished - started).isGreaterThanOrEqualTo(30_000);
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

    /**
     * Emits the alerts and a watermark past them, then waits; once two checkpoints have completed
     * after that (so the pending notifications are in one), it fails the job once. After the restart
     * it emits nothing again (its state says so) and waits until the test says stop.
     */
    static final class AlertsThenFailOnce extends RichSourceFunction<Alert> implements CheckpointedFunction, CheckpointListener {
        private static final long serialVersionUID = 1L;
        static final java.util.concurrent.atomic.AtomicBoolean FAILED = new java.util.concurrent.atomic.AtomicBoolean();
        static final java.util.concurrent.atomic.AtomicBoolean STOP = new java.util.concurrent.atomic.AtomicBoolean();
        private transient ListState<Boolean> state;
        private volatile boolean emitted;
        private volatile int checkpointsSinceEmit;
        private volatile boolean running = true;

        @Override
        public void run(SourceContext<Alert> ctx) throws Exception {
            if (!emitted) {
                synchronized (ctx.getCheckpointLock()) {
                    long last = 0;
                    for (Alert a : alerts()) {
                        ctx.collectWithTimestamp(a, a.time());
                        last = Math.max(last, a.time());
                    }
                    ctx.emitWatermark(new Watermark(last + S));
                    emitted = true;
                }
            }
            long deadline = System.currentTimeMillis() + 90_000;
            while (running && !STOP.get() && System.currentTimeMillis() < deadline) {
                if (!FAILED.get() && checkpointsSinceEmit >= 2) {
                    FAILED.set(true);
                    throw new IllegalStateException("injected failure: notifications are pending in a checkpoint");
                }
                Thread.sleep(50);
            }
        }

        @Override
        public void cancel() {
            running = false;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            state.update(List.of(emitted));
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            state = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("emitted", Types.BOOLEAN));
            for (Boolean b : state.get()) {
                emitted |= b;
            }
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            if (emitted) {
                checkpointsSinceEmit++;
            }
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void notificationsPendingWhenTheJobFailsAreDeliveredAfterItsRestartFromACheckpoint() throws Exception {
        AlertsThenFailOnce.FAILED.set(false);
        AlertsThenFailOnce.STOP.set(false);
        int port = freePort();
        String routing = """
                route:
                  receiver: ops
                  group_by: [host]
                  group_wait: 0s
                receivers:
                  - name: ops
                    webhook_configs: [{url: "http://127.0.0.1:%d/hook", secret: "%s"}]
                """.formatted(port, secret());
        StreamExecutionEnvironment env = LocalFlink.environment(2, RuntimeExecutionMode.STREAMING, Duration.ofMillis(500), null, null);
        Configuration restart = new Configuration();
        restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        env.configure(restart);
        DataStream<Alert> alerts = env.addSource(new AlertsThenFailOnce(), "alerts then one failure").setParallelism(1);
        DataStream<Delivery> dead = AlertDelivery.undelivered(AlertDelivery.build(alerts, null, routing, "http://vigil",
                new AlertDelivery.Settings(Duration.ofSeconds(1), Duration.ofMinutes(2), 100, Duration.ofMillis(200), Duration.ofSeconds(1))));

        List<Delivery> deadLetters = new ArrayList<>();
        try (FaultyReceiver receiver = new FaultyReceiver(port, secret(), 0, 0, 0)) {
            Thread watcher = new Thread(() -> {
                try {
                    // The receiver comes up only after the failure; then, once every host's alert arrived, the source ends.
                    for (int i = 0; i < 1_200 && !AlertsThenFailOnce.FAILED.get(); i++) {
                        Thread.sleep(100);
                    }
                    receiver.start();
                    for (int i = 0; i < 1_200 && distinctIds(receiver) < HOSTS; i++) {
                        Thread.sleep(100);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    AlertsThenFailOnce.STOP.set(true);
                }
            });
            watcher.start();
            try (CloseableIterator<Delivery> it = dead.executeAndCollect()) {
                it.forEachRemaining(deadLetters::add);
            }
            watcher.join();
            assertThat(AlertsThenFailOnce.FAILED).isTrue();
            assertThat(deadLetters).isEmpty();
            assertThat(distinctIds(receiver)).isEqualTo(HOSTS);
            assertThat(receiver.accepted()).allSatisfy(r -> assertThat(r.signatureOk()).isTrue());
        }
    }

    private static long distinctIds(FaultyReceiver r) {
        return r.accepted().stream().map(FaultyReceiver.Received::id).distinct().count();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void pagerDutyGetsOneEventPerAlertWithTheRoutingKeyFromItsFileAndSlackAMessagePerGroup(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        int port = freePort();
        Path key = dir.resolve("pagerduty.key");
        Files.writeString(key, "R0UT1NG-KEY-FROM-FILE\n");
        String routing = """
                route:
                  receiver: chat
                  group_by: [alertname]
                  group_wait: 0s
                  routes:
                    - matchers: ['severity="critical"']
                      receiver: pager
                      continue: true
                    - matchers: ['alertname=~".+"']
                      receiver: chat
                receivers:
                  - name: chat
                    slack_configs: [{api_url: "http://127.0.0.1:%d/services/T0/B0/secret-token"}]
                  - name: pager
                    pagerduty_configs: [{routing_key_file: "%s", url: "http://127.0.0.1:%d/v2/enqueue"}]
                """.formatted(port, key, port);
        DataStream<Delivery> dead = deliver(routing);
        List<Delivery> deadLetters = new ArrayList<>();
        try (FaultyReceiver receiver = new FaultyReceiver(port, secret(), 0, 0, 0)) {
            receiver.start();
            try (CloseableIterator<Delivery> it = dead.executeAndCollect()) {
                it.forEachRemaining(deadLetters::add);
            }
            assertThat(deadLetters).isEmpty();
            ObjectMapper json = new ObjectMapper();
            Set<String> dedupKeys = new HashSet<>();
            int slack = 0;
            for (FaultyReceiver.Received r : receiver.accepted()) {
                JsonNode body = json.readTree(r.body());
                if (r.path().equals("/v2/enqueue")) {
                    assertThat(body.path("routing_key").asText()).isEqualTo("R0UT1NG-KEY-FROM-FILE");
                    assertThat(body.path("event_action").asText()).isEqualTo("trigger");
                    assertThat(body.path("payload").path("severity").asText()).isEqualTo("critical");
                    dedupKeys.add(body.path("dedup_key").asText());
                } else {
                    assertThat(r.path()).isEqualTo("/services/T0/B0/secret-token");
                    assertThat(body.path("text").asText()).contains("FIRING:" + HOSTS).contains("alertname=DiskFull");
                    assertThat(body.path("blocks")).hasSize(HOSTS + 1);
                    slack++;
                }
            }
            // One PagerDuty event per alert, deduplicated by fingerprint; one Slack message for the group.
            assertThat(dedupKeys).hasSize(HOSTS);
            assertThat(slack).isEqualTo(1);
        }
    }
}
