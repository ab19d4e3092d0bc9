package dev.vigil.jobs;

import dev.vigil.alert.Alert;
import dev.vigil.alert.ThresholdRule;
import dev.vigil.anomaly.Anomaly;
import dev.vigil.forecast.ForecastRow;
import dev.vigil.forecast.Resource;
import dev.vigil.jobs.functions.ForecastFunction;
import dev.vigil.jobs.functions.HostKey;
import dev.vigil.jobs.functions.LeakFunction;
import dev.vigil.jobs.functions.MatchResources;
import dev.vigil.jobs.functions.AnomalyFunction;
import dev.vigil.jobs.functions.AnomalySettings;
import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.config.VigilOptions;
import dev.vigil.jobs.correlate.ControlSources;
import dev.vigil.jobs.correlate.CorrelationStages;
import dev.vigil.jobs.correlate.ExfiltrationFunction;
import dev.vigil.jobs.functions.MetricNamed;
import dev.vigil.jobs.functions.SeriesKey;
import dev.vigil.correlate.CorrelationMatch;
import dev.vigil.jobs.correlate.IncidentAlerts;
import dev.vigil.jobs.correlate.RuleSettings;
import dev.vigil.correlate.Incident;
import dev.vigil.jobs.functions.MatchThresholdRules;
import dev.vigil.jobs.functions.RuleSampleKey;
import dev.vigil.jobs.functions.SplitEnvelopes;
import dev.vigil.jobs.functions.GapAlerts;
import dev.vigil.jobs.functions.AnnotateHints;
import dev.vigil.jobs.functions.ThresholdAlertFunction;
import dev.vigil.jobs.functions.VigilTags;
import dev.vigil.jobs.functions.LateEvents;
import dev.vigil.jobs.functions.LogEnvelopes;
import dev.vigil.jobs.functions.MineTemplates;
import dev.vigil.jobs.functions.NotLogs;
import dev.vigil.jobs.functions.IncidentLogHints;
import dev.vigil.jobs.functions.NoTemplateWindows;
import dev.vigil.jobs.functions.TemplateActivityFunction;
import dev.vigil.logs.MinerSettings;
import dev.vigil.logs.TemplateActivity;
import dev.vigil.jobs.types.Envelope;
import dev.vigil.jobs.types.LateEvent;
import dev.vigil.model.DeadLetter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.List;

/**
 * The Vigil pipeline: decoded events from the sources go to the Parquet history, dead letters aside;
 * metric samples go through the threshold rules, the anomaly detector and the exhaustion forecasts, logs and security events
 * through the Sigma rules into incidents; alerts from all three go to history and receivers.
 * It takes its sources and sinks, so tests run this same pipeline on test inputs and outputs;
 * {@link #main} plugs in Kafka and the production sinks for a cluster submission.
 */
public final class VigilJob {
    /** Where the job reads from: decoded events and dead letters, with event-time watermarks. */
    @FunctionalInterface
    public interface Sources {
        DataStream<Envelope> envelopes(StreamExecutionEnvironment env);
    }

    /** A sink with the name it shows in the Flink UI and the uid of its state. */
    public record Named<T>(String name, Sink<T> sink) {}

