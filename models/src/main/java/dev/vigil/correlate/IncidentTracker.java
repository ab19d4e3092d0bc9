package dev.vigil.correlate;

import dev.vigil.sigma.CorrelationRule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Suppression: one incident per rule and group per suppression window. The first match opens it; later
 * matches fold into it (count, last seen, evidence) instead of raising new ones; when a whole suppression
 * window passes after the last match, it closes. Pure logic: the Flink operator keeps the open incident
 * in state and a timer at {@link #closesAt}.
 */
public final class IncidentTracker {
    private IncidentTracker() {}

    /** A new incident for the first match of a group. */
    public static Incident open(CorrelationRule rule, String ruleId, CorrelationMatch m) {
        Map<String, String> group = parseGroup(m.groupKey());
        // One incident at a time per rule and group: the opening time makes the id unique; the first event alone might not.
        String id = EventIds.of(m.time(), ruleId + "|" + m.groupKey() + "|" + m.first());
        return new Incident(id, Incident.OPEN, m.time(), ruleId, rule.name(), rule.title(), rule.level(), rule.tags(),
                m.groupKey(), group, m.first(), m.time(), m.eventCount(), m.events(),
                summary(rule, group, m.eventCount(), m.aggregate(), m.first(), m.time()), List.of(), List.of());
    }

    /** The open incident with one more match folded in (one new event: the window slid by one). */
    public static Incident fold(CorrelationRule rule, Incident open, CorrelationMatch m) {
        List<String> events = new ArrayList<>(open.events());
        for (String e : m.events()) {
            if (!events.contains(e)) {
                events.add(e);
            }
        }
        if (events.size() > SlidingWindow.MAX_EVIDENCE) {
            // Keep the first events (how it began) and the newest (where it stands).
            List<String> kept = new ArrayList<>(events.subList(0, SlidingWindow.MAX_EVIDENCE / 2));
            kept.addAll(events.subList(events.size() - SlidingWindow.MAX_EVIDENCE / 2, events.size()));
            events = kept;
        }
        long count = open.count() + 1;
        long last = Math.max(open.last(), m.time());
        return new Incident(open.id(), Incident.OPEN, open.time(), open.ruleId(), open.ruleName(), open.title(), open.level(),
                open.tags(), open.groupKey(), open.group(), open.first(), last, count, events,
                summary(rule, open.group(), count, m.aggregate(), open.first(), last), open.intel(), open.logHints());
    }

    /** The closing row of an incident. */
    public static Incident close(Incident open, long time) {
        return new Incident(open.id(), Incident.CLOSED, time, open.ruleId(), open.ruleName(), open.title(), open.level(),
                open.tags(), open.groupKey(), open.group(), open.first(), open.last(), open.count(), open.events(), open.summary(),
                open.intel(), open.logHints());
    }

    /** When an incident whose last match was at {@code last} closes. */
    public static long closesAt(long last, java.time.Duration suppression) {
        return last + suppression.toMillis();
    }

    static String summary(CorrelationRule rule, Map<String, String> group, long count, double aggregate, long first, long last) {
        StringBuilder b = new StringBuilder(rule.title()).append(": ");
        if (rule.type().equals("event_count") || rule.temporal()) {
            b.append(count).append(count == 1 ? " event" : " events");
        } else {
            b.append(rule.type().substring(6)).append(' ').append(aggregate == Math.rint(aggregate) ? Long.toString((long) aggregate) : String.format(java.util.Locale.ROOT, "%.2f", aggregate))
                    .append(" (").append(count).append(" events)");
        }
        if (!group.isEmpty()) {
            b.append(" for ");
            boolean firstField = true;
            for (Map.Entry<String, String> e : group.entrySet()) {
                b.append(firstField ? "" : ", ").append(e.getKey()).append('=').append(e.getValue());
                firstField = false;
            }
        }
        b.append(", ").append(Instant.ofEpochMilli(first));
        if (last != first) {
            b.append(" to ").append(Instant.ofEpochMilli(last));
        }
        return b.toString();
    }

    /**
     * Parses the flat JSON object text of a group key (values are strings or null; a JSON null becomes a
     * null value). A malformed text yields what could be read: keys come from the job's own writer, values
     * from events, and an odd value must not stop the job.
     */
    public static Map<String, String> parseGroup(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            int i = 1;
            int n = json.length() - 1;
            while (i < n) {
                StringBuilder key = new StringBuilder();
                i = readString(json, i, key);
                i++; // ':'
                String value;
                if (json.startsWith("null", i)) {
                    value = null;
                    i += 4;
                } else {
                    StringBuilder v = new StringBuilder();
                    i = readString(json, i, v);
                    value = v.toString();
                }
                out.put(key.toString(), value);
                if (i < n && json.charAt(i) == ',') {
                    i++;
                }
            }
        } catch (RuntimeException e) {
            out.putIfAbsent("group_key", json);
        }
        return out;
    }

    private static int readString(String json, int i, StringBuilder out) {
        i++; // opening quote
        while (json.charAt(i) != '"') {
            char c = json.charAt(i);
            if (c == '\\') {
                char e = json.charAt(++i);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> out.append(e);
                }
            } else {
                out.append(c);
            }
            i++;
        }
        return i + 1;
    }
}
