package dev.vigil.jobs.metrics;

import dev.vigil.jobs.config.VigilConfig;

import dev.vigil.model.MetricSample;
import org.apache.flink.api.common.functions.FilterFunction;

import java.util.HashSet;

/**
 * Samples of the named metrics: a comma-separated list; blank means every metric, optionally except
 * Prometheus counters (names ending in {@code _total}).
 */
public final class MetricNamed implements FilterFunction<MetricSample> {
    private static final long serialVersionUID = 1L;
    private final HashSet<String> names = new HashSet<>();
    private final boolean skipCounters;

    public MetricNamed(String commaSeparated) {
        this(commaSeparated, false);
    }

    public MetricNamed(String commaSeparated, boolean skipCounters) {
        this.skipCounters = skipCounters;
        names.addAll(VigilConfig.commaSeparated(commaSeparated));
    }

    @Override
    public boolean filter(MetricSample s) {
        if (!names.isEmpty()) {
            return names.contains(s.name());
        }
        return !(skipCounters && s.name().endsWith("_total"));
    }
}
