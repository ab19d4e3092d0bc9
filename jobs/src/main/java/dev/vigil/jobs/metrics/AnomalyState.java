package dev.vigil.jobs.metrics;

import dev.vigil.jobs.functions.EnsembleDetectorSerializer;

import dev.vigil.alert.Alert;
import dev.vigil.anomaly.EnsembleDetector;
import dev.vigil.model.MetricSample;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/** State descriptors of {@link AnomalyFunction}: one set per series. */
final class AnomalyState {
    private AnomalyState() {}

    /** Samples waiting for the watermark, by event time, so the detector sees them in time order. */
    static final MapStateDescriptor<Long, Double> BUFFERED = new MapStateDescriptor<>("anomaly-buffered", Types.LONG, Types.DOUBLE);

    /** One sample of the series: its host and labels. */
    static final ValueStateDescriptor<MetricSample> SERIES =
            new ValueStateDescriptor<>("anomaly-series", TypeInformation.of(MetricSample.class));

    /** The series' detector: ring buffers, calibration tails and k-means centroids (bounded by its settings). */
    static final ValueStateDescriptor<EnsembleDetector> DETECTOR =
            new ValueStateDescriptor<>("anomaly-detector", EnsembleDetectorSerializer.INSTANCE);

    /** The MetricAnomaly alert while it fires. */
    static final ValueStateDescriptor<Alert> FIRING = new ValueStateDescriptor<>("anomaly-firing", TypeInformation.of(Alert.class));

    /** Consecutive samples below the resolve score while the alert fires. */
    static final ValueStateDescriptor<Integer> CALM = new ValueStateDescriptor<>("anomaly-calm", Types.INT);

    /** Event time of the newest evaluated sample. */
    static final ValueStateDescriptor<Long> LAST_SEEN = new ValueStateDescriptor<>("anomaly-last-seen", Types.LONG);
}
