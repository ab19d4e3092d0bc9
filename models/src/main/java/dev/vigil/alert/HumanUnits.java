package dev.vigil.alert;

import java.util.Locale;

/**
 * Values as a person reads them, by the unit a Prometheus metric's name states: bytes in KiB/MiB/GiB/TiB,
 * seconds in µs/ms/s/min/h, ratios (utilisation, `_ratio`) in percent; and the physical bounds of each
 * (no negative bytes, no ratio above 100%), so an expected range never shows what cannot be.
 */
public final class HumanUnits {
    /** What a metric measures, from its name. */
    public enum Unit { BYTES, SECONDS, RATIO, PERCENT, NONE }

    private HumanUnits() {}

    public static Unit unit(String metric) {
        String m = metric.toLowerCase(Locale.ROOT);
        if (m.contains("bytes")) {
            return Unit.BYTES;
        }
        if (m.contains("seconds")) {
            return m.endsWith("_total") ? Unit.NONE : Unit.SECONDS;
        }
        if (m.contains("utilisation") || m.contains("utilization") || m.endsWith("_ratio") || m.contains("_ratio:")) {
            return Unit.RATIO;
        }
        if (m.contains("percent")) {
            return Unit.PERCENT;
        }
        return Unit.NONE;
    }

    /** The lowest value the metric can take (0 for sizes, durations, ratios); -infinity when its name says nothing. */
    public static double lowerBound(Unit u) {
        return u == Unit.NONE ? Double.NEGATIVE_INFINITY : 0;
    }

    /** The highest value the metric can take (1 for a ratio, 100 for a percentage); +infinity otherwise. */
    public static double upperBound(Unit u) {
        return u == Unit.RATIO ? 1 : u == Unit.PERCENT ? 100 : Double.POSITIVE_INFINITY;
    }

    public static double clamp(Unit u, double v) {
        return Math.max(lowerBound(u), Math.min(upperBound(u), v));
    }

    public static String format(Unit u, double v) {
        switch (u) {
            case BYTES: {
                String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
                double a = Math.abs(v);
                int i = 0;
                while (a >= 1024 && i < units.length - 1) {
                    a /= 1024;
                    v /= 1024;
                    i++;
                }
                return (i == 0 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, a >= 100 ? "%.0f" : "%.1f", v)) + " " + units[i];
            }
            case SECONDS: {
                double a = Math.abs(v);
                if (a < 1e-3) {
                    return String.format(Locale.ROOT, "%.0f µs", v * 1e6);
                }
                if (a < 1) {
                    return String.format(Locale.ROOT, "%.0f ms", v * 1e3);
                }
                if (a < 120) {
                    return String.format(Locale.ROOT, "%.1f s", v);
                }
                if (a < 7200) {
                    return String.format(Locale.ROOT, "%.0f min", v / 60);
                }
                return String.format(Locale.ROOT, "%.1f h", v / 3600);
            }
            case RATIO:
                return String.format(Locale.ROOT, "%.0f%%", v * 100);
            case PERCENT:
                return String.format(Locale.ROOT, "%.0f%%", v);
            default:
                return ThresholdRule.formatValue(v);
        }
    }
}
