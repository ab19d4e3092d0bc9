package dev.vigil.jobs.metrics;

import dev.vigil.jobs.VigilTags;
import dev.vigil.jobs.state.EventTimeBuffer;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AnomalyAlertPolicy;
import dev.vigil.alert.Episode;
import dev.vigil.anomaly.DailyProfile;
import dev.vigil.anomaly.Anomaly;
import dev.vigil.anomaly.AnomalyAlerts;
import dev.vigil.anomaly.EnsembleDetector;
import dev.vigil.anomaly.EnsembleSettings;
import dev.vigil.model.MetricSample;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Instant;

/**
 * Anomaly detection on one series (the key: host, metric, labels), in event-time order. Samples wait in
 * state until the watermark passes them, then go through the series' {@link EnsembleDetector}, which
 * lives in keyed state and is checkpointed with it. An onset of the statistical views (their episode score)
 * or a novelty report at or above the record score is an {@link Anomaly} row; the weighted score that
 * {@link EnsembleDetector#update} returns (for ranking, as on NAB) is not used here. The {@code MetricAnomaly} alert (side output {@link VigilTags#ANOMALY_ALERTS}) fires
 * when the raw score reaches the family's alert score and resolves after {@code resolveAfter}
 * consecutive calm samples: one alert per episode. A series silent for the state TTL (event time)
 * resolves its alert and drops all its state; at the end of a bounded input nothing is resolved.
 */
public final class AnomalyFunction extends KeyedProcessFunction<String, MetricSample, Anomaly> {
    private static final long serialVersionUID = 1L;
    private final AnomalySettings settings;

    private transient EventTimeBuffer buffer;
    private transient ValueState<MetricSample> series;
    private transient ValueState<EnsembleDetector> detector;
    private transient ValueState<Alert> firing;
    private transient ValueState<Integer> calm;
    private transient ValueState<Long> runStart;
    private transient ValueState<double[]> runPeak;
    private transient org.apache.flink.api.common.state.MapState<Integer, double[]> profile;
    private transient Counter lateSamples;
    private transient Counter anomalies;

    public AnomalyFunction(AnomalySettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        buffer = new EventTimeBuffer(getRuntimeContext().getMapState(AnomalyState.BUFFERED),
                getRuntimeContext().getState(AnomalyState.LAST_SEEN), settings.stateTtlMs());
        series = getRuntimeContext().getState(AnomalyState.SERIES);
        detector = getRuntimeContext().getState(AnomalyState.DETECTOR);
        firing = getRuntimeContext().getState(AnomalyState.FIRING);
        calm = getRuntimeContext().getState(AnomalyState.CALM);
        runStart = getRuntimeContext().getState(AnomalyState.RUN_START);
        runPeak = getRuntimeContext().getState(AnomalyState.RUN_PEAK);
        profile = getRuntimeContext().getMapState(AnomalyState.PROFILE);
        lateSamples = getRuntimeContext().getMetricGroup().counter("lateSamples");
        anomalies = getRuntimeContext().getMetricGroup().counter("anomalies");
    }

