package dev.vigil.jobs.metrics;

import dev.vigil.jobs.functions.LeakDetectorSerializer;

import dev.vigil.alert.Alert;
import dev.vigil.forecast.LeakDetector;
import dev.vigil.model.MetricSample;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/** State descriptors of {@link LeakFunction}: one set per host, maps per process series. */
final class LeakState {
    private LeakState() {}

    /** Process samples waiting for the watermark, by "time|series". */
    static final MapStateDescriptor<String, Double> BUFFERED = new MapStateDescriptor<>("leak-buffered", Types.STRING, Types.DOUBLE);

    /** Per event time, the series with a sample waiting ("\n"-joined): a timer finds its samples without a scan. */
    static final MapStateDescriptor<Long, String> DUE = new MapStateDescriptor<>("leak-due", Types.LONG, Types.STRING);

    /** The host's memory, newest first-arrived. */
    static final ValueStateDescriptor<Double> LIMIT = new ValueStateDescriptor<>("leak-limit", Types.DOUBLE);

    static final MapStateDescriptor<String, MetricSample> SERIES =
            new MapStateDescriptor<>("leak-series", Types.STRING, TypeInformation.of(MetricSample.class));

    static final MapStateDescriptor<String, LeakDetector> DETECTORS =
            new MapStateDescriptor<>("leak-detectors", org.apache.flink.api.common.typeutils.base.StringSerializer.INSTANCE,
                    LeakDetectorSerializer.INSTANCE);

    static final MapStateDescriptor<String, Alert> FIRING = new MapStateDescriptor<>("leak-firing", Types.STRING, TypeInformation.of(Alert.class));

    /** Consecutive judged buckets without a leak, per series, while its alert fires. */
    static final MapStateDescriptor<String, Integer> CALM = new MapStateDescriptor<>("leak-calm", Types.STRING, Types.INT);

    static final ValueStateDescriptor<Long> LAST_SEEN = new ValueStateDescriptor<>("leak-last-seen", Types.LONG);
}
