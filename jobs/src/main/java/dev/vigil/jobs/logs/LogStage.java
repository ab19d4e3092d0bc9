package dev.vigil.jobs.logs;

import dev.vigil.alert.Alert;
import dev.vigil.jobs.VigilJob;
import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.config.VigilOptions;
import dev.vigil.jobs.VigilTags;
import dev.vigil.jobs.ingest.Envelope;
import dev.vigil.logs.LogCategories;
import dev.vigil.logs.MinerSettings;
import dev.vigil.logs.TemplateActivity;
import dev.vigil.logs.TemplateWindow;
import dev.vigil.model.LogRecord;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Log templates: mines each line's template, counts templates per host and window, and reports new
 * templates and rate jumps. Writes history {@code events} (each log line with its template id),
 * {@code log_templates} and {@code log_anomalies}. With mining off, events go to history as they came.
 */
public final class LogStage {
    /**
     * @param mining how lines are mined and their activity watched; null when {@code logs.templates.enabled}
     *               is off, and then the mining files are not read, so a path left behind cannot fail the job
     */
    public record Settings(Mining mining) {
        public static Settings of(VigilConfig c) {
            return new Settings(c.get(VigilOptions.LOG_TEMPLATES_ENABLED) ? Mining.of(c) : null);
        }
    }

    /**
     * @param miner           the template miner's settings (template cap, masks)
     * @param categoryModel   the bytes of {@code logs.categories.model}, or null for the bundled model
     * @param activity        template activity windows and rate jumps
     * @param alertCategories categories whose log anomalies also become alerts
     * @param externalUrl     generatorURL base of those alerts
     */
    public record Mining(MinerSettings miner, byte[] categoryModel, TemplateActivity.Settings activity, Set<String> alertCategories,
            String externalUrl) {
        static Mining of(VigilConfig c) {
            return new Mining(readMiner(c), readCategoryModel(c), readActivity(c), readAlertCategories(c), c.get(VigilOptions.EXTERNAL_URL));
        }
    }

    /**
     * @param alerts          LogAnomaly alerts (none with mining off)
     * @param templateWindows template counts per host and window, the log hints of incidents and alerts
     */
    public record Output(List<DataStream<Alert>> alerts, DataStream<TemplateWindow> templateWindows) {
        public Output {
            alerts = List.copyOf(alerts);
        }
    }

    private LogStage() {}

    /**
     * @param events every decoded event (history {@code events})
     * @param logs   the log records among them
     */
    public static Output build(DataStream<Envelope> events, DataStream<LogRecord> logs, Settings s, VigilJob.Sinks sinks) {
        if (s.mining() == null) {
            events.sinkTo(sinks.events()).name("history: events").uid("history-events");
            // The hint operators still take a window stream: an empty one that carries the job's watermarks.
            return new Output(List.of(), logs.flatMap(new NoTemplateWindows()).name("log templates: off"));
        }
        Mining m = s.mining();
        SingleOutputStreamOperator<LogRecord> mined = logs
                .keyBy(new MineTemplates.ByApp())
                .process(new MineTemplates(m.miner(), m.categoryModel()))
                .name("log templates").uid("log-templates");
        // History keeps each line with its template id, so log lines are written after mining. The other events
        // have their own writer of the same table: a union in front of one writer would break the chain and send
        // every metric sample over the network to it (measured: bench pipeline, docs/benchmarks.md).
        events.filter(new NotLogs()).name("events: metrics and security")
                .sinkTo(sinks.events()).name("history: events").uid("history-events");
        mined.map(new LogEnvelopes()).name("events: mined logs")
                .sinkTo(sinks.minedLogs()).name("history: events (mined logs)").uid("history-events-mined-logs");
        SingleOutputStreamOperator<TemplateWindow> activity = mined.getSideOutput(VigilTags.TEMPLATE_SIGHTINGS)
                .keyBy(new TemplateActivityFunction.ByHost())
                .process(new TemplateActivityFunction(m.activity(), m.alertCategories(), m.externalUrl()))
                .name("log template activity").uid("log-template-activity");
        activity.sinkTo(sinks.logTemplates()).name("history: log_templates").uid("history-log-templates");
        activity.getSideOutput(VigilTags.LOG_ANOMALIES)
                .sinkTo(sinks.logAnomalies()).name("history: log_anomalies").uid("history-log-anomalies");
        return new Output(List.of(activity.getSideOutput(VigilTags.LOG_ANOMALY_ALERTS)), activity);
    }

    private static MinerSettings readMiner(VigilConfig c) {
        MinerSettings s = MinerSettings.defaults().withMaxTemplates(c.get(VigilOptions.LOG_TEMPLATES_MAX));
        String masks = c.get(VigilOptions.LOG_TEMPLATES_MASKS_FILE);
        if (masks.isBlank()) {
            return s;
        }
        try {
            return s.withMasks(MineTemplates.readMasks(Path.of(masks)));
        } catch (IOException e) {
            throw new UncheckedIOException("logs.templates.masks-file: cannot read " + masks, e);
        }
    }

    /** The model file's bytes, checked here so a bad file fails the submission, not the tasks; null: bundled. */
    private static byte[] readCategoryModel(VigilConfig c) {
        String file = c.get(VigilOptions.LOG_CATEGORIES_MODEL);
        if (file.isBlank()) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("logs.categories.model: cannot read " + file, e);
        }
        LogCategories.read(bytes, "logs.categories.model " + file);
        return bytes;
    }

    private static TemplateActivity.Settings readActivity(VigilConfig c) {
        TemplateActivity.Settings d = TemplateActivity.Settings.defaults();
        return new TemplateActivity.Settings(c.get(VigilOptions.LOG_TEMPLATES_WINDOW).toMillis(),
                c.get(VigilOptions.LOG_ANOMALIES_NEW_AFTER).toMillis(), c.get(VigilOptions.LOG_ANOMALIES_JUMP_FACTOR),
                c.get(VigilOptions.LOG_ANOMALIES_JUMP_MIN_COUNT), d.alpha(), d.maxTemplates(), d.idleMs());
    }

    private static Set<String> readAlertCategories(VigilConfig c) {
        Set<String> out = new TreeSet<>();
        for (String category : c.list(VigilOptions.LOG_ANOMALIES_ALERT_CATEGORIES)) {
            if (!LogCategories.CATEGORIES.contains(category)) {
                throw new IllegalArgumentException("logs.anomalies.alert-categories: unknown category '" + category
                        + "'; known: " + LogCategories.CATEGORIES);
            }
            out.add(category);
        }
        return out;
    }
}
