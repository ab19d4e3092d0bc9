package dev.vigil.correlate;

import dev.vigil.model.Maps;

import java.util.List;
import java.util.Map;

/**
 * An incident: a rule's matches for one group within one suppression window. Written to history when it
 * opens and again when it closes (suppression window over without new matches), with the same id.
 *
 * @param id        stable id: rule, group and the time it opened
 * @param status    open or closed
 * @param time      event time of this row (opening match, or closing)
 * @param ruleId    the rule's id
 * @param ruleName  the rule's name, may be null
 * @param title     the rule's title
 * @param level     the rule's level
 * @param tags      the rule's tags
 * @param groupKey  the group-by values as JSON object text
 * @param group     the same values as a map
 * @param first     first contributing event time
 * @param last      last contributing event time
 * @param count     matches folded into the incident
 * @param events    up to 20 contributing events, "eventId summary"
 * @param summary   a sentence for people
 * @param intel     threat-intelligence indicators among the group's values, "kind value (list)"
 * @param logHints  the host's log templates that rose most before the incident ({@link dev.vigil.logs.TemplateHints})
 */
public record Incident(
        String id, String status, long time, String ruleId, String ruleName, String title, String level, List<String> tags,
        String groupKey, Map<String, String> group, long first, long last, long count, List<String> events, String summary,
        List<String> intel, List<String> logHints) {
    public static final String OPEN = "open";
    public static final String CLOSED = "closed";

    public Incident {
        tags = List.copyOf(tags);
        group = Maps.sortedCopy(group);
        events = List.copyOf(events);
        intel = intel == null ? List.of() : List.copyOf(intel);
        logHints = logHints == null ? List.of() : List.copyOf(logHints);
    }

    /** This incident annotated with threat-intelligence indicators. */
    public Incident withIntel(List<String> indicators) {
        return new Incident(id, status, time, ruleId, ruleName, title, level, tags, groupKey, group, first, last, count, events, summary, indicators, logHints);
    }

    /** This incident with log root-cause hints. */
    public Incident withLogHints(List<String> hints) {
        return new Incident(id, status, time, ruleId, ruleName, title, level, tags, groupKey, group, first, last, count, events, summary, intel, hints);
    }
}
