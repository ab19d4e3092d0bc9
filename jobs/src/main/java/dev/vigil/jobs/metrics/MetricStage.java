package dev.vigil.jobs.metrics;

import dev.vigil.alert.Alert;
import dev.vigil.alert.ThresholdRule;
import dev.vigil.anomaly.Anomaly;
import dev.vigil.correlate.CorrelationMatch;
import dev.vigil.forecast.ForecastRow;
import dev.vigil.forecast.Resource;
import dev.vigil.jobs.Streams;
import dev.vigil.jobs.VigilJob;
import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.config.VigilOptions;
import dev.vigil.jobs.correlate.ExfiltrationFunction;
import dev.vigil.jobs.history.LateEvents;
import dev.vigil.jobs.VigilTags;
import dev.vigil.jobs.history.LateEvent;
import dev.vigil.model.MetricSample;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Metric samples: threshold rules, then the optional anomaly detector, exhaustion forecasts (with memory
 * leaks) and exfiltration baseline. Writes history {@code anomalies} and {@code forecasts}.
 */
public final class MetricStage {
    /** The exfiltration baseline fires only after this many anomalous samples in a row, so a single burst does not. */
    private static final int EXFILTRATION_SUSTAIN = 3;

    /**
     * @param rules        threshold rules ({@code alerts.thresholds})
     * @param staleAfter   a series without samples this long (event time) resolves its threshold alerts
     * @param anomalies    the anomaly detector; null when {@code anomaly.enabled} is off
     * @param forecasts    exhaustion forecasts and memory leaks; null when {@code forecast.enabled} is off
     * @param exfiltration the transmit-rate baseline; null when {@code exfiltration.metric} is blank
     * @param externalUrl  generatorURL base of the alerts
     */
    public record Settings(List<ThresholdRule> rules, Duration staleAfter, Anomalies anomalies,
            Forecasts forecasts, Exfiltration exfiltration, String externalUrl) {
        public Settings {
            rules = List.copyOf(rules);
        }

        /** Reads the options of a part only when the part is on, so a disabled part's files are never read. */
        public static Settings of(VigilConfig c) {
            String exfiltrationMetric = c.get(VigilOptions.EXFIL_METRIC);
            return new Settings(c.thresholds(), c.get(VigilOptions.SERIES_STALE_AFTER),
                    c.get(VigilOptions.ANOMALY_ENABLED) ? Anomalies.of(c) : null,
                    c.get(VigilOptions.FORECAST_ENABLED) ? Forecasts.of(c) : null,
                    exfiltrationMetric.isBlank() ? null : new Exfiltration(exfiltrationMetric,
                            c.get(VigilOptions.EXFIL_FACTOR), c.get(VigilOptions.EXFIL_FLOOR)),
                    c.get(VigilOptions.EXTERNAL_URL));
        }
    }

    /**
     * @param metrics      comma-separated metric names to watch, blank: all
     * @param skipCounters whether to leave monotonic counters out
     * @param detector     the detector's scores, calibration and timing
     */
    public record Anomalies(String metrics, boolean skipCounters, AnomalySettings detector) {
        static Anomalies of(VigilConfig c) {
            return new Anomalies(c.get(VigilOptions.ANOMALY_METRICS), c.get(VigilOptions.ANOMALY_SKIP_COUNTERS), AnomalySettings.of(c));
        }
    }

    /**
     * @param resources       the resources forecast to exhaustion
     * @param warningHorizon  a resource full within this raises a warning
     * @param criticalHorizon a resource full within this raises a critical alert (and so does a leak)
     * @param stateTtl        a resource without samples this long (event time) drops its state
     * @param leakMetric      process memory watched for leaks; blank: no leak detection
     * @param leakLimitMetric the host memory a leak is measured against
     */
    public record Forecasts(List<Resource> resources, Duration warningHorizon, Duration criticalHorizon, Duration stateTtl,
            String leakMetric, String leakLimitMetric) {
        public Forecasts {
            resources = List.copyOf(resources);
        }

        static Forecasts of(VigilConfig c) {
            return new Forecasts(Resource.parse(c.get(VigilOptions.FORECAST_RESOURCES)), c.get(VigilOptions.FORECAST_WARNING_HORIZON),
                    c.get(VigilOptions.FORECAST_CRITICAL_HORIZON), c.get(VigilOptions.FORECAST_STATE_TTL),
                    c.get(VigilOptions.FORECAST_LEAK_METRIC), c.get(VigilOptions.FORECAST_LEAK_LIMIT_METRIC));
        }
    }

    /**
     * @param metric the transmit counter
     * @param factor how many times its baseline a host's outbound rate must reach
     * @param floor  rates below this (bytes per second) never fire
     */
    public record Exfiltration(String metric, double factor, double floor) {}

    /**
     * @param alerts       threshold, anomaly and forecast alerts
     * @param late         samples that arrived behind the watermark, per operator that skipped them
     * @param exfiltration matches of the exfiltration baseline, for the detection's first stage (none when off)
     */
    public record Output(List<DataStream<Alert>> alerts, List<DataStream<LateEvent>> late, List<DataStream<CorrelationMatch>> exfiltration) {
        public Output {
            alerts = List.copyOf(alerts);
            late = List.copyOf(late);
            exfiltration = List.copyOf(exfiltration);
        }
    }

