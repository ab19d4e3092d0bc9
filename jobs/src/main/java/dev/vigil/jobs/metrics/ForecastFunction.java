package dev.vigil.jobs.metrics;

import dev.vigil.jobs.VigilTags;
import dev.vigil.jobs.state.EventTimeBuffer;

import dev.vigil.alert.Alert;
import dev.vigil.forecast.FillAlertPolicy;
import dev.vigil.forecast.FillConfidence;
import dev.vigil.forecast.FillForecaster;
import dev.vigil.forecast.Forecast;
import dev.vigil.forecast.ForecastRow;
import dev.vigil.forecast.ForecastWords;
import dev.vigil.forecast.Resource;
import dev.vigil.model.MetricSample;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Forecasts one resource instance (resource, host, mount point) in event-time order: free-amount
 * samples wait for the watermark, then go with the newest limit through the instance's
 * {@link FillForecaster}, checkpointed in state. Each forecast (one per 5-minute bucket) is a
 * {@code forecasts} row. Warning and critical alerts (side output {@link VigilTags#FORECAST_ALERTS})
 * fire after {@value #CONFIRM} consecutive forecasts meet {@link FillAlertPolicy} and resolve after
 * {@value #CONFIRM} that see no filling: one alert per episode and severity. A silent instance resolves its
 * alerts and drops its state after the TTL.
 */
public final class ForecastFunction extends KeyedProcessFunction<String, ResourceSample, ForecastRow> {
    private static final long serialVersionUID = 1L;
    static final int CONFIRM = 3;
    private final HashMap<String, Resource> resources = new HashMap<>();
    private final long warningMs;
    private final long criticalMs;
    private final long ttlMs;
    private final String externalUrl;

    private transient EventTimeBuffer buffer;
    private transient ValueState<Double> limit;
    private transient ValueState<MetricSample> series;
    private transient ValueState<FillForecaster> forecaster;
    private transient ValueState<Alert> warning;
    private transient ValueState<Alert> critical;
    private transient ValueState<int[]> runs;
    private transient FillConfidence confidence;

    public ForecastFunction(List<Resource> resources, long warningMs, long criticalMs, long ttlMs, String externalUrl) {
        for (Resource r : resources) {
            this.resources.put(r.name(), r);
        }
        this.warningMs = warningMs;
        this.criticalMs = criticalMs;
        this.ttlMs = ttlMs;
        this.externalUrl = externalUrl;
    }

    @Override
    public void open(OpenContext context) {
        confidence = FillConfidence.bundled();
        buffer = new EventTimeBuffer(getRuntimeContext().getMapState(ForecastState.BUFFERED),
                getRuntimeContext().getState(ForecastState.LAST_SEEN), ttlMs);
        limit = getRuntimeContext().getState(ForecastState.LIMIT);
        series = getRuntimeContext().getState(ForecastState.SERIES);
        forecaster = getRuntimeContext().getState(ForecastState.FORECASTER);
        warning = getRuntimeContext().getState(ForecastState.WARNING);
        critical = getRuntimeContext().getState(ForecastState.CRITICAL);
        runs = getRuntimeContext().getState(ForecastState.RUNS);
    }

    @Override
    public void processElement(ResourceSample in, Context ctx, Collector<ForecastRow> out) throws Exception {
        if (in.limit()) {
            if (in.sample().value() > 0) {
                limit.update(in.sample().value());
            }
            return;
        }
        if (!buffer.offer(in.sample().time(), in.sample().value(), ctx.timerService())) {
            ctx.output(VigilTags.LATE_FORECAST_SAMPLES, in.sample());
            return;
        }
        if (series.value() == null) {
            series.update(in.sample());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ForecastRow> out) throws Exception {
        Double free = buffer.take(timestamp, ctx.timerService());
        if (free != null) {
            Double max = limit.value();
            if (max != null) {
                step(ctx, timestamp, free, max, out);
            }
            return;
        }
        if (!buffer.expired(timestamp, ctx.timerService())) {
            return;
        }
        resolve(ctx, warning, timestamp, "no samples for the TTL");
        resolve(ctx, critical, timestamp, "no samples for the TTL");
        limit.clear();
        forecaster.clear();
        runs.clear();
        if (buffer.clear()) {
            series.clear();
        }
    }

    private void step(OnTimerContext ctx, long t, double free, double max, Collector<ForecastRow> out) throws Exception {
        FillForecaster f = forecaster.value();
        if (f == null) {
            f = new FillForecaster();
        }
        Forecast fc = f.update(t, free, max);
        forecaster.update(f);
        if (fc == null) {
            return;
        }
        MetricSample s = series.value();
        Resource r = resources.get(ctx.getCurrentKey().substring(0, ctx.getCurrentKey().indexOf('|')));
        double sure = confidence.confidence(fc);
        out.collect(ForecastRow.of(fc, s.host(), r.name(), s.labels(), free, max, sure));
        int[] run = runs.value();
        if (run == null) {
            run = new int[4];
        }
        boolean w = FillAlertPolicy.warning(fc, warningMs);
        boolean c = FillAlertPolicy.critical(fc, criticalMs);
        run[0] = w ? run[0] + 1 : 0;
        run[1] = c ? run[1] + 1 : 0;
        // Released only when the resource stops filling (the trend reversed, or a cleanup freed it and
        // the new trend is flat): an ETA that drifts across a horizon with a daily cycle is not an end.
        run[2] = fc.filling() ? 0 : run[2] + 1;
        run[3] = fc.filling() ? 0 : run[3] + 1;
        runs.update(run);
        transition(ctx, warning, "warning", run[0], run[2], fc, sure, r, s);
        transition(ctx, critical, "critical", run[1], run[3], fc, sure, r, s);
    }

    private void transition(OnTimerContext ctx, ValueState<Alert> state, String severity, int held, int released, Forecast fc,
            double sure, Resource r, MetricSample s) throws Exception {
        Alert current = state.value();
        if (current == null && held >= CONFIRM) {
            Map<String, String> labels = new HashMap<>(s.labels());
            labels.put("alertname", r.alertname());
            labels.put("severity", severity);
            labels.put("host", s.host());
            labels.put("resource", r.name());
            Alert a = Alert.firing(fc.time(), labels, ForecastWords.annotations(fc, sure, r.name(), s.host(), s.labels()),
                    externalUrl + "/forecasts");
            state.update(a);
            ctx.output(VigilTags.FORECAST_ALERTS, a);
        } else if (current != null && released >= CONFIRM) {
            resolve(ctx, state, fc.time(), "the trend reversed: not filling");
        }
    }

    private static void resolve(OnTimerContext ctx, ValueState<Alert> state, long t, String reason) throws Exception {
        Alert current = state.value();
        if (current != null) {
            Map<String, String> annotations = new HashMap<>(current.annotations());
            annotations.put("resolved_reason", reason);
            ctx.output(VigilTags.FORECAST_ALERTS, current.resolve(t, annotations));
            state.clear();
        }
    }
}
