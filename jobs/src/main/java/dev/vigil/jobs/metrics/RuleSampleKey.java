package dev.vigil.jobs.metrics;

import org.apache.flink.api.java.functions.KeySelector;

/** Keys rule samples by rule and series. */
public final class RuleSampleKey implements KeySelector<RuleSample, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(RuleSample value) {
        return value.key();
    }
}
