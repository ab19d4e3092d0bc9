package dev.vigil.jobs.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.notify.AlertRouting;
import dev.vigil.notify.Endpoint;
import dev.vigil.notify.Notification;
import dev.vigil.notify.StandardWebhooks;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends the notifications of one endpoint, asynchronously: Flink's async operator around it bounds
 * the requests in flight, retries what fails with {@link JitteredBackoff}, keeps what is in flight in
 * its checkpoints (so a restart sends it again), and calls {@link #timeout} when a notification reaches
 * its maximum age, which makes it a dead letter with its last error.
 *
 * <p>The endpoint's URL and secret are read in {@code open()}, on the task, from the routing file's
 * inline values, files or environment variables. Logs name the endpoint and the URL's host only.
 */
public final class DeliverNotifications extends RichAsyncFunction<Notification, Delivery> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DeliverNotifications.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String routing;
    private final String endpointName;
    private final long requestTimeoutMs;
    private final long maxAgeMs;
    private transient Endpoint endpoint;
    private transient HttpClient client;
    private transient Map<String, int[]> attempts;
    private transient Map<String, String> lastErrors;
    private transient RateLimit limit;
    private transient Counter delivered;
    private transient Counter deadLetters;
    private transient Counter retries;

    public DeliverNotifications(String routing, String endpointName, long requestTimeoutMs, long maxAgeMs) {
        this.routing = routing;
        this.endpointName = endpointName;
        this.requestTimeoutMs = requestTimeoutMs;
        this.maxAgeMs = maxAgeMs;
    }

    @Override
    public void open(OpenContext context) {
        for (Endpoint e : AlertRouting.parse(routing, System::getenv).endpoints()) {
            if (e.name().equals(endpointName)) {
                endpoint = e;
            }
        }
        if (endpoint == null) {
            throw new IllegalStateException("alert routing has no endpoint " + endpointName);
        }
        client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(requestTimeoutMs)).build();
        attempts = new ConcurrentHashMap<>();
        lastErrors = new ConcurrentHashMap<>();
        limit = new RateLimit(endpoint.maxPerMinute());
        delivered = getRuntimeContext().getMetricGroup().counter("notificationsDelivered");
        deadLetters = getRuntimeContext().getMetricGroup().counter("notificationsDeadLettered");
        retries = getRuntimeContext().getMetricGroup().counter("notificationsRetried");
    }

    @Override
    public void asyncInvoke(Notification n, ResultFuture<Delivery> result) {
        int attempt = attempts.computeIfAbsent(n.id(), k -> new int[1])[0]++ + 1;
        if (attempt > 1) {
            retries.inc();
        }
        long now = System.currentTimeMillis();
        if (now - n.createdAt() > maxAgeMs) {
            // Made long ago: a restart brought it back after its maximum age.
            deadLetter(n, result, "older than the maximum age");
            return;
        }
        if (!limit.take(now)) {
            fail(n, result, "rate limited (" + endpoint.maxPerMinute() + " a minute)");
            return;
        }
        HttpRequest request;
        try {
            request = request(n, now);
        } catch (RuntimeException e) {
            deadLetter(n, result, "cannot build the request: " + e.getClass().getSimpleName());
            return;
        }
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                fail(n, result, cause instanceof HttpTimeoutException ? "timed out" : cause.getClass().getSimpleName());
                return;
            }
            int code = response.statusCode();
            if (code / 100 == 2) {
                delivered.inc();
                finish(n);
                result.complete(List.of(new Delivery(n, true, attempt, "", System.currentTimeMillis())));
            } else if (code == 408 || code == 429 || code / 100 == 5) {
                fail(n, result, "HTTP " + code);
            } else {
                // The receiver rejects this request; sending it again would not change that.
                deadLetter(n, result, "HTTP " + code + ": rejected");
            }
        });
    }

    private HttpRequest request(Notification n, long now) {
        String url = endpoint.kind().equals(Endpoint.ALERTMANAGER) ? endpoint.url().replaceAll("/+$", "") + "/api/v2/alerts" : endpoint.url();
        String body = n.body();
        if (endpoint.kind().equals(Endpoint.PAGERDUTY)) {
            try {
                ObjectNode event = (ObjectNode) JSON.readTree(body);
                event.put("routing_key", endpoint.secret());
                body = JSON.writeValueAsString(event);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("a PagerDuty body Vigil wrote is not JSON", e);
            }
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMillis(requestTimeoutMs))
                .header("Content-Type", "application/json")
                .header("User-Agent", "Vigil")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (endpoint.kind().equals(Endpoint.WEBHOOK)) {
            long seconds = now / 1000;
            b.header("webhook-id", n.id()).header("webhook-timestamp", Long.toString(seconds));
            if (!endpoint.secret().isEmpty()) {
                b.header("webhook-signature", StandardWebhooks.sign(endpoint.secret(), n.id(), seconds, body));
            }
        }
        return b.build();
    }

    private void fail(Notification n, ResultFuture<Delivery> result, String error) {
        lastErrors.put(n.id(), error);
        result.completeExceptionally(new RetryableFailure(error));
    }

    private void deadLetter(Notification n, ResultFuture<Delivery> result, String error) {
        int tried = attempts.getOrDefault(n.id(), new int[1])[0];
        finish(n);
        deadLetters.inc();
        LOG.warn("alert notification {} to {} given up after {} attempts: {}", n.id(), endpoint, tried, error);
        result.complete(List.of(new Delivery(n, false, tried, error, System.currentTimeMillis())));
    }

    private void finish(Notification n) {
        attempts.remove(n.id());
        lastErrors.remove(n.id());
    }

    /** The notification reached its maximum age while retrying: a dead letter with the last error. */
    @Override
    public void timeout(Notification n, ResultFuture<Delivery> result) {
        deadLetter(n, result, "maximum age reached; last error: " + lastErrors.getOrDefault(n.id(), "none (still in flight)"));
    }

    /** At most {@code perMinute} requests in any minute (a token bucket); 0 for no limit. */
    static final class RateLimit {
        private final int perMinute;
        private double tokens;
        private long last;

        RateLimit(int perMinute) {
            this.perMinute = perMinute;
            this.tokens = perMinute;
        }

        synchronized boolean take(long now) {
            if (perMinute == 0) {
                return true;
            }
            tokens = Math.min(perMinute, tokens + (now - last) * perMinute / 60_000.0);
            last = now;
            if (tokens >= 1) {
                tokens--;
                return true;
            }
            return false;
        }
    }
}
