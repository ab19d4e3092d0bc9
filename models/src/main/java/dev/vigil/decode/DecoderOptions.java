package dev.vigil.decode;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Settings every decoder shares: the plausibility window for event times, the zone of syslog
 * timestamps that carry none, the year of RFC 3164 timestamps, and the host used when a line names none.
 *
 * @param year        the year of RFC 3164 timestamps; null to infer it from the receive time
 * @param zone        zone of timestamps without offset (RFC 3164)
 * @param minTime     event times before this are rejected (epoch millis)
 * @param maxFuture   event times further than this ahead of the receive time are rejected
 * @param defaultHost host for records that name none
 */
public record DecoderOptions(Integer year, ZoneId zone, long minTime, Duration maxFuture, String defaultHost) {
    public static final long DEFAULT_MIN_TIME = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    public static final Duration DEFAULT_MAX_FUTURE = Duration.ofDays(1);

    public DecoderOptions {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(maxFuture, "maxFuture");
        Objects.requireNonNull(defaultHost, "defaultHost");
        if (year != null && (year < 1970 || year > 9999)) {
            throw new IllegalArgumentException("year must be between 1970 and 9999, was " + year);
        }
    }

    public static DecoderOptions defaults() {
        return new DecoderOptions(null, ZoneOffset.UTC, DEFAULT_MIN_TIME, DEFAULT_MAX_FUTURE, "unknown");
    }

    public DecoderOptions withYear(Integer newYear) {
        return new DecoderOptions(newYear, zone, minTime, maxFuture, defaultHost);
    }

    /** Rejects an event time that is implausible, naming the field it came from. */
    public long checkTime(String field, long time, long receivedAt) throws DecodeException {
        if (time < minTime) {
            throw new DecodeException("field '" + field + "': " + Instant.ofEpochMilli(time)
                    + " is before the earliest accepted time " + Instant.ofEpochMilli(minTime));
        }
        if (time - receivedAt > maxFuture.toMillis()) {
            throw new DecodeException("field '" + field + "': " + Instant.ofEpochMilli(time)
                    + " is more than " + maxFuture + " ahead of the receive time " + Instant.ofEpochMilli(receivedAt));
        }
        return time;
    }
}
