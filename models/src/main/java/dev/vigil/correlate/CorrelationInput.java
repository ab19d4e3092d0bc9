package dev.vigil.correlate;

/**
 * One rule match as input to one correlation: which correlation, which group, when, which rule, the
 * aggregated field's value, and a line describing the event.
 *
 * @param correlation the correlation's id (or the detection rule's id for its own incidents)
 * @param groupKey    the group-by values as a JSON object text, e.g. {"source.ip":"203.0.113.7"}
 * @param time        event time, epoch millis
 * @param rule        id of the matched rule
 * @param value       the value_* field's value, else null
 * @param eventId     a stable id of the event (see {@link EventIds})
 * @param summary     one line describing the event
 * @param depth       the correlation's depth in a chain (1: over detection rules)
 * @param temporal    whether the correlation is temporal or temporal_ordered (evaluated by CEP)
 */
public record CorrelationInput(String correlation, String groupKey, long time, String rule, String value, String eventId,
                               String summary, int depth, boolean temporal) {
    public String key() {
        return correlation + "|" + groupKey;
    }
}
