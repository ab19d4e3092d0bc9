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

    /** When the series' current run of samples on its bad side began (AnomalyAlertPolicy); absent: no run. */
    static final ValueStateDescriptor<Long> RUN_START = new ValueStateDescriptor<>("anomaly-run-start", Types.LONG);

    /** The run's highest score and its range: {peak, low, high, tolerance} (AnomalyAlertPolicy.Run). */
    static final ValueStateDescriptor<double[]> RUN_PEAK = new ValueStateDescriptor<>("anomaly-run-peak",
            org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO);

    /** What is usual at each five-minute slot of the day, over the last week (DailyProfile cells, by slot). */
    static final MapStateDescriptor<Integer, double[]> PROFILE = new MapStateDescriptor<>("anomaly-daily-profile", Types.INT,
            org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO);

    /** Event time of the newest evaluated sample. */
    static final ValueStateDescriptor<Long> LAST_SEEN = new ValueStateDescriptor<>("anomaly-last-seen", Types.LONG);
}
