package dev.vigil.jobs.functions;

import dev.vigil.model.MetricSample;
import org.apache.flink.api.common.functions.FilterFunction;

import java.util.HashSet;

/** Samples of the named metrics: a comma-separated list; blank means every metric. */
public final class MetricNamed implements FilterFunction<MetricSample> {
    private static final long serialVersionUID = 1L;
    private final HashSet<String> names = new HashSet<>();

    public MetricNamed(String commaSeparated) {
        for (String n : commaSeparated.split(",")) {
            if (!n.isBlank()) {
                names.add(n.trim());
            }
        }
    }

    @Override
    public boolean filter(MetricSample s) {
        return names.isEmpty() || names.contains(s.name());
    }
}
