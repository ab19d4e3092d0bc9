package dev.vigil.logs;

/**
 * A log template that is new on a host and app, or an error-category template whose rate jumped
 * against its own baseline: a row of history table {@code log_anomalies}.
 *
 * @param time     when: the first sighting (new) or the end of the window (rate jump)
 * @param kind     {@code new} or {@code rate_jump}
 * @param count    lines of the template in the window (1 for a new template)
 * @param baseline the template's usual lines per window before it (0 for a new template)
 * @param score    how far the count is from the baseline, in Poisson standard deviations
 */
public record LogAnomaly(long time, String host, String app, String templateId, String template, String category,
                         String kind, long count, double baseline, double score) {
    public static final String NEW = "new";
    public static final String RATE_JUMP = "rate_jump";
}
