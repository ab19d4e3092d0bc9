package dev.vigil.jobs.correlate;

import dev.vigil.correlate.CorrelationInput;
import dev.vigil.correlate.CorrelationMatch;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.java.functions.KeySelector;

/** Key selectors and filters of the correlation stages. */
final class Keys {
    private Keys() {}

    /** Correlation and group. */
    static final class InputKey implements KeySelector<CorrelationInput, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(CorrelationInput in) {
            return in.key();
        }
    }

    /** Correlation and group. */
    static final class MatchKey implements KeySelector<CorrelationMatch, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(CorrelationMatch m) {
            return m.key();
        }
    }

    /** Window inputs of one depth (count and value types). */
    static final class WindowInputs implements FilterFunction<CorrelationInput> {
        private static final long serialVersionUID = 1L;
        private final int depth;

        WindowInputs(int depth) {
            this.depth = depth;
        }

        @Override
        public boolean filter(CorrelationInput in) {
            return in.depth() == depth && !in.temporal();
        }
    }

    /** Inputs of one temporal correlation. */
    static final class OfCorrelation implements FilterFunction<CorrelationInput> {
        private static final long serialVersionUID = 1L;
        private final String correlation;

        OfCorrelation(String correlation) {
            this.correlation = correlation;
        }

        @Override
        public boolean filter(CorrelationInput in) {
            return in.correlation().equals(correlation);
        }
    }
}
