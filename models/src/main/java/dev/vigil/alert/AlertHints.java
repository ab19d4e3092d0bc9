package dev.vigil.alert;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Root-cause hints: the other alerts of the same host that started shortly before an alert. An
 * operator paged for "api latency" wants to see at once that "disk / full" and "OOM kill" fired on that
 * host minutes earlier; the earliest are listed first, as the likelier causes.
 */
public final class AlertHints {
    /** The annotation that carries the hints. */
    public static final String ANNOTATION = "hints";
    /** At most this many earlier alerts are named, so a storm does not bloat every notification. */
    public static final int MAX = 5;
    private static final Comparator<Alert> EARLIEST = Comparator.comparingLong(Alert::startsAt).thenComparing(Alert::fingerprint);

    private AlertHints() {}

    /**
     * The hint text for {@code alert}: those of {@code recent} (any order) that started within
     * {@code windowMs} before it (or at the same time), other than itself; empty when there are none.
     */
    public static String describe(Alert alert, Iterable<Alert> recent, long windowMs) {
        List<Alert> earlier = new ArrayList<>();
        for (Alert a : recent) {
            long before = alert.startsAt() - a.startsAt();
            if (!a.fingerprint().equals(alert.fingerprint()) && before >= 0 && before <= windowMs) {
                earlier.add(a);
            }
        }
        if (earlier.isEmpty()) {
            return "";
        }
        earlier.sort(EARLIEST);
        StringBuilder b = new StringBuilder("Earlier on this host: ");
        for (int i = 0; i < Math.min(MAX, earlier.size()); i++) {
            Alert a = earlier.get(i);
            if (i > 0) {
                b.append("; ");
            }
            b.append(a.alertname());
            String severity = a.labels().get("severity");
            if (severity != null) {
                b.append(" (").append(severity).append(')');
            }
            b.append(' ').append(minutes(alert.startsAt() - a.startsAt())).append(" before");
            if (a.status().equals(Alert.RESOLVED) && a.endsAt() <= alert.startsAt()) {
                b.append(", resolved since");
            }
        }
        if (earlier.size() > MAX) {
            b.append("; and ").append(earlier.size() - MAX).append(" more");
        }
        return b.toString();
    }

    /** The alert with its hints annotation; the alert itself when there are none. */
    public static Alert annotate(Alert alert, String hints) {
        if (hints.isEmpty()) {
            return alert;
        }
        return alert.withAnnotation(ANNOTATION, hints);
    }

    /** A duration for people: {@code 7 min}, {@code 2 h 5 min}. */
    public static String minutes(long ms) {
        long m = Math.round(ms / 60_000.0);
        return m < 60 ? m + " min" : m / 60 + " h " + m % 60 + " min";
    }
}
