package dev.vigil.jobs.ingest;

import dev.vigil.model.DeadLetter;
import dev.vigil.model.Gap;
import dev.vigil.model.LogRecord;
import dev.vigil.model.MetricSample;
import dev.vigil.model.SecurityEvent;

/**
 * What the sources emit: exactly one decoded event of one of the three kinds, a dead letter, or a gap
 * (records the Kafka broker deleted before they were read).
 * A record of nullable fields rather than an interface hierarchy, so Flink serialises it with its own
 * POJO serializers (no Kryo) and sources can assign event-time watermarks per Kafka partition.
 */
public record Envelope(MetricSample metric, LogRecord log, SecurityEvent security, DeadLetter deadLetter, Gap gap) {
    /** Records with no event time (dead letters) carry this timestamp, which never advances a watermark. */
    public static final long NO_EVENT_TIME = Long.MIN_VALUE;

    public static Envelope of(MetricSample m) {
        return new Envelope(m, null, null, null, null);
    }

    public static Envelope of(LogRecord l) {
        return new Envelope(null, l, null, null, null);
    }

    public static Envelope of(SecurityEvent s) {
        return new Envelope(null, null, s, null, null);
    }

    public static Envelope of(DeadLetter d) {
        return new Envelope(null, null, null, d, null);
    }

    public static Envelope of(Gap g) {
        return new Envelope(null, null, null, null, g);
    }

    /** The event's time, or {@link #NO_EVENT_TIME} for a dead letter or a gap. */
    public long eventTime() {
        if (metric != null) {
            return metric.time();
        }
        if (log != null) {
            return log.time();
        }
        if (security != null) {
            return security.time();
        }
        return NO_EVENT_TIME;
    }

    /** The history {@code kind} column: metric, log or security. */
    public String kind() {
        if (metric != null) {
            return "metric";
        }
        if (log != null) {
            return "log";
        }
        if (security != null) {
            return "security";
        }
        return deadLetter != null ? "dead_letter" : "gap";
    }
}
