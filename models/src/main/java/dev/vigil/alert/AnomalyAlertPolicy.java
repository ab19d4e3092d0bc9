package dev.vigil.alert;

import dev.vigil.anomaly.DailyProfile;

import java.util.Locale;

/**
 * When a series' anomaly is worth an alert, apart from how the detector scores it (issue 23). A score
 * says a value is unusual; an alert needs more:
 * <ul>
 *   <li><b>the bad side.</b> Free disk jumping up after logrotate, an app's memory falling to its baseline
 *   after a restart, latency dropping: unusual, and good news. Each metric has a side that is a problem,
 *   read from its name as Prometheus conventions write it ({@link #direction});</li>
 *   <li><b>sustained.</b> A single sample far out (a latency spike, a cron job's minute) pages nobody who
 *   can act on it: the series must stay out of its expected range, on the bad side, for the sustain time,
 *   and its score must have reached the alert score in that run.</li>
 * </ul>
 * Pure: the operator keeps the run in state and asks {@link #step}.
 */
public final class AnomalyAlertPolicy {
    /** The side of a series' expected range that is a problem. */
    public enum Direction {
        /** Too high is the problem (latency, errors, CPU, used memory). */
        HIGH,
        /** Too low is the problem (free or available space, memory, idle, up). */
        LOW,
        /** Either side (a metric whose name says nothing). */
        BOTH,
        /** Neither: the metric swings by design (caches, buffers, free memory that caches take), never alerted. */
        NONE
    }

    /**
     * The run of bad samples after this one: its start (null: no run), its peak score, and the expected range
     * when it began. The run is judged against that range, not the detector's current one: a band that follows
     * a pinned CPU up would otherwise end the run (and resolve the alert) while the CPU is still pinned.
     */
    public record Run(Long start, double peak, double low, double high, double tolerance) {
        public static final Run NONE = new Run(null, 0, Double.NaN, Double.NaN, 0);
    }

    private AnomalyAlertPolicy() {}

    /** The problem side of a metric, from its name. */
    public static Direction direction(String metric) {
        String m = metric.toLowerCase(Locale.ROOT);
        if (m.contains("cached") || m.contains("buffers") || m.contains("memfree") || m.contains("page_cache")) {
            return Direction.NONE;
        }
        if (m.contains("avail") || m.contains("free") || m.contains("idle") || m.equals("up") || m.endsWith("_up")) {
            return Direction.LOW;
        }
        if (m.contains("duration") || m.contains("latency") || m.contains("seconds") || m.contains("error") || m.contains("fail")
                || m.contains("cpu") || m.contains("load") || m.contains("utilis") || m.contains("utiliz") || m.contains("resident")
                || m.contains("used") || m.contains("usage") || m.contains("queue") || m.contains("temp")) {
            return Direction.HIGH;
        }
        return Direction.BOTH;
    }

    /** Whether a value lies outside its expected range on the problem side. */
    public static boolean onBadSide(Direction d, double value, double expectedLow, double expectedHigh) {
        return switch (d) {
            case HIGH -> value > expectedHigh;
            case LOW -> value < expectedLow;
            case BOTH -> value > expectedHigh || value < expectedLow;
            case NONE -> false;
        };
    }

    /**
     * The run after one judged sample: a sample on the bad side scoring at least {@code resolveScore}
     * starts it; while the series stays on its bad side the run goes on (keeping its peak score), however
     * the score falls as the detector's band follows a new level; a sample back in range ends it.
     */
    public static Run step(Run run, Direction d, long time, double value, double score, double expectedLow, double expectedHigh,
            DailyProfile.Usual usual, double resolveScore) {
        // The range a value is judged against: what this time of day held on earlier days when that is known
        // (the detector's band does not follow the daily cycle), else the detector's band as the run began (a
        // band that follows a pinned CPU up would otherwise end the run while the CPU is still pinned). A
        // lasting change is the new normal a day later, when the profile has learnt it.
        double tol = usual.known() ? tolerance(usual) : 0;
        if (run.start() == null) {
            double low = usual.known() ? usual.low() - tol : expectedLow;
            double high = usual.known() ? usual.high() + tol : expectedHigh;
            boolean starts = onBadSide(d, value, low, high) && score >= resolveScore;
            return starts ? new Run(time, score, low, high, tol) : Run.NONE;
        }
        double low = usual.known() ? usual.low() - tol : run.low();
        double high = usual.known() ? usual.high() + tol : run.high();
        if (!onBadSide(d, value, low, high)) {
            return Run.NONE;
        }
        return new Run(run.start(), Math.max(run.peak(), score), low, high, usual.known() ? tol : run.tolerance());
    }

    /**
     * How far past what the time of day held a value must be: a quarter of that range, half of it while only
     * one earlier day is known (with five-minute scrapes the 25 minutes around a slot hold five values a
     * day, whose range is narrower than the noise).
     */
    private static double tolerance(DailyProfile.Usual usual) {
        return (usual.days() < 2 ? 0.5 : 0.25) * (usual.high() - usual.low());
    }

    /**
     * Whether a run is an alert: it has lasted the sustain time, and either its score peaked at the alert
     * score or the value is now far out: beyond the run's range by half that range's width or more. A level shift (a CPU pinned at 98%) scores low once the detector's views see it persist, yet it is
     * the plainest problem there is; how far and how long say so where the score does not.
     */
    public static boolean fires(Run run, Direction d, long time, double value, long sustainMs, double alertScore) {
        if (run.start() == null || time - run.start() < sustainMs) {
            return false;
        }
        return run.peak() >= alertScore || far(d, value, run);
    }

    /** Beyond the run's range on the bad side by half the width it was widened from, or its widening if more. */
    static boolean far(Direction d, double value, Run run) {
        double low = run.low();
        double high = run.high();
        double margin = Math.max(0.5 * (high - low - 2 * run.tolerance()), run.tolerance());
        return switch (d) {
            case HIGH -> value > high + margin;
            case LOW -> value < low - margin;
            case BOTH -> value > high + margin || value < low - margin;
            case NONE -> false;
        };
    }
}
