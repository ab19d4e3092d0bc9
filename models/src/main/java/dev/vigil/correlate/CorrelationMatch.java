package dev.vigil.correlate;

import java.util.List;

/**
 * A correlation whose condition held at {@code time} for one group, with the events behind it.
 *
 * @param correlation the correlation's id
 * @param groupKey    the group as JSON object text
 * @param time        when it held (event time of the last contributing event)
 * @param first       event time of the first contributing event
 * @param aggregate   the aggregate that met the condition (count, distinct values, sum, ...)
 * @param eventCount  events behind the match (in the window, or in the pattern)
 * @param events      contributing events as "eventId summary", oldest first, at most {@link SlidingWindow#MAX_EVIDENCE}
 */
public record CorrelationMatch(String correlation, String groupKey, long time, long first, double aggregate, int eventCount, List<String> events) {
    public CorrelationMatch {
        events = List.copyOf(events);
    }

    public String key() {
        return correlation + "|" + groupKey;
    }
}
