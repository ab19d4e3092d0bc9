package dev.vigil.jobs.metrics;

import dev.vigil.alert.Alert;
import dev.vigil.model.MetricSample;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/** State descriptors of {@link ThresholdAlertFunction}: one set per rule and series. */
final class ThresholdState {
    private ThresholdState() {}

    /** Samples waiting for the watermark, by event time, so the rule sees them in time order. */
    static final MapStateDescriptor<Long, Double> BUFFERED = new MapStateDescriptor<>("buffered", Types.LONG, Types.DOUBLE);

    /** One sample of the series: its host and labels, for the alert's labels. */
    static final ValueStateDescriptor<MetricSample> SERIES =
            new ValueStateDescriptor<>("series", TypeInformation.of(MetricSample.class));

    /** Start of the current breach; absent when the rule holds. */
    static final ValueStateDescriptor<Long> PENDING_SINCE = new ValueStateDescriptor<>("pending-since", Types.LONG);

    /** The alert while it fires. */
    static final ValueStateDescriptor<Alert> FIRING = new ValueStateDescriptor<>("firing", TypeInformation.of(Alert.class));

    /** Event time of the newest evaluated sample. */
    static final ValueStateDescriptor<Long> LAST_SEEN = new ValueStateDescriptor<>("last-seen", Types.LONG);
}
