package dev.vigil.forecast;

import dev.vigil.model.SqlText;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A forecast in words, for people: "filesystem / on web-3 full in ~3 days (2 to 4 days)". */
public final class ForecastWords {
    private ForecastWords() {}

    /** "~3 days", "~12 h", "~40 min"; "not within sight" for no exhaustion. */
    public static String in(long from, long to) {
        if (to == Long.MAX_VALUE) {
            return "not within sight";
        }
        Duration d = Duration.ofMillis(Math.max(0, to - from));
        if (d.toHours() >= 48) {
            return "~" + Math.round(d.toHours() / 24.0) + " days";
        }
        if (d.toMinutes() >= 120) {
            return "~" + Math.round(d.toMinutes() / 60.0) + " h";
        }
        return "~" + d.toMinutes() + " min";
    }

    /** Alert annotations; {@code confidence} from {@link FillConfidence}, NaN for none. */
    public static Map<String, String> annotations(Forecast f, double confidence, String resource, String host, Map<String, String> labels) {
        String what = resource + (labels.containsKey("mountpoint") ? " " + labels.get("mountpoint") : "");
        Map<String, String> m = new HashMap<>();
        m.put("summary", what + " on " + host + " full in " + in(f.time(), f.eta()) + " (between " + in(f.time(), f.etaLower())
                + " and " + in(f.time(), f.etaUpper()) + ")");
        m.put("description", String.format(Locale.ROOT, "%.1f%% free, filling by %.2f%% an hour (%s); 80%% band of the exhaustion time: %s to %s.",
                100 * f.current(), 100 * f.ratePerHour(), f.method(), iso(f.etaLower()), iso(f.etaUpper()))
                + (Double.isNaN(confidence) ? "" : String.format(Locale.ROOT, " Confidence that it runs out within a week: %.0f%%.", 100 * confidence)));
        if (!Double.isNaN(confidence)) {
            m.put("confidence", String.format(Locale.ROOT, "%.2f", confidence));
        }
        m.put("eta", iso(f.eta()));
        m.put("eta_lower", iso(f.etaLower()));
        m.put("eta_upper", iso(f.etaUpper()));
        StringBuilder q = new StringBuilder("SELECT time, current, \"limit\", eta, eta_lower, eta_upper, rate_per_hour, method, confidence FROM forecasts WHERE host = ")
                .append(SqlText.quote(host)).append(" AND resource = ").append(SqlText.quote(resource));
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            q.append(" AND labels[").append(SqlText.quote(e.getKey())).append("] = ").append(SqlText.quote(e.getValue()));
        }
        m.put("query", q.append(" ORDER BY time DESC LIMIT 48").toString());
        return m;
    }

    private static String iso(long t) {
        return t == Long.MAX_VALUE ? "never" : Instant.ofEpochMilli(t).toString();
    }
}