    @Override
    public void processElement(MetricSample in, Context ctx, Collector<Anomaly> out) throws Exception {
        if (!buffer.offer(in.time(), in.value(), ctx.timerService())) {
            lateSamples.inc();
            ctx.output(VigilTags.LATE_ANOMALY_SAMPLES, in);
            return;
        }
        if (series.value() == null) {
            series.update(in);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Anomaly> out) throws Exception {
        Double value = buffer.take(timestamp, ctx.timerService());
        if (value != null) {
            evaluate(ctx, timestamp, value, out);
            return;
        }
        if (!buffer.expired(timestamp, ctx.timerService())) {
            return;
        }
        Long last = buffer.lastSeen();
        Alert alert = firing.value();
        MetricSample s = series.value();
        if (alert != null) {
            ctx.output(VigilTags.ANOMALY_ALERTS, alert.resolve(timestamp, AnomalyAlerts.resolved(s.host(), s.name(), s.labels(),
                    timestamp, "series went silent: no samples since " + Instant.ofEpochMilli(last))));
        }
        firing.clear();
        calm.clear();
        runStart.clear();
        runPeak.clear();
        profile.clear();
        detector.clear();
        if (buffer.clear()) {
            series.clear();
        }
    }

    private void evaluate(OnTimerContext ctx, long t, double v, Collector<Anomaly> out) throws Exception {
        EnsembleDetector d = detector.value();
        if (d == null) {
            d = new EnsembleDetector(EnsembleSettings.defaults());
        }
        d.update(t, v);
        detector.update(d);
        MetricSample s = series.value();
        Anomaly anomaly = null;
        // Novelty is recorded but never alerts: its rate on a healthy fleet is not calibrated (docs/evaluation.md).
        boolean onset = d.episodeScore() >= settings.recordScore() || d.novelty() >= settings.recordScore();
        if (onset || d.rawScore() >= settings.recordScore()) {
            anomaly = new Anomaly(t, s.host(), s.name(), s.labels(), v, Math.max(d.rawScore(), d.novelty()), d.expectedLow(),
                    d.expectedHigh(), d.contribution(0), d.contribution(1), d.contribution(2), d.contribution(3), d.novelty(),
                    d.name(), settings.modelHash());
        }
        if (anomaly != null && onset) {
            anomalies.inc();
            out.collect(anomaly);
        }
        Alert current = firing.value();
        double raw = d.rawScore();
        Integer c = calm.value();
        // The alert policy, apart from the score: the bad side of the metric, sustained (AnomalyAlertPolicy).
        AnomalyAlertPolicy.Direction direction = settings.capacityMetrics().contains(s.name())
                ? AnomalyAlertPolicy.Direction.NONE : AnomalyAlertPolicy.direction(s.name());
        int slot = DailyProfile.slot(t);
        double[] here = profile.get(slot);
        // The slot and two on each side: 25 minutes of each earlier day.
        DailyProfile.Usual usual = DailyProfile.usual(t, profile.get(Math.floorMod(slot - 2, DailyProfile.SLOTS)),
                profile.get(Math.floorMod(slot - 1, DailyProfile.SLOTS)), here, profile.get((slot + 1) % DailyProfile.SLOTS),
                profile.get((slot + 2) % DailyProfile.SLOTS));
        profile.put(slot, DailyProfile.add(here, t, v));
        double[] held = runPeak.value();
        AnomalyAlertPolicy.Run before = held == null ? AnomalyAlertPolicy.Run.NONE
                : new AnomalyAlertPolicy.Run(runStart.value(), held[0], held[1], held[2], held[3]);
        AnomalyAlertPolicy.Run run = AnomalyAlertPolicy.step(before, direction, t, v, raw, d.expectedLow(), d.expectedHigh(),
                usual, settings.resolveScore());
        if (run.start() == null) {
            runStart.clear();
            runPeak.clear();
        } else {
            runStart.update(run.start());
            runPeak.update(new double[] {run.peak(), run.low(), run.high(), run.tolerance()});
        }
        boolean fire = d.samples() > settings.alertWarmup()
                && AnomalyAlertPolicy.fires(run, direction, t, v, settings.sustainMs(), settings.alertScoreFor(s.name()));
        if (fire && anomaly == null) {
            anomaly = new Anomaly(t, s.host(), s.name(), s.labels(), v, raw, d.expectedLow(), d.expectedHigh(), d.contribution(0),
                    d.contribution(1), d.contribution(2), d.contribution(3), d.novelty(), d.name(), settings.modelHash());
        }
        Episode.Judgement j = Episode.judge(current != null, c == null ? 0 : c, fire, run.start() != null, settings.resolveAfter());
        switch (j.step()) {
            case NONE -> { }
            case FIRE -> {
                Alert alert = Alert.firing(t, AnomalyAlerts.labels(s.host(), s.name(), s.labels()),
                        AnomalyAlerts.sustained(anomaly, raw, run.start(), run.low(), run.high(), usual.known()),
                        settings.externalUrl() + "/anomalies");
                firing.update(alert);
                calm.clear();
                ctx.output(VigilTags.ANOMALY_ALERTS, alert);
            }
            case HOLD -> calm.clear();
            case CALMING -> calm.update(j.calm());
            case RESOLVE -> {
                ctx.output(VigilTags.ANOMALY_ALERTS, current.resolve(t, AnomalyAlerts.resolved(s.host(), s.name(), s.labels(), t,
                        j.calm() + " consecutive samples within the expected behaviour")));
                firing.clear();
                calm.clear();
            }
        }
    }
}
