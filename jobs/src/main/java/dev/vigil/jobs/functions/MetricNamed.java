package dev.vigil.jobs.functions;

import dev.vigil.model.MetricSample;
import org.apache.flink.api.common.functions.FilterFunction;

/** Samples of one metric. */
public final class MetricNamed implements FilterFunction<MetricSample> {
    private static final long serialVersionUID = 1L;
    private final String name;

    public MetricNamed(String name) {
        this.name = name;
    }

    @Override
    public boolean filter(MetricSample s) {
        return s.name().equals(name);
    }
}
