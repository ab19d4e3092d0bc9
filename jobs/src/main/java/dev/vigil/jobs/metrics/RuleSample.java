package dev.vigil.jobs.metrics;

import dev.vigil.model.MetricSample;

/**
 * A metric sample paired with the name of the threshold rule that watches it. By name, not position:
 * state restored from a savepoint must stay with its rule when rules are added, removed or reordered.
 *
 * @param rule   the rule's name (unique in a configuration)
 * @param sample the sample
 */
public record RuleSample(String rule, MetricSample sample) {
    /** Key: one alert state per rule and series. */
    public String key() {
        return rule + "|" + sample.seriesKey();
    }
}
