package dev.vigil.jobs.logs;

/** One log line's template, as the miner saw it: what the per-host template activity counts. */
public record TemplateSighting(long time, String host, String app, String templateId, String template, String category) {}