    /**
     * Where the job writes.
     *
     * @param events            history table events
     * @param deadLetters       history table dead_letters
     * @param alertHistory      history table alerts
     * @param incidents         history table incidents
     * @param lateEvents        history table late_events
     * @param anomalies         history table anomalies
     * @param forecasts         history table forecasts
     * @param alertDeadLetters  history table alert_dead_letters (notifications given up on)
     * @param notifications     history table notifications (how every notification ended)
     * @param logTemplates      history table log_templates (template lines per host, app and window)
     * @param logAnomalies      history table log_anomalies (new templates, rate jumps)
     * @param gaps              history table gaps (Kafka records deleted before they were read)
     * @param alertOutputs      alert receivers (console, JSON lines, webhook), each at parallelism 1
     * @param deadLetterOutputs extra dead-letter outputs (a Kafka topic)
     */
    public record Sinks(
            Sink<Envelope> events,
            Sink<DeadLetter> deadLetters,
            Sink<Alert> alertHistory,
            Sink<Incident> incidents,
            Sink<LateEvent> lateEvents,
            Sink<Anomaly> anomalies,
            Sink<ForecastRow> forecasts,
            Sink<dev.vigil.jobs.notify.Delivery> alertDeadLetters,
            Sink<dev.vigil.jobs.notify.Delivery> notifications,
            Sink<dev.vigil.logs.TemplateWindow> logTemplates,
            Sink<dev.vigil.logs.LogAnomaly> logAnomalies,
            Sink<dev.vigil.model.Gap> gaps,
            List<Named<Alert>> alertOutputs,
            List<Named<DeadLetter>> deadLetterOutputs) {
        public Sinks {
            alertOutputs = List.copyOf(alertOutputs);
            deadLetterOutputs = List.copyOf(deadLetterOutputs);
        }
    }

    private final Sources sources;
    private final Sinks sinks;
    private final List<ThresholdRule> rules;
    private final Duration staleAfter;
    private final String externalUrl;
    private final RuleSettings ruleSettings;
    private final VigilConfig config;
    private final boolean liveControl;

    /** A job whose control stream is the indicator files only (bounded runs: replay, demo, tests). */
    public VigilJob(Sources sources, Sinks sinks, VigilConfig config) {
        this(sources, sinks, config, false);
    }

    /**
     * @param liveControl whether to read control messages from the Kafka topic and the watched folder
     *                    ({@code kafka.topics.control}, {@code control.dir}): true for long-running jobs
     */
    public VigilJob(Sources sources, Sinks sinks, VigilConfig config, boolean liveControl) {
        this.sources = sources;
        this.sinks = sinks;
        this.rules = config.thresholds();
        this.staleAfter = config.get(VigilOptions.SERIES_STALE_AFTER);
        this.externalUrl = config.get(VigilOptions.EXTERNAL_URL);
        this.ruleSettings = RuleSettings.of(config);
        this.config = config;
        this.liveControl = liveControl;
    }

