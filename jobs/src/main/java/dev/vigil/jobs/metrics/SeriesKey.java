package dev.vigil.jobs.metrics;

import dev.vigil.model.MetricSample;
import org.apache.flink.api.java.functions.KeySelector;

/** Keys samples by series (host, name, labels). */
public final class SeriesKey implements KeySelector<MetricSample, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(MetricSample s) {
        return s.seriesKey();
    }
}
