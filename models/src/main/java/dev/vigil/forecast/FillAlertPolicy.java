package dev.vigil.forecast;

/**
 * When a forecast is worth waking someone. Warning: the band's earliest exhaustion is within the
 * warning horizon on at least a day of evidence (six hours of a daily cycle look like a fill; a day
 * does not), or the central ETA is within half of it. Critical: the earliest exhaustion is within the
 * critical horizon and the central ETA within twice it.
 */
public final class FillAlertPolicy {
    static final long HOUR = 3_600_000L;
    /** The defaults: the node-mixin rule's own horizons, so the comparison is like for like. */
    public static final long WARNING_MS = 24 * HOUR;
    public static final long CRITICAL_MS = 4 * HOUR;

    private FillAlertPolicy() {}

    public static boolean warning(Forecast f) {
        return warning(f, WARNING_MS);
    }

    public static boolean critical(Forecast f) {
        return critical(f, CRITICAL_MS);
    }

    public static boolean warning(Forecast f, long horizonMs) {
        if (!f.sustained()) {
            return false;
        }
        boolean evidence = f.horizonMs() >= 24 * HOUR || f.method().equals("cycle-peaks");
        return (evidence && f.etaLower() <= f.time() + horizonMs) || f.eta() <= f.time() + horizonMs / 2;
    }

    public static boolean critical(Forecast f, long horizonMs) {
        return f.sustained() && f.etaLower() <= f.time() + horizonMs && f.eta() <= f.time() + 2 * horizonMs;
    }
}