    /** Adds the pipeline to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        DataStream<Envelope> envelopes = sources.envelopes(env);

        SingleOutputStreamOperator<Envelope> events = envelopes
                .process(new SplitEnvelopes()).name("split by kind").uid("split-by-kind");

        DataStream<Alert> logAlerts = null;
        DataStream<dev.vigil.logs.TemplateWindow> templateWindows;
        if (config.get(VigilOptions.LOG_TEMPLATES_ENABLED)) {
            SingleOutputStreamOperator<dev.vigil.model.LogRecord> mined = events.getSideOutput(VigilTags.LOGS)
                    .keyBy(new MineTemplates.ByApp())
                    .process(new MineTemplates(minerSettings(), categoryModel()))
                    .name("log templates").uid("log-templates");
            events.filter(new NotLogs()).name("events: metrics and security")
                    .union(mined.map(new LogEnvelopes()).name("events: mined logs"))
                    .sinkTo(sinks.events()).name("history: events").uid("history-events");
            SingleOutputStreamOperator<dev.vigil.logs.TemplateWindow> activity = mined.getSideOutput(VigilTags.TEMPLATE_SIGHTINGS)
                    .keyBy(new TemplateActivityFunction.ByHost())
                    .process(new TemplateActivityFunction(templateActivitySettings(), alertCategories(), externalUrl))
                    .name("log template activity").uid("log-template-activity");
            activity.sinkTo(sinks.logTemplates()).name("history: log_templates").uid("history-log-templates");
            activity.getSideOutput(VigilTags.LOG_ANOMALIES)
                    .sinkTo(sinks.logAnomalies()).name("history: log_anomalies").uid("history-log-anomalies");
            logAlerts = activity.getSideOutput(VigilTags.LOG_ANOMALY_ALERTS);
            templateWindows = activity;
        } else {
            events.sinkTo(sinks.events()).name("history: events").uid("history-events");
            templateWindows = events.getSideOutput(VigilTags.LOGS).flatMap(new NoTemplateWindows()).name("log templates: off");
        }
        long hintsWindow = config.get(VigilOptions.HINTS_WINDOW).toMillis();

        ControlSources.Output control = ControlSources.build(env, config, !liveControl);
        DataStream<DeadLetter> deadLetters = control.deadLetters() == null ? events.getSideOutput(VigilTags.DEAD_LETTERS)
                : events.getSideOutput(VigilTags.DEAD_LETTERS).union(control.deadLetters());
        deadLetters.sinkTo(sinks.deadLetters()).name("history: dead_letters").uid("history-dead-letters");
        for (Named<DeadLetter> out : sinks.deadLetterOutputs()) {
            deadLetters.sinkTo(out.sink()).name("dead letters: " + out.name()).uid("dead-letters-" + out.name());
        }
        DataStream<dev.vigil.model.Gap> gaps = events.getSideOutput(VigilTags.GAPS);
        gaps.sinkTo(sinks.gaps()).name("history: gaps").uid("history-gaps");

        SingleOutputStreamOperator<Alert> thresholdAlerts = events.getSideOutput(VigilTags.METRICS)
                .flatMap(new MatchThresholdRules(rules)).name("match threshold rules").uid("match-threshold-rules")
                .keyBy(new RuleSampleKey())
                .process(new ThresholdAlertFunction(rules, staleAfter, externalUrl)).name("threshold alerts").uid("threshold-alerts");

        DataStream<Alert> anomalyAlerts = null;
        DataStream<LateEvent> metricLate = null;
        if (config.get(VigilOptions.ANOMALY_ENABLED)) {
            SingleOutputStreamOperator<Anomaly> anomalies = events.getSideOutput(VigilTags.METRICS)
                    .filter(new MetricNamed(config.get(VigilOptions.ANOMALY_METRICS), config.get(VigilOptions.ANOMALY_SKIP_COUNTERS))).name("anomaly: watched metrics")
                    .keyBy(new SeriesKey())
                    .process(new AnomalyFunction(AnomalySettings.of(config))).name("anomaly detection").uid("anomaly-detection");
            anomalies.sinkTo(sinks.anomalies()).name("history: anomalies").uid("history-anomalies");
            anomalyAlerts = anomalies.getSideOutput(VigilTags.ANOMALY_ALERTS);
            metricLate = anomalies.getSideOutput(VigilTags.LATE_ANOMALY_SAMPLES)
                    .map(new LateEvents.FromSample("anomaly detection")).name("late: anomaly");
        }

        DataStream<Alert> forecastAlerts = null;
        if (config.get(VigilOptions.FORECAST_ENABLED)) {
            List<Resource> resources = Resource.parse(config.get(VigilOptions.FORECAST_RESOURCES));
            SingleOutputStreamOperator<ForecastRow> forecasts = events.getSideOutput(VigilTags.METRICS)
                    .flatMap(new MatchResources(resources)).name("forecast: resources")
                    .keyBy(new MatchResources.Key())
                    .process(new ForecastFunction(resources, config.get(VigilOptions.FORECAST_WARNING_HORIZON).toMillis(),
                            config.get(VigilOptions.FORECAST_CRITICAL_HORIZON).toMillis(), config.get(VigilOptions.FORECAST_STATE_TTL).toMillis(),
                            externalUrl)).name("forecasts").uid("forecasts");
            DataStream<ForecastRow> forecastRows = forecasts;
            forecastAlerts = forecasts.getSideOutput(VigilTags.FORECAST_ALERTS);
            String leakMetric = config.get(VigilOptions.FORECAST_LEAK_METRIC);
            if (!leakMetric.isBlank()) {
                String leakLimit = config.get(VigilOptions.FORECAST_LEAK_LIMIT_METRIC);
                SingleOutputStreamOperator<ForecastRow> leaks = events.getSideOutput(VigilTags.METRICS)
                        .filter(new MetricNamed(leakMetric + "," + leakLimit)).name("forecast: process memory")
                        .keyBy(new HostKey())
                        .process(new LeakFunction(leakMetric, leakLimit, config.get(VigilOptions.FORECAST_CRITICAL_HORIZON).toMillis(),
                                config.get(VigilOptions.FORECAST_STATE_TTL).toMillis(), externalUrl)).name("memory leaks").uid("memory-leaks");
                forecastRows = forecastRows.union(leaks);
                forecastAlerts = forecastAlerts.union(leaks.getSideOutput(VigilTags.FORECAST_ALERTS));
            }
            forecastRows.sinkTo(sinks.forecasts()).name("history: forecasts").uid("history-forecasts");
            DataStream<LateEvent> late = forecasts.getSideOutput(VigilTags.LATE_FORECAST_SAMPLES)
                    .map(new LateEvents.FromSample("forecasts")).name("late: forecasts");
            metricLate = metricLate == null ? late : metricLate.union(late);
        }

        String exfilMetric = config.get(VigilOptions.EXFIL_METRIC);
        DataStream<CorrelationMatch> exfiltration = exfilMetric.isBlank() ? null : events.getSideOutput(VigilTags.METRICS)
                .filter(new MetricNamed(exfilMetric)).name("transmit counters")
                .keyBy(new SeriesKey())
                .process(new ExfiltrationFunction(config.get(VigilOptions.EXFIL_FACTOR), config.get(VigilOptions.EXFIL_FLOOR), 3))
                .name("exfiltration baseline").uid("exfiltration-baseline");
        CorrelationStages.Output correlation = CorrelationStages.build(events, control.messages(), exfiltration, ruleSettings);
        DataStream<dev.vigil.correlate.Incident> incidents = correlation.incidents();
        if (hintsWindow > 0) {
            incidents = incidents.keyBy(new IncidentLogHints.ByHost())
                    .connect(templateWindows.keyBy(new AnnotateHints.WindowByHost()))
                    .process(new IncidentLogHints(hintsWindow)).name("incident log hints").uid("incident-log-hints");
        }
        incidents.sinkTo(sinks.incidents()).name("history: incidents").uid("history-incidents");
        DataStream<LateEvent> late = correlation.late()
                .union(thresholdAlerts.getSideOutput(VigilTags.LATE_SAMPLES).map(new LateEvents.FromSample("threshold alerts")).name("late: threshold"));
        if (metricLate != null) {
            late = late.union(metricLate);
        }
        late.sinkTo(sinks.lateEvents()).name("history: late_events").uid("history-late-events");
        DataStream<Alert> alerts = thresholdAlerts.union(incidents
                .flatMap(new IncidentAlerts(ruleSettings.alertLevel(), externalUrl)).name("incident alerts").uid("incident-alerts"));
        if (anomalyAlerts != null) {
            alerts = alerts.union(anomalyAlerts);
        }
        if (forecastAlerts != null) {
            alerts = alerts.union(forecastAlerts);
        }
        if (logAlerts != null) {
            alerts = alerts.union(logAlerts);
        }
        if (hintsWindow > 0) {
            alerts = alerts.keyBy(new AnnotateHints.ByHost())
                    .connect(templateWindows.keyBy(new AnnotateHints.WindowByHost()))
                    .process(new AnnotateHints(hintsWindow)).name("alert hints").uid("alert-hints");
        }
        // Lost records page whoever reads the job's alerts; they belong to no host, so they skip the hints.
        alerts = alerts.union(gaps.map(new GapAlerts(externalUrl)).name("gap alerts").uid("gap-alerts"));

        alerts.sinkTo(sinks.alertHistory()).name("history: alerts").uid("history-alerts");
        for (Named<Alert> out : sinks.alertOutputs()) {
            alerts.sinkTo(out.sink()).name("alerts: " + out.name()).uid("alerts-" + out.name()).setParallelism(1);
        }
        String routing = config.routing();
        if (!routing.isEmpty()) {
            DataStream<dev.vigil.jobs.notify.Delivery> deliveries =
                    dev.vigil.jobs.notify.AlertDelivery.build(alerts, control.messages(), routing, externalUrl, deliverySettings());
            deliveries.sinkTo(sinks.notifications()).name("history: notifications").uid("history-notifications");
            dev.vigil.jobs.notify.AlertDelivery.undelivered(deliveries)
                    .sinkTo(sinks.alertDeadLetters()).name("history: alert_dead_letters").uid("history-alert-dead-letters");
        }
    }

    private TemplateActivity.Settings templateActivitySettings() {
        TemplateActivity.Settings d = TemplateActivity.Settings.defaults();
        return new TemplateActivity.Settings(config.get(VigilOptions.LOG_TEMPLATES_WINDOW).toMillis(),
                config.get(VigilOptions.LOG_ANOMALIES_NEW_AFTER).toMillis(), config.get(VigilOptions.LOG_ANOMALIES_JUMP_FACTOR),
                config.get(VigilOptions.LOG_ANOMALIES_JUMP_MIN_COUNT), d.alpha(), d.maxTemplates(), d.idleMs());
    }

    private MinerSettings minerSettings() {
        MinerSettings s = MinerSettings.defaults().withMaxTemplates(config.get(VigilOptions.LOG_TEMPLATES_MAX));
        String masks = config.get(VigilOptions.LOG_TEMPLATES_MASKS_FILE);
        if (masks.isBlank()) {
            return s;
        }
        try {
            return s.withMasks(MineTemplates.readMasks(java.nio.file.Path.of(masks)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("logs.templates.masks-file: cannot read " + masks, e);
        }
    }

    /** The bytes of {@code logs.categories.model}, checked here so a bad file fails the submission, not the tasks; null: bundled. */
    private byte[] categoryModel() {
        String file = config.get(VigilOptions.LOG_CATEGORIES_MODEL);
        if (file.isBlank()) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("logs.categories.model: cannot read " + file, e);
        }
        dev.vigil.logs.LogCategories.read(bytes, "logs.categories.model " + file);
        return bytes;
    }

    private java.util.Set<String> alertCategories() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String c : config.get(VigilOptions.LOG_ANOMALIES_ALERT_CATEGORIES).split(",")) {
            if (!c.isBlank()) {
                if (!dev.vigil.logs.LogCategories.CATEGORIES.contains(c.trim())) {
                    throw new IllegalArgumentException("logs.anomalies.alert-categories: unknown category '" + c.trim() + "'; known: "
                            + dev.vigil.logs.LogCategories.CATEGORIES);
                }
                out.add(c.trim());
            }
        }
        return out;
    }

    private dev.vigil.jobs.notify.AlertDelivery.Settings deliverySettings() {
        return new dev.vigil.jobs.notify.AlertDelivery.Settings(config.get(VigilOptions.DELIVERY_REQUEST_TIMEOUT),
                config.get(VigilOptions.DELIVERY_MAX_AGE), config.get(VigilOptions.DELIVERY_MAX_IN_FLIGHT),
                config.get(VigilOptions.DELIVERY_BACKOFF_INITIAL), config.get(VigilOptions.DELIVERY_BACKOFF_MAX));
    }

    /**
     * Entry point of the jar submitted with {@code flink run}: reads Kafka, writes history and alerts as
     * configured. Arguments: {@code [--config FILE] [--set key=value]...}.
     */
    public static void main(String[] args) throws Exception {
        java.nio.file.Path configFile = null;
        List<String> overrides = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> configFile = java.nio.file.Path.of(args[++i]);
                case "--set" -> overrides.add(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'; expected --config FILE or --set key=value");
            }
        }
        VigilConfig config = VigilConfig.load(configFile, overrides);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(config.get(VigilOptions.CHECKPOINT_INTERVAL).toMillis());
        // Vigil's records are immutable: chained operators may share them without a copy.
        env.getConfig().enableObjectReuse();
        new VigilJob(Wiring.kafka(config, null), Wiring.sinks(config, config.get(VigilOptions.HISTORY_PATH)), config, true).build(env);
        env.execute("vigil");
    }
}
