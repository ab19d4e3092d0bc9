package dev.vigil.simulate;

/**
 * One simulated record as an agent would ship it.
 *
 * @param stream {@code metrics} (Prometheus JSON) or {@code logs} (RFC 3164 syslog)
 * @param time   event time, epoch millis
 * @param host   originating host (the Kafka key)
 * @param text   the record
 */
public record SimRecord(String stream, long time, String host, String text) {
    public static final String METRICS = "metrics";
    public static final String LOGS = "logs";
}
