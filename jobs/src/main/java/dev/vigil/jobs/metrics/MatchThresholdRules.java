package dev.vigil.jobs.metrics;

import dev.vigil.alert.ThresholdRule;
import dev.vigil.model.MetricSample;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

import java.util.List;

/** Pairs each sample with every threshold rule that watches its series; samples no rule watches stop here. */
public final class MatchThresholdRules implements FlatMapFunction<MetricSample, RuleSample> {
    private static final long serialVersionUID = 1L;
    private final ThresholdRule[] rules;

    public MatchThresholdRules(List<ThresholdRule> rules) {
        this.rules = rules.toArray(new ThresholdRule[0]);
    }

    @Override
    public void flatMap(MetricSample sample, Collector<RuleSample> out) {
        for (int i = 0; i < rules.length; i++) {
            if (rules[i].appliesTo(sample)) {
                out.collect(new RuleSample(rules[i].name(), sample));
            }
        }
    }
}
