package dev.vigil.jobs.sinks;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertmanagerWebhook;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * POSTs every alert to a webhook as Alertmanager's webhook payload (version 4), one alert per
 * notification, grouped by alertname. A failed request is retried a few times with a growing pause;
 * what still fails is logged and counted ({@code webhookFailures}). Durable delivery (checkpointed
 * retries, signing, other receivers) is the alert-delivery issue's work.
 *
 * <p>The URL may hold a secret (Slack and many webhooks carry their token in the path): only its
 * scheme, host and port are ever logged.
 */
public final class WebhookSink implements Sink<Alert> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSink.class);

    private final String url;
    private final String receiver;
    private final String externalUrl;
    private final Duration timeout;
    private final int attempts;

    public WebhookSink(String url, String receiver, String externalUrl, Duration timeout, int attempts) {
        URI uri = URI.create(url);
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new IllegalArgumentException("alerts.webhook.url must be an http or https URL");
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

    /** The URL without path or query, safe to log. */
    static String redacted(String url) {
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + "/…";
    }

    @Override
    public SinkWriter<Alert> createWriter(WriterInitContext context) {
        return new Writer(context.metricGroup().counter("webhookFailures"), context.metricGroup().counter("webhookSent"));
    }

    private final class Writer implements SinkWriter<Alert> {
        private final HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        private final Counter failures;
        private final Counter sent;

        Writer(Counter failures, Counter sent) {
            this.failures = failures;
            this.sent = sent;
        }

        @Override
        public void write(Alert alert, Context context) throws InterruptedException {
            String body = AlertmanagerWebhook.payload(receiver, List.of(alert), List.of("alertname"), externalUrl);
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Vigil")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            String lastError = null;
            for (int attempt = 1; attempt <= attempts; attempt++) {
                try {
                    HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() / 100 == 2) {
                        sent.inc();
                        return;
                    }
                    lastError = "HTTP " + response.statusCode();
                } catch (IOException e) {
                    lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
                }
                if (attempt < attempts) {
                    Thread.sleep(200L << (attempt - 1));
                }
            }
            failures.inc();
            LOG.error("webhook {} did not accept alert {} ({} {}) after {} attempts: {}", redacted(url),
                    alert.fingerprint(), alert.alertname(), alert.status(), attempts, lastError);
        }

        @Override
        public void flush(boolean endOfInput) {
            // Every write is synchronous: nothing is buffered.
        }

        @Override
        public void close() {
            // Java 17's HttpClient has no close(); its threads end when it is no longer referenced.
        }
    }
}
