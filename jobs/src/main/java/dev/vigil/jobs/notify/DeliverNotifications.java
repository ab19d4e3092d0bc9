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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends the notifications of one endpoint, asynchronously. Flink's async operator around it bounds the
 * notifications in flight and keeps them in its checkpoints until they complete, so a restart sends
 * them again. This function retries what fails (5xx, 408, 429, timeouts, refused connections, its own
 * rate limit) after {@link JitteredBackoff} delays, until the notification is delivered or reaches its
 * maximum age, when it becomes a dead letter with its last error. A receiver that rejects a request
 * (another 4xx) makes it a dead letter at once.
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
    private final JitteredBackoff backoff;
    private transient Endpoint endpoint;
    private transient URI target;
    private transient HttpClient client;
    private transient ScheduledExecutorService retries;
    private transient Map<String, Attempts> inFlight;
    private transient RateLimit limit;
    private transient Counter delivered;
    private transient Counter deadLetters;
    private transient Counter retried;

    public DeliverNotifications(String routing, String endpointName, long requestTimeoutMs, long maxAgeMs, JitteredBackoff backoff) {
        this.routing = routing;
        this.endpointName = endpointName;
        this.requestTimeoutMs = requestTimeoutMs;
        this.maxAgeMs = maxAgeMs;
        this.backoff = backoff;
    }

    /** One notification's delivery: the body as sent, its result handle, attempts so far and last error; completes once. */
    private static final class Attempts {
        final Notification notification;
        final String body;
        final ResultFuture<Delivery> result;
        final AtomicBoolean done = new AtomicBoolean();
        volatile int count;
        volatile String lastError = "";

        Attempts(Notification notification, String body, ResultFuture<Delivery> result) {
            this.notification = notification;
            this.body = body;
            this.result = result;
        }
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
        // Validated when the routing was parsed; Alertmanager's is its base URL.
        target = URI.create(endpoint.kind().equals(Endpoint.ALERTMANAGER) ? endpoint.url().replaceAll("/+$", "") + "/api/v2/alerts"
                : endpoint.url());
        client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(requestTimeoutMs)).build();
        retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-retries-" + endpointName);
            t.setDaemon(true);
            return t;
        });
        inFlight = new ConcurrentHashMap<>();
        limit = new RateLimit(endpoint.maxPerMinute());
        delivered = getRuntimeContext().getMetricGroup().counter("notificationsDelivered");
        deadLetters = getRuntimeContext().getMetricGroup().counter("notificationsDeadLettered");
        retried = getRuntimeContext().getMetricGroup().counter("notificationsRetried");
    }

    @Override
    public void close() {
        if (retries != null) {
            retries.shutdownNow();
        }
    }

    @Override
    public void asyncInvoke(Notification n, ResultFuture<Delivery> result) {
        String body;
        try {
            body = body(n);
        } catch (RuntimeException e) {
            Attempts a = new Attempts(n, n.body(), result);
            inFlight.put(n.id(), a);
            deadLetter(a, "cannot build the request: " + e.getClass().getSimpleName());
            return;
        }
        Attempts a = new Attempts(n, body, result);
        inFlight.put(n.id(), a);
        attempt(a);
    }

    /** The body as sent: PagerDuty's routing key is added here, once per notification, never stored. */
    private String body(Notification n) {
        if (!endpoint.kind().equals(Endpoint.PAGERDUTY)) {
            return n.body();
        }
        try {
            ObjectNode event = (ObjectNode) JSON.readTree(n.body());
            event.put("routing_key", endpoint.secret());
            return JSON.writeValueAsString(event);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a PagerDuty body Vigil wrote is not JSON", e);
        }
    }

    private void attempt(Attempts a) {
        if (a.done.get()) {
            return;
        }
        Notification n = a.notification;
        long now = System.currentTimeMillis();
        if (now - n.createdAt() > maxAgeMs) {
            deadLetter(a, "maximum age reached; last error: " + (a.lastError.isEmpty() ? "none" : a.lastError));
            return;
        }
        if (!limit.take(now)) {
            retry(a, "rate limited (" + endpoint.maxPerMinute() + " a minute)", false);
            return;
        }
        HttpRequest request = request(n, a.body, now);
        a.count++;
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                retry(a, cause instanceof HttpTimeoutException ? "timed out" : cause.getClass().getSimpleName(), true);
                return;
            }
            int code = response.statusCode();
            if (code / 100 == 2) {
                if (a.done.compareAndSet(false, true)) {
                    inFlight.remove(n.id());
                    delivered.inc();
                    a.result.complete(List.of(new Delivery(n, true, a.count, "", System.currentTimeMillis())));
                }
            } else if (code == 408 || code == 429 || code / 100 == 5) {
                retry(a, "HTTP " + code, true);
            } else {
                // The receiver rejects this request; sending it again would not change that.
                deadLetter(a, "HTTP " + code + ": rejected");
            }
        });
    }

    private void retry(Attempts a, String error, boolean failed) {
        a.lastError = error;
        if (failed) {
            retried.inc();
        }
        try {
            retries.schedule(() -> attempt(a), backoff.next(Math.max(1, a.count)), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Closing: the notification stays in the operator's checkpointed state and is sent after a restart.
            LOG.debug("retry of {} not scheduled: the task is closing", a.notification.id());
        }
    }

    private HttpRequest request(Notification n, String body, long now) {
        HttpRequest.Builder b = HttpRequest.newBuilder(target)
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

    private void deadLetter(Attempts a, String error) {
        if (!a.done.compareAndSet(false, true)) {
            return;
        }
        inFlight.remove(a.notification.id());
        deadLetters.inc();
        LOG.warn("alert notification {} to {} given up after {} attempts: {}", a.notification.id(), endpoint, a.count, error);
        a.result.complete(List.of(new Delivery(a.notification, false, a.count, error, System.currentTimeMillis())));
    }

    /** The async operator's own timeout, a little past the maximum age: give up with the last error. */
    @Override
    public void timeout(Notification n, ResultFuture<Delivery> result) {
        Attempts a = inFlight.get(n.id());
        if (a != null) {
            deadLetter(a, "maximum age reached; last error: " + (a.lastError.isEmpty() ? "none (still in flight)" : a.lastError));
        } else {
            result.complete(List.of(new Delivery(n, false, 0, "maximum age reached before any attempt", System.currentTimeMillis())));
        }
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
