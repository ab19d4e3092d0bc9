package dev.vigil.forecast;

import dev.vigil.model.Maps;

import java.util.Map;
import java.util.Objects;

/**
 * A row of history table {@code forecasts}: one resource's forecast at one time.
 *
 * @param time        forecast time, epoch millis
 * @param host        host
 * @param resource    filesystem, inodes, memory, swap
 * @param labels      the instance labels (mountpoint, device, fstype)
 * @param current     free amount now (the free metric's value)
 * @param limit       the limit (the limit metric's value)
 * @param eta         predicted exhaustion, epoch millis; null when not filling
 * @param etaLower    earliest exhaustion in the 80% band; null when none
 * @param etaUpper    latest exhaustion in the band; null when the band includes no growth
 * @param ratePerHour growth of the used fraction per hour (positive: filling)
 * @param method      {@code trend-6h|24h|72h} or {@code cycle-peaks}
 * @param confidence  probability that the resource runs out within a week ({@link FillConfidence}); null when the
 *                    forecast does not say it will, and for leaks
 */
public record ForecastRow(long time, String host, String resource, Map<String, String> labels, double current, double limit,
        Long eta, Long etaLower, Long etaUpper, double ratePerHour, String method, Double confidence) {
    public ForecastRow {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(resource, "resource");
        labels = Maps.sortedCopy(labels);
    }

    /** A fill forecast's row; {@code confidence} NaN for none. */
    public static ForecastRow of(Forecast f, String host, String resource, Map<String, String> labels, double current, double limit,
            double confidence) {
        return new ForecastRow(f.time(), host, resource, labels, current, limit, finite(f.eta()), finite(f.etaLower()),
                finite(f.etaUpper()), f.ratePerHour(), f.method(), Double.isNaN(confidence) ? null : confidence);
    }

    private static Long finite(long t) {
        return t == Long.MAX_VALUE ? null : t;
    }
}
