package dev.vigil.jobs.functions;

import dev.vigil.alert.Alert;
import dev.vigil.anomaly.Anomaly;
import dev.vigil.anomaly.AnomalyAlerts;
import dev.vigil.anomaly.EnsembleDetector;
import dev.vigil.anomaly.EnsembleSettings;
import dev.vigil.model.MetricSample;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Instant;

/**
 * Anomaly detection on one series (the key: host, metric, labels), in event-time order. Samples wait in
 * state until the watermark passes them, then go through the series' {@link EnsembleDetector}, which
 * lives in keyed state and is checkpointed with it. A reported score at or above the record score is an
 * {@link Anomaly}; the {@code MetricAnomaly} alert (side output {@link VigilTags#ANOMALY_ALERTS}) fires
 * when the raw score reaches the family's alert score and resolves after {@code resolveAfter}
 * consecutive calm samples: one alert per episode. A series silent for the state TTL (event time)
 * resolves its alert and drops all its state; at the end of a bounded input nothing is resolved.
 */
public final class AnomalyFunction extends KeyedProcessFunction<String, MetricSample, Anomaly> {
    private static final long serialVersionUID = 1L;
    private final AnomalySettings settings;

    private transient MapState<Long, Double> buffered;
    private transient ValueState<MetricSample> series;
    private transient ValueState<EnsembleDetector> detector;
    private transient ValueState<Alert> firing;
    private transient ValueState<Integer> calm;
    private transient ValueState<Long> lastSeen;
    private transient Counter lateSamples;
    private transient Counter anomalies;

    public AnomalyFunction(AnomalySettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        buffered = getRuntimeContext().getMapState(AnomalyState.BUFFERED);
        series = getRuntimeContext().getState(AnomalyState.SERIES);
        detector = getRuntimeContext().getState(AnomalyState.DETECTOR);
        firing = getRuntimeContext().getState(AnomalyState.FIRING);
        calm = getRuntimeContext().getState(AnomalyState.CALM);
        lastSeen = getRuntimeContext().getState(AnomalyState.LAST_SEEN);
        lateSamples = getRuntimeContext().getMetricGroup().counter("lateSamples");
        anomalies = getRuntimeContext().getMetricGroup().counter("anomalies");
    }

    @Override
    public void processElement(MetricSample in, Context ctx, Collector<Anomaly> out) throws Exception {
        long t = in.time();
        if (t <= ctx.timerService().currentWatermark()) {
            lateSamples.inc();
            ctx.output(VigilTags.LATE_ANOMALY_SAMPLES, in);
            return;
        }
        if (series.value() == null) {
            series.update(in);
        }
        // Two samples at the same time (a clock stepping back): the later one wins, as in the threshold rules.
        buffered.put(t, in.value());
        ctx.timerService().registerEventTimeTimer(t);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Anomaly> out) throws Exception {
        Double value = buffered.get(timestamp);
        if (value != null) {
            buffered.remove(timestamp);
            evaluate(ctx, timestamp, value, out);
            Long previous = lastSeen.value();
            // The old TTL timer may also be the timer of a sample buffered for that very time (always so in
            // batch mode, where every sample is buffered first): then it must stay.
            if (previous != null && !buffered.contains(previous + settings.stateTtlMs())) {
                ctx.timerService().deleteEventTimeTimer(previous + settings.stateTtlMs());
            }
            lastSeen.update(timestamp);
            ctx.timerService().registerEventTimeTimer(timestamp + settings.stateTtlMs());
            return;
        }
        Long last = lastSeen.value();
        if (last == null || timestamp != last + settings.stateTtlMs()) {
            return;
        }
        if (buffered.isEmpty() && ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
            // The input ended (a bounded run): the data stopped, the series did not.
            return;
        }
        Alert alert = firing.value();
        MetricSample s = series.value();
        if (alert != null) {
            ctx.output(VigilTags.ANOMALY_ALERTS, alert.resolve(timestamp, AnomalyAlerts.resolved(s.host(), s.name(), s.labels(),
                    timestamp, "series went silent: no samples since " + Instant.ofEpochMilli(last))));
        }
        firing.clear();
        calm.clear();
        lastSeen.clear();
        detector.clear();
        if (buffered.isEmpty()) {
            series.clear();
        }
    }

    private void evaluate(OnTimerContext ctx, long t, double v, Collector<Anomaly> out) throws Exception {
        EnsembleDetector d = detector.value();
        if (d == null) {
            d = new EnsembleDetector(EnsembleSettings.defaults());
        }
        double score = d.update(t, v);
        detector.update(d);
        MetricSample s = series.value();
        Anomaly anomaly = null;
        if (score >= settings.recordScore() || d.rawScore() >= settings.recordScore()) {
            anomaly = new Anomaly(t, s.host(), s.name(), s.labels(), v, d.rawScore(), d.expectedLow(), d.expectedHigh(),
                    d.contribution(0), d.contribution(1), d.contribution(2), d.contribution(3), d.name(), settings.modelHash());
        }
        if (anomaly != null && score >= settings.recordScore()) {
            anomalies.inc();
            out.collect(anomaly);
        }
        Alert current = firing.value();
        double raw = d.rawScore();
        if (current == null) {
            if (anomaly != null && d.samples() > settings.alertWarmup() && raw >= settings.alertScoreFor(s.name())) {
                Alert alert = Alert.firing(t, AnomalyAlerts.labels(s.host(), s.name(), s.labels()), AnomalyAlerts.firing(anomaly, raw),
                        settings.externalUrl() + "/anomalies");
                firing.update(alert);
                calm.clear();
                ctx.output(VigilTags.ANOMALY_ALERTS, alert);
            }
            return;
        }
        if (raw >= settings.resolveScore()) {
            calm.clear();
            return;
        }
        Integer c = calm.value();
        int quiet = c == null ? 1 : c + 1;
        if (quiet < settings.resolveAfter()) {
            calm.update(quiet);
            return;
        }
        ctx.output(VigilTags.ANOMALY_ALERTS, current.resolve(t, AnomalyAlerts.resolved(s.host(), s.name(), s.labels(), t,
                quiet + " consecutive samples within the expected behaviour")));
        firing.clear();
        calm.clear();
    }
}
