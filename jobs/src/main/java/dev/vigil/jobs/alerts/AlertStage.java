package dev.vigil.jobs.alerts;

import dev.vigil.alert.Alert;
import dev.vigil.jobs.Streams;
import dev.vigil.jobs.VigilJob;
import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.config.VigilOptions;
import dev.vigil.logs.TemplateWindow;
import dev.vigil.model.Gap;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.util.List;

/**
 * All alerts in one stream: those of the analysis stages, annotated with root-cause hints, and one per
 * gap of lost Kafka records. Writes history {@code alerts}.
 */
public final class AlertStage {
    /**
     * @param hintsWindowMs how far back an alert's hints look ({@code alerts.hints.window}); 0: no hints
     * @param externalUrl   generatorURL base of the gap alerts
     */
    public record Settings(long hintsWindowMs, String externalUrl) {
        public static Settings of(VigilConfig c) {
            return new Settings(c.get(VigilOptions.HINTS_WINDOW).toMillis(), c.get(VigilOptions.EXTERNAL_URL));
        }
    }

    /** @param alerts every alert of the job */
    public record Output(DataStream<Alert> alerts) {}

    private AlertStage() {}

    /**
     * @param analysed        the alerts of the metric, log and detection stages (at least one stream)
     * @param templateWindows the log hints
     * @param gaps            Kafka records deleted before they were read
     */
    public static Output build(List<DataStream<Alert>> analysed, DataStream<TemplateWindow> templateWindows, DataStream<Gap> gaps,
            Settings s, VigilJob.Sinks sinks) {
        DataStream<Alert> alerts = Streams.union(analysed);
        if (s.hintsWindowMs() > 0) {
            alerts = alerts.keyBy(new AnnotateHints.ByHost())
                    .connect(templateWindows.keyBy(new AnnotateHints.WindowByHost()))
                    .process(new AnnotateHints(s.hintsWindowMs())).name("alert hints").uid("alert-hints");
        }
        // Lost records page whoever reads the job's alerts; they belong to no host, so they skip the hints.
        alerts = alerts.union(gaps.map(new GapAlerts(s.externalUrl())).name("gap alerts").uid("gap-alerts"));
        alerts.sinkTo(sinks.alertHistory()).name("history: alerts").uid("history-alerts");
        return new Output(alerts);
    }
}
