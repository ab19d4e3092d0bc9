package dev.vigil.notify;

/**
 * Where a receiver sends: one of its {@code *_configs} entries. The URL and secret come from the
 * configuration, a file or an environment variable; {@link #toString()} never shows them.
 *
 * @param receiver      the receiver's name
 * @param index         the entry's position among the receiver's endpoints
 * @param kind          {@link #ALERTMANAGER}, {@link #WEBHOOK}, {@link #SLACK} or {@link #PAGERDUTY}
 * @param url           where to POST (Alertmanager: its base URL)
 * @param secret        the webhook signing secret or the PagerDuty routing key; empty for none
 * @param maxPerMinute  at most this many requests a minute (0: no limit); more wait their turn
 */
public record Endpoint(String receiver, int index, String kind, String url, String secret, int maxPerMinute) {
    public static final String ALERTMANAGER = "alertmanager";
    public static final String WEBHOOK = "webhook";
    public static final String SLACK = "slack";
    public static final String PAGERDUTY = "pagerduty";

    /** {@code receiver/kind#index}: names the endpoint in logs, metrics and dead letters. */
    public String name() {
        return receiver + "/" + kind + "#" + index;
    }

    /** The URL's scheme, host and port only: safe to log (Slack and others carry tokens in the path). */
    public String redactedUrl() {
        return url.isEmpty() ? "(url not read)" : redact(url);
    }

    /** Any URL without its path and query: what logs and errors may show of it. */
    public static String redact(String url) {
        java.net.URI u = java.net.URI.create(url);
        return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + "/…";
    }

    @Override
    public String toString() {
        return name() + " " + redactedUrl();
    }
}
