package dev.vigil.jobs.metrics;

import dev.vigil.jobs.functions.FillForecasterSerializer;

import dev.vigil.alert.Alert;
import dev.vigil.forecast.FillForecaster;
import dev.vigil.model.MetricSample;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/** State descriptors of {@link ForecastFunction}: one set per resource instance. */
final class ForecastState {
    private ForecastState() {}

    /** Free-amount samples waiting for the watermark, by event time. */
    static final MapStateDescriptor<Long, Double> BUFFERED = new MapStateDescriptor<>("forecast-buffered", Types.LONG, Types.DOUBLE);

    /** The newest limit seen (limits change rarely; a resize takes effect from its arrival). */
    static final ValueStateDescriptor<Double> LIMIT = new ValueStateDescriptor<>("forecast-limit", Types.DOUBLE);

    /** One free-amount sample: host and labels for rows and alerts. */
    static final ValueStateDescriptor<MetricSample> SERIES =
            new ValueStateDescriptor<>("forecast-series", TypeInformation.of(MetricSample.class));

    static final ValueStateDescriptor<FillForecaster> FORECASTER =
            new ValueStateDescriptor<>("forecast-forecaster", FillForecasterSerializer.INSTANCE);

    static final ValueStateDescriptor<Alert> WARNING = new ValueStateDescriptor<>("forecast-warning", TypeInformation.of(Alert.class));

    static final ValueStateDescriptor<Alert> CRITICAL = new ValueStateDescriptor<>("forecast-critical", TypeInformation.of(Alert.class));

    /** Consecutive forecasts {warning true, critical true, warning false, critical false}. */
    @SuppressWarnings("unchecked")
    static final ValueStateDescriptor<int[]> RUNS = new ValueStateDescriptor<>("forecast-runs",
            (TypeInformation<int[]>) Types.PRIMITIVE_ARRAY(Types.INT));

    static final ValueStateDescriptor<Long> LAST_SEEN = new ValueStateDescriptor<>("forecast-last-seen", Types.LONG);
}
