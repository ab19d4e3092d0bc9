package dev.vigil.logs;

/**
 * One template's lines on one host in one window: a row of history table {@code log_templates}, and,
 * with its change against the baseline, the evidence behind template hints.
 *
 * @param windowStart start of the window, epoch millis
 * @param windowEnd   end of the window (exclusive)
 * @param firstSeen   the template's first line on this host and app (as far as the job remembers)
 * @param lastSeen    its latest line
 * @param count       its lines in the window
 * @param baseline    its usual lines per window before this one (exponentially weighted)
 * @param change      (count - baseline) / sqrt(baseline + 1): how unusual the window is
 */
public record TemplateWindow(long windowStart, long windowEnd, String host, String app, String templateId, String template,
                             String category, long firstSeen, long lastSeen, long count, double baseline, double change) {
}