    private MetricStage() {}

    public static Output build(DataStream<MetricSample> metrics, Settings s, VigilJob.Sinks sinks) {
        List<DataStream<Alert>> alerts = new ArrayList<>();
        List<DataStream<LateEvent>> late = new ArrayList<>();

        SingleOutputStreamOperator<Alert> threshold = metrics
                .flatMap(new MatchThresholdRules(s.rules())).name("match threshold rules").uid("match-threshold-rules")
                .keyBy(new RuleSampleKey())
                .process(new ThresholdAlertFunction(s.rules(), s.staleAfter(), s.externalUrl())).name("threshold alerts").uid("threshold-alerts");
        alerts.add(threshold);
        late.add(threshold.getSideOutput(VigilTags.LATE_SAMPLES).map(new LateEvents.FromSample("threshold alerts")).name("late: threshold"));

        if (s.anomalies() != null) {
            anomalies(metrics, s.anomalies(), sinks, alerts, late);
        }
        if (s.forecasts() != null) {
            forecasts(metrics, s.forecasts(), s.externalUrl(), sinks, alerts, late);
        }
        List<DataStream<CorrelationMatch>> exfiltration = new ArrayList<>();
        if (s.exfiltration() != null) {
            SingleOutputStreamOperator<CorrelationMatch> matches = exfiltration(metrics, s.exfiltration());
            exfiltration.add(matches);
            late.add(matches.getSideOutput(VigilTags.LATE_SAMPLES).map(new LateEvents.FromSample("exfiltration baseline"))
                    .name("late: exfiltration"));
        }
        return new Output(alerts, late, exfiltration);
    }

    private static void anomalies(DataStream<MetricSample> metrics, Anomalies a, VigilJob.Sinks sinks,
            List<DataStream<Alert>> alerts, List<DataStream<LateEvent>> late) {
        SingleOutputStreamOperator<Anomaly> anomalies = metrics
                .filter(new MetricNamed(a.metrics(), a.skipCounters())).name("anomaly: watched metrics")
                .keyBy(new SeriesKey())
                .process(new AnomalyFunction(a.detector())).name("anomaly detection").uid("anomaly-detection");
        anomalies.sinkTo(sinks.anomalies()).name("history: anomalies").uid("history-anomalies");
        alerts.add(anomalies.getSideOutput(VigilTags.ANOMALY_ALERTS));
        late.add(anomalies.getSideOutput(VigilTags.LATE_ANOMALY_SAMPLES)
                .map(new LateEvents.FromSample("anomaly detection")).name("late: anomaly"));
    }

    private static void forecasts(DataStream<MetricSample> metrics, Forecasts f, String externalUrl, VigilJob.Sinks sinks,
            List<DataStream<Alert>> alerts, List<DataStream<LateEvent>> late) {
        long criticalMs = f.criticalHorizon().toMillis();
        long ttlMs = f.stateTtl().toMillis();
        SingleOutputStreamOperator<ForecastRow> forecasts = metrics
                .flatMap(new MatchResources(f.resources())).name("forecast: resources")
                .keyBy(new MatchResources.Key())
                .process(new ForecastFunction(f.resources(), f.warningHorizon().toMillis(), criticalMs, ttlMs, externalUrl))
                .name("forecasts").uid("forecasts");
        List<DataStream<ForecastRow>> rows = new ArrayList<>(List.of(forecasts));
        alerts.add(forecasts.getSideOutput(VigilTags.FORECAST_ALERTS));
        if (!f.leakMetric().isBlank()) {
            SingleOutputStreamOperator<ForecastRow> leaks = metrics
                    .filter(new MetricNamed(f.leakMetric() + "," + f.leakLimitMetric())).name("forecast: process memory")
                    .keyBy(new HostKey())
                    .process(new LeakFunction(f.leakMetric(), f.leakLimitMetric(), criticalMs, ttlMs, externalUrl))
                    .name("memory leaks").uid("memory-leaks");
            rows.add(leaks);
            alerts.add(leaks.getSideOutput(VigilTags.FORECAST_ALERTS));
        }
        Streams.union(rows).sinkTo(sinks.forecasts()).name("history: forecasts").uid("history-forecasts");
        late.add(forecasts.getSideOutput(VigilTags.LATE_FORECAST_SAMPLES)
                .map(new LateEvents.FromSample("forecasts")).name("late: forecasts"));
    }

    private static SingleOutputStreamOperator<CorrelationMatch> exfiltration(DataStream<MetricSample> metrics, Exfiltration x) {
        return metrics
                .filter(new MetricNamed(x.metric())).name("transmit counters")
                .keyBy(new SeriesKey())
                .process(new ExfiltrationFunction(x.factor(), x.floor(), EXFILTRATION_SUSTAIN))
                .name("exfiltration baseline").uid("exfiltration-baseline");
    }
}
