package dev.vigil.jobs.types;

import dev.vigil.model.MetricSample;

/**
 * A metric sample paired with the threshold rule (by index in the job's rule list) that watches it.
 *
 * @param rule   index of the rule
 * @param sample the sample
 */
public record RuleSample(int rule, MetricSample sample) {
    /** Key: one alert state per rule and series. */
    public String key() {
        return rule + "|" + sample.seriesKey();
    }
}
