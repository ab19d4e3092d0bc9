package dev.vigil.jobs.notify;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertmanagerWebhook;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * POSTs every alert to a webhook as Alertmanager's webhook payload (version 4), one alert per
 * notification, grouped by alertname. Requests are asynchronous with at most {@link #MAX_IN_FLIGHT} in
 * flight, so a slow receiver holds the alert stream back only once that many wait, and never blocks the
 * task thread with sleeps; failed requests are retried with exponential backoff. A checkpoint waits for
 * the requests in flight. What still fails is logged and counted ({@code webhookFailures}); durable
 * delivery (retries kept in checkpointed state, signing, other receivers) is the alert-delivery issue.
 *
 * <p>The URL may hold a secret (Slack and many webhooks carry their token in the path): only its scheme,
 * host and port are ever logged or put in an error message.
 */
public final class WebhookSink implements Sink<Alert> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSink.class);
    static final int MAX_IN_FLIGHT = 16;

    private final String url;
    private final String receiver;
    private final String externalUrl;
    private final Duration timeout;
    private final int attempts;

    /**
     * @param url the receiver's URL, or a secret reference ({@code ${env:NAME}}, {@code ${file:PATH}}) that
     *            is resolved when the sink opens on a TaskManager, so a URL that carries a token is never in
     *            the job graph
     */
    public WebhookSink(String url, String receiver, String externalUrl, Duration timeout, int attempts) {
        if (!dev.vigil.jobs.config.SecretRefs.isReference(url)) {
            check(url);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("alerts.webhook.attempts must be at least 1, was " + attempts);
        }
        this.url = url;
        this.receiver = receiver;
        this.externalUrl = externalUrl;
        this.timeout = timeout;
        this.attempts = attempts;
    }

    private static URI check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("alerts.webhook.url is not a valid URL (" + e.getReason() + ")");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("alerts.webhook.url must be an http or https URL with a host");
        }
        return uri;
    }

    /** The URL without path or query, safe to log. */
    static String redacted(String url) {
        return dev.vigil.notify.Endpoint.redact(url);
    }

    @Override
    public SinkWriter<Alert> createWriter(WriterInitContext context) {
        return writer(context.metricGroup().counter("webhookFailures"), context.metricGroup().counter("webhookSent"));
    }

    SinkWriter<Alert> writer(Counter failures, Counter sent) {
        return new Writer(failures, sent);
    }

    private final class Writer implements SinkWriter<Alert> {
        private final HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        private final URI target = check(dev.vigil.jobs.config.SecretRefs.resolve("alerts.webhook.url", url, System::getenv));
        private final Semaphore slots = new Semaphore(MAX_IN_FLIGHT);
        private final Counter failures;
        private final Counter sent;

        Writer(Counter failures, Counter sent) {
            this.failures = failures;
            this.sent = sent;
        }

        @Override
        public void write(Alert alert, Context context) throws InterruptedException {
            String body = AlertmanagerWebhook.payload(receiver, List.of(alert), List.of("alertname"), externalUrl);
            HttpRequest request = HttpRequest.newBuilder(target)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Vigil")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            slots.acquire();
            send(request, alert, 1);
        }

        private void send(HttpRequest request, Alert alert, int attempt) {
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                if (error == null && response.statusCode() / 100 == 2) {
                    sent.inc();
                    slots.release();
                    return;
                }
                String problem = error != null ? error.getClass().getSimpleName() : "HTTP " + response.statusCode();
                if (attempt < attempts) {
                    long backoff = 200L << Math.min(attempt - 1, 10);
                    CompletableFuture.delayedExecutor(backoff, TimeUnit.MILLISECONDS).execute(() -> send(request, alert, attempt + 1));
                    return;
                }
                failures.inc();
                LOG.error("webhook {} did not accept alert {} ({} {}) after {} attempts: {}", redacted(target.toString()),
                        alert.fingerprint(), alert.alertname(), alert.status(), attempts, problem);
                slots.release();
            });
        }

        /** Waits until every request in flight has succeeded or used up its attempts. */
        @Override
        public void flush(boolean endOfInput) throws InterruptedException {
            slots.acquire(MAX_IN_FLIGHT);
            slots.release(MAX_IN_FLIGHT);
        }

        @Override
        public void close() throws InterruptedException {
            flush(true);
        }
    }
}
