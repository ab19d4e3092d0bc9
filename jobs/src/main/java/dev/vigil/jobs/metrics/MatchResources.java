package dev.vigil.jobs.metrics;

import dev.vigil.forecast.Resource;
import dev.vigil.model.MetricSample;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

import java.util.HashMap;
import java.util.List;

/** Picks the samples that are a resource's free amount or limit, keyed by resource, host and instance label. */
public final class MatchResources implements FlatMapFunction<MetricSample, ResourceSample> {
    private static final long serialVersionUID = 1L;
    private final HashMap<String, Resource> byMetric = new HashMap<>();

    public MatchResources(List<Resource> resources) {
        for (Resource r : resources) {
            byMetric.put(r.freeMetric(), r);
            byMetric.put(r.limitMetric(), r);
        }
    }

    @Override
    public void flatMap(MetricSample s, Collector<ResourceSample> out) {
        Resource r = byMetric.get(s.name());
        if (r == null) {
            return;
        }
        String instance = r.keyLabel() == null ? "" : s.labels().getOrDefault(r.keyLabel(), "");
        out.collect(new ResourceSample(r.name(), r.name() + '|' + s.host() + '|' + instance, s.name().equals(r.limitMetric()), s));
    }

    /** The key selector of the forecasts. */
    public static final class Key implements org.apache.flink.api.java.functions.KeySelector<ResourceSample, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(ResourceSample s) {
            return s.key();
        }
    }
}
