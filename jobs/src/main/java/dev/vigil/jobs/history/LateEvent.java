package dev.vigil.jobs.history;

/**
 * An event an event-time operator received after the watermark had passed it. The event itself is in
 * history ({@code events}); this records that an analysis skipped it.
 *
 * @param time     the event's time
 * @param operator the operator that skipped it (threshold alerts, correlation windows, cep: ...)
 * @param host     the event's host, when known
 * @param rule     the rule or correlation that did not see it
 * @param groupKey the series or group it belonged to
 * @param summary  one line describing the event
 */
public record LateEvent(long time, String operator, String host, String rule, String groupKey, String summary) {}
