package dev.vigil.correlate;

/**
 * One event in a correlation's sliding window.
 *
 * @param time    event time
 * @param rule    the rule it matched
 * @param value   the aggregated field's value, or null
 * @param evidence "eventId summary"
 */
public record WindowEntry(long time, String rule, String value, String evidence) {}
