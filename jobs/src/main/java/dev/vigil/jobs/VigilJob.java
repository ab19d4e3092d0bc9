package dev.vigil.jobs;

import dev.vigil.alert.Alert;
import dev.vigil.anomaly.Anomaly;
import dev.vigil.correlate.Incident;
import dev.vigil.forecast.ForecastRow;
import dev.vigil.jobs.alerts.AlertStage;
import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.config.VigilOptions;
import dev.vigil.jobs.correlate.ControlSources;
import dev.vigil.jobs.correlate.DetectionStage;
import dev.vigil.jobs.ingest.IngestStage;
import dev.vigil.jobs.logs.LogStage;
import dev.vigil.jobs.metrics.MetricStage;
import dev.vigil.jobs.notify.DeliveryStage;
import dev.vigil.jobs.ingest.Envelope;
import dev.vigil.jobs.history.LateEvent;
import dev.vigil.model.DeadLetter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.ArrayList;
import java.util.List;

/**
 * The Vigil pipeline, as stages in the order the data flows: ingest splits decoded events by kind;
 * logs are mined for templates; metric samples go through threshold rules, anomaly detection, forecasts
 * and the exfiltration baseline; detection runs the Sigma rules over logs and security events into
 * incidents; all alerts meet, with hints, and are delivered. Each stage takes its inputs and a settings
 * record read from the configuration, writes the history tables of the rows it makes, and returns the
 * streams later stages need.
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
     * @param events            history table events: metrics and security events, and log lines when templates are off
     * @param minedLogs         history table events: log lines with their template ids (a second writer of the same table,
     *                          so the metric stream's writer chains to the decoder instead of receiving every event over the network)
     * @param auditEvents       history table events: the events assembled from audit records (process_exec,
     *                          file_changed), a third writer of the table
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
            Sink<Envelope> minedLogs,
            Sink<Envelope> auditEvents,
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
        this.config = config;
        this.liveControl = liveControl;
    }

    /** Adds the pipeline to {@code env}. A bad setting fails here, before anything runs. */
    public void build(StreamExecutionEnvironment env) {
        DataStream<Envelope> envelopes = sources.envelopes(env);
        ControlSources.Output control = ControlSources.build(env, config, !liveControl);
        IngestStage.Output in = IngestStage.build(envelopes, control.deadLetters(), IngestStage.Settings.of(config), sinks);

        LogStage.Output logs = LogStage.build(in.events(), in.logs(), LogStage.Settings.of(config), sinks);
        MetricStage.Output metrics = MetricStage.build(in.metrics(), MetricStage.Settings.of(config), sinks);
        DetectionStage.Output detection = DetectionStage.build(in.logs(), in.security(), control.messages(),
                metrics.exfiltration(), logs.templateWindows(), DetectionStage.Settings.of(config), sinks);

        // Late inputs come from two stages, so late_events is written here, where they meet.
        List<DataStream<LateEvent>> late = new ArrayList<>(metrics.late());
        late.add(detection.late());
        Streams.union(late).sinkTo(sinks.lateEvents()).name("history: late_events").uid("history-late-events");

        List<DataStream<Alert>> analysed = new ArrayList<>(metrics.alerts());
        analysed.add(detection.alerts());
        analysed.addAll(logs.alerts());
        AlertStage.Output alerts = AlertStage.build(analysed, logs.templateWindows(), in.gaps(), AlertStage.Settings.of(config), sinks);

        DeliveryStage.build(alerts.alerts(), control.messages(), DeliveryStage.Settings.of(config), sinks);
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
