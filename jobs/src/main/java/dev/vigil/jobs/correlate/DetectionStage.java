package dev.vigil.jobs.correlate;

import dev.vigil.alert.Alert;
import dev.vigil.correlate.ControlMessage;
import dev.vigil.correlate.CorrelationMatch;
import dev.vigil.correlate.Incident;
import dev.vigil.jobs.VigilJob;
import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.config.VigilOptions;
import dev.vigil.jobs.alerts.AnnotateHints;
import dev.vigil.jobs.alerts.IncidentLogHints;
import dev.vigil.jobs.history.LateEvent;
import dev.vigil.logs.TemplateWindow;
import dev.vigil.model.LogRecord;
import dev.vigil.model.SecurityEvent;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.util.List;

/**
 * Detection: Sigma rules and their correlations over log records and security events
 * ({@link CorrelationStages}), incidents annotated with log hints, and the incidents at or above the
 * alert level as alerts. Writes history {@code incidents}.
 */
public final class DetectionStage {
    /**
     * @param rules         the Sigma rules, suppression and alert level
     * @param hintsWindowMs how far back an incident's log hints look ({@code alerts.hints.window}); 0: no hints
     */
    public record Settings(RuleSettings rules, long hintsWindowMs) {
        public static Settings of(VigilConfig c) {
            return new Settings(RuleSettings.of(c), c.get(VigilOptions.HINTS_WINDOW).toMillis());
        }
    }

    /**
     * @param alerts the alerts of incidents at or above the alert level
     * @param late   inputs that arrived after their correlation window or pattern had passed them
     */
    public record Output(DataStream<Alert> alerts, DataStream<LateEvent> late) {}

    private DetectionStage() {}

    /**
     * @param control         rule switches and indicators, broadcast to detection, windows and incidents
     * @param otherMatches    matches of detectors outside Sigma (the exfiltration baseline), for the first stage
     * @param templateWindows the log hints
     */
    public static Output build(DataStream<LogRecord> logs, DataStream<SecurityEvent> security, DataStream<ControlMessage> control,
            List<DataStream<CorrelationMatch>> otherMatches, DataStream<TemplateWindow> templateWindows, Settings s,
            VigilJob.Sinks sinks) {
        CorrelationStages.Output correlation = CorrelationStages.build(logs, security, control, otherMatches, s.rules());
        DataStream<Incident> incidents = correlation.incidents();
        if (s.hintsWindowMs() > 0) {
            incidents = incidents.keyBy(new IncidentLogHints.ByHost())
                    .connect(templateWindows.keyBy(new AnnotateHints.WindowByHost()))
                    .process(new IncidentLogHints(s.hintsWindowMs())).name("incident log hints").uid("incident-log-hints");
        }
        incidents.sinkTo(sinks.incidents()).name("history: incidents").uid("history-incidents");
        DataStream<Alert> alerts = incidents
                .flatMap(new IncidentAlerts(s.rules().alertLevel(), s.rules().externalUrl())).name("incident alerts").uid("incident-alerts");
        return new Output(alerts, correlation.late());
    }
}
