package dev.vigil.forecast;

/**
 * When a forecast is worth waking someone: warning when the band's earliest exhaustion is within 24 h
 * on at least a day of evidence (or the central ETA itself is within 12 h); critical when the earliest
 * is within 4 h and the central ETA within 8 h. Six hours of a daily cycle look like a fill; a day
 * does not.
 */
public final class FillAlertPolicy {
    static final long HOUR = 3_600_000L;

    private FillAlertPolicy() {}

    public static boolean warning(Forecast f) {
        boolean evidence = f.horizonMs() >= 24 * HOUR || f.method().equals("cycle-peaks");
        return (evidence && f.etaLower() <= f.time() + 24 * HOUR) || f.eta() <= f.time() + 12 * HOUR;
    }

    public static boolean critical(Forecast f) {
        return f.etaLower() <= f.time() + 4 * HOUR && f.eta() <= f.time() + 8 * HOUR;
    }
}
