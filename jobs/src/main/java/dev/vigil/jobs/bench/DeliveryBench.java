package dev.vigil.jobs.bench;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.alert.Alert;
import dev.vigil.jobs.notify.AlertDelivery;
import dev.vigil.jobs.runtime.LocalFlink;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.functions.source.legacy.RichSourceFunction;
import org.apache.flink.streaming.api.watermark.Watermark;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Delivery latency and throughput per receiver kind: alerts made at a set rate (or as fast as
 * possible) go through the delivery stage on a local MiniCluster (parallelism 2) to a loopback receiver
 * that plays a signed webhook, Slack, PagerDuty and Alertmanager. Latency is from the alert's creation
 * (its event time, taken from the wall clock) to the first request that carries it; alerts/s counts an
 * endpoint's distinct alerts from its first to its last arrival.
 */
public final class DeliveryBench {
    /** Every body carries each alert's summary, so the receiver reads sequence and creation time from it. */
    private static final Pattern TAG = Pattern.compile("bench#(\\d+)@(\\d+)");
    private static final String[] ENDPOINTS = {"webhook", "slack", "pagerduty", "alertmanager"};

    /** One endpoint's figures. */
    public record Result(String endpoint, int alerts, int requests, long p50Ms, long p99Ms, long maxMs, double alertsPerSecond) {}

    private DeliveryBench() {}

    /**
     * Runs the benchmark: {@code alerts} alerts, at {@code rate} per second (0: as fast as the source can).
     * Each alert is its own group ({@code group_by: ['...']}, {@code group_wait: 0s}), so each becomes a
     * notification of its own, the worst case for a receiver. {@code bufferTimeoutMs} is Flink's network
     * buffer timeout ({@code execution.buffer-timeout.interval}, 100 ms by default), which bounds how long
     * a record waits in a half-full buffer at each of the stage's shuffles.
     */
    public static List<Result> run(int alerts, double rate, long bufferTimeoutMs) throws Exception {
        Receiver receiver = new Receiver(alerts);
        try {
            String base = "http://127.0.0.1:" + receiver.port();
            String routing = """
                    route:
                      receiver: bench
                      group_by: ['...']
                      group_wait: 0s
                      group_interval: 5m
                    receivers:
                      - name: bench
                        webhook_configs: [{url: "%1$s/webhook", secret: "whsec_%2$s"}]
                        slack_configs: [{api_url: "%1$s/slack"}]
                        pagerduty_configs: [{url: "%1$s/pagerduty", routing_key: "bench"}]
                        alertmanager_configs: [{url: "%1$s/alertmanager"}]
                    """.formatted(base, java.util.Base64.getEncoder().encodeToString("vigil-bench-secret-0123456789ab".getBytes(StandardCharsets.UTF_8)));
            StreamExecutionEnvironment env = LocalFlink.environment(2, RuntimeExecutionMode.STREAMING, Duration.ofSeconds(10), null, null);
            env.setBufferTimeout(bufferTimeoutMs);
            AlertDelivery.build(env.addSource(new PacedAlerts(alerts, rate), "paced alerts").setParallelism(1), null, routing, base,
                            new AlertDelivery.Settings(Duration.ofSeconds(10), Duration.ofMinutes(10), 1000, Duration.ofMillis(200),
                                    Duration.ofSeconds(5)))
                    .sinkTo(new DiscardingSink<>()).name("dead letters");
            env.execute("vigil bench delivery");
        } finally {
            receiver.close();
        }
        List<Result> out = new ArrayList<>();
        for (String e : ENDPOINTS) {
            out.add(receiver.result(e));
        }
        return out;
    }

    /**
     * Makes {@code n} alerts, alert i due at start + i / rate, stamped with the wall clock when made, and
     * a watermark right behind each: the delivery stage's timers fire as soon as they can, so the
     * latency measured is the stage's, not a watermark interval's.
     */
    static final class PacedAlerts extends RichSourceFunction<Alert> {
        private static final long serialVersionUID = 1L;
        private final int n;
        private final double rate;
        private volatile boolean running = true;

        PacedAlerts(int n, double rate) {
            this.n = n;
            this.rate = rate;
        }

        @Override
        public void run(SourceContext<Alert> ctx) throws Exception {
            long start = System.nanoTime();
            for (int i = 0; i < n && running; i++) {
                if (rate > 0) {
                    long due = start + (long) (i * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                long now = System.currentTimeMillis();
                Alert a = Alert.firing(now, Map.of("alertname", "BenchAlert", "severity", "warning", "host", "bench-" + (i % 50),
                        "seq", Integer.toString(i)), Map.of("summary", "bench#" + i + "@" + now), "http://vigil/bench");
                synchronized (ctx.getCheckpointLock()) {
                    ctx.collectWithTimestamp(a, now);
                    ctx.emitWatermark(new Watermark(now));
                }
            }
        }

        @Override
        public void cancel() {
            running = false;
        }
    }

    /** The loopback receiver: answers 200 at once and records, per endpoint, when each alert first arrived. */
    private static final class Receiver implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService threads = Executors.newFixedThreadPool(8);
        private final Map<String, long[]> latency = new LinkedHashMap<>();
        private final Map<String, long[]> arrival = new LinkedHashMap<>();
        private final Map<String, Set<Integer>> seen = new LinkedHashMap<>();
        private final Map<String, int[]> requests = new LinkedHashMap<>();

        Receiver(int alerts) throws java.io.IOException {
            for (String e : ENDPOINTS) {
                long[] l = new long[alerts];
                Arrays.fill(l, -1);
                latency.put(e, l);
                arrival.put(e, new long[alerts]);
                seen.put(e, new HashSet<>());
                requests.put(e, new int[1]);
            }
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
            server.setExecutor(threads);
            server.createContext("/", exchange -> {
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                long now = System.currentTimeMillis();
                String endpoint = exchange.getRequestURI().getPath().split("/")[1];
                record(endpoint, body, now);
                exchange.sendResponseHeaders(endpoint.equals("pagerduty") ? 202 : 200, -1);
                exchange.close();
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        private synchronized void record(String endpoint, String body, long now) {
            Set<Integer> s = seen.get(endpoint);
            if (s == null) {
                return;
            }
            requests.get(endpoint)[0]++;
            Matcher m = TAG.matcher(body);
            while (m.find()) {
                int seq = Integer.parseInt(m.group(1));
                if (seq < latency.get(endpoint).length && s.add(seq)) {
                    latency.get(endpoint)[seq] = now - Long.parseLong(m.group(2));
                    arrival.get(endpoint)[seq] = now;
                }
            }
        }

        synchronized Result result(String endpoint) {
            long[] l = latency.get(endpoint);
            long[] got = Arrays.stream(l).filter(x -> x >= 0).sorted().toArray();
            long[] at = arrival.get(endpoint);
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (int i = 0; i < l.length; i++) {
                if (l[i] >= 0) {
                    first = Math.min(first, at[i]);
                    last = Math.max(last, at[i]);
                }
            }
            double seconds = Math.max(1, last - first) / 1000.0;
            return new Result(endpoint, got.length, requests.get(endpoint)[0], percentile(got, 0.50), percentile(got, 0.99),
                    got.length == 0 ? -1 : got[got.length - 1], got.length <= 1 ? 0 : (got.length - 1) / seconds);
        }

        private static long percentile(long[] sorted, double q) {
            return sorted.length == 0 ? -1 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
