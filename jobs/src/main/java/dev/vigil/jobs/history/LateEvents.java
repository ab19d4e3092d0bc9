package dev.vigil.jobs.history;

import dev.vigil.correlate.CorrelationInput;
import dev.vigil.model.MetricSample;
import org.apache.flink.api.common.functions.MapFunction;

/** Turns the late side outputs of the event-time operators into {@link LateEvent} rows. */
public final class LateEvents {
    private LateEvents() {}

    /** A metric sample an operator (threshold alerts, anomaly detection) skipped. */
    public static final class FromSample implements MapFunction<MetricSample, LateEvent> {
        private static final long serialVersionUID = 1L;
        private final String operator;

        public FromSample(String operator) {
            this.operator = operator;
        }

        @Override
        public LateEvent map(MetricSample s) {
            return new LateEvent(s.time(), operator, s.host(), null, s.seriesKey(), s.name() + " = " + s.value());
        }
    }

    /** A correlation input a window or pattern skipped. */
    public static final class FromInput implements MapFunction<CorrelationInput, LateEvent> {
        private static final long serialVersionUID = 1L;
        private final String operator;

        public FromInput(String operator) {
            this.operator = operator;
        }

        @Override
        public LateEvent map(CorrelationInput in) {
            return new LateEvent(in.time(), operator, null, in.correlation(), in.groupKey(), in.summary());
        }
    }
}
