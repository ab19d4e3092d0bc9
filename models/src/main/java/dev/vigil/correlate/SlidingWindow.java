package dev.vigil.correlate;

import dev.vigil.sigma.CorrelationRule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sliding-window evaluation of the count and value correlation types: each new event (in event-time
 * order) is added to the group's window, events older than the timespan are dropped, and the aggregate
 * is compared with the condition. Sliding, not tumbling, windows: the specification prefers them, and a
 * burst that straddles a fixed boundary must not escape.
 *
 * <ul>
 *   <li>event_count: events in the window;</li>
 *   <li>value_count: distinct values of the field;</li>
 *   <li>value_sum, value_avg: sum and mean of the field's numeric values (non-numeric values are ignored);</li>
 *   <li>value_percentile: the share, in percent, of the window's events that carry the newest event's value
 *       (a rare value has a low percentile).</li>
 * </ul>
 */
public final class SlidingWindow {
    /** Contributing events an incident keeps. */
    public static final int MAX_EVIDENCE = 20;
    /** Entries a window keeps at most; older ones go first. Bounds state per group under floods. */
    public static final int MAX_ENTRIES = 10_000;

    private SlidingWindow() {}

    /**
     * Adds {@code entry} to {@code window} (time-ordered, mutated in place), evicts what fell out of the
     * timespan, and returns the match when the condition holds.
     */
    public static CorrelationMatch add(CorrelationRule rule, String groupKey, List<WindowEntry> window, WindowEntry entry) {
        window.add(entry);
        long oldest = entry.time() - rule.timespan().toMillis();
        int drop = 0;
        while (drop < window.size() && window.get(drop).time() <= oldest) {
            drop++;
        }
        drop = Math.max(drop, window.size() - MAX_ENTRIES);
        if (drop > 0) {
            window.subList(0, drop).clear();
        }
        double aggregate = aggregate(rule.type(), window, entry);
        if (Double.isNaN(aggregate) || !rule.satisfied(aggregate)) {
            return null;
        }
        List<String> evidence = new ArrayList<>();
        for (int i = Math.max(0, window.size() - MAX_EVIDENCE); i < window.size(); i++) {
            evidence.add(window.get(i).evidence());
        }
        return new CorrelationMatch(rule.id(), groupKey, entry.time(), window.get(0).time(), aggregate, window.size(), evidence);
    }

    static double aggregate(String type, List<WindowEntry> window, WindowEntry newest) {
        switch (type) {
            case "event_count":
                return window.size();
            case "value_count": {
                Set<String> distinct = new HashSet<>();
                for (WindowEntry e : window) {
                    if (e.value() != null) {
                        distinct.add(e.value());
                    }
                }
                return distinct.size();
            }
            case "value_sum":
            case "value_avg": {
                double sum = 0;
                int n = 0;
                for (WindowEntry e : window) {
                    Double v = number(e.value());
                    if (v != null) {
                        sum += v;
                        n++;
                    }
                }
                if (n == 0) {
                    return Double.NaN;
                }
                return type.equals("value_sum") ? sum : sum / n;
            }
            case "value_percentile": {
                if (newest.value() == null) {
                    return Double.NaN;
                }
                Map<String, Integer> counts = new HashMap<>();
                int n = 0;
                for (WindowEntry e : window) {
                    if (e.value() != null) {
                        counts.merge(e.value(), 1, Integer::sum);
                        n++;
                    }
                }
                return 100.0 * counts.get(newest.value()) / n;
            }
            default:
                throw new IllegalArgumentException("not a window correlation: " + type);
        }
    }

    private static Double number(String s) {
        if (s == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(s.trim());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
