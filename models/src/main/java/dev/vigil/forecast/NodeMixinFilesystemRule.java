package dev.vigil.forecast;

/**
 * The node_exporter mixin's {@code NodeFilesystemSpaceFillingUp} alert, evaluated as Prometheus would
 * on one filesystem's samples, the baseline Vigil's forecasts are compared with:
 * <ul>
 *   <li>warning: {@code avail / size * 100 < 40 and predict_linear(avail[6h], 24h) < 0}, for 1h;</li>
 *   <li>critical: {@code avail / size * 100 < 20 and predict_linear(avail[6h], 4h) < 0}, for 1h.</li>
 * </ul>
 * (The mixin's {@code node_filesystem_readonly == 0} term is taken as true.) Instant lookups take the
 * newest sample at most 5 minutes old, Prometheus' default lookback.
 */
public final class NodeMixinFilesystemRule {
    public static final long LOOKBACK_MS = 5 * 60_000L;
    public static final long RANGE_MS = 6 * 3_600_000L;
    public static final long FOR_MS = 3_600_000L;

    /** One severity of the rule. */
    public record Level(String severity, double percentBelow, double aheadSeconds) {}

    public static final Level WARNING = new Level("warning", 40, 24 * 3600);
    public static final Level CRITICAL = new Level("critical", 20, 4 * 3600);

    private NodeMixinFilesystemRule() {}

    /** Whether the rule's expression is true at {@code at} (before {@code for}). */
    public static boolean condition(Level level, long[] times, double[] avail, double[] size, int count, long at) {
        int latest = latestWithin(times, count, at);
        if (latest < 0 || size[latest] <= 0) {
            return false;
        }
        if (avail[latest] / size[latest] * 100 >= level.percentBelow()) {
            return false;
        }
        double predicted = PredictLinear.predict(times, avail, count, at, RANGE_MS, level.aheadSeconds());
        return predicted < 0;
    }

    /**
     * The first time the alert fires (its condition held at every evaluation for {@code for}), evaluating
     * every {@code stepMs} from {@code from} to {@code to}; -1 if it never fires.
     */
    public static long firstFiring(Level level, long[] times, double[] avail, double[] size, int count, long from, long to, long stepMs) {
        long activeSince = -1;
        for (long at = from; at <= to; at += stepMs) {
            if (condition(level, times, avail, size, count, at)) {
                if (activeSince < 0) {
                    activeSince = at;
                }
                if (at - activeSince >= FOR_MS) {
                    return at;
                }
            } else {
                activeSince = -1;
            }
        }
        return -1;
    }

    private static int latestWithin(long[] times, int count, long at) {
        int found = -1;
        for (int i = 0; i < count && times[i] <= at; i++) {
            found = i;
        }
        return found >= 0 && at - times[found] <= LOOKBACK_MS ? found : -1;
    }
}
