package dev.vigil.jobs.alerts;

import dev.vigil.alert.Alert;
import dev.vigil.model.Gap;
import org.apache.flink.api.common.functions.MapFunction;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code KafkaRecordsLost} alert for each gap: records the broker deleted before Vigil read them. It is
 * one-shot: it carries an end an hour on, so Alertmanager resolves it unless it is raised again.
 */
public final class GapAlerts implements MapFunction<Gap, Alert> {
    private static final long serialVersionUID = 1L;
    static final long ACTIVE_MS = 3_600_000L;
    private final String externalUrl;

    public GapAlerts(String externalUrl) {
        this.externalUrl = externalUrl;
    }

    @Override
    public Alert map(Gap g) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", "KafkaRecordsLost");
        labels.put("severity", "critical");
        labels.put("stream", g.stream());
        labels.put("topic", g.topic());
        labels.put("partition", Integer.toString(g.partition()));
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", String.format("%,d records of %s partition %d were deleted by Kafka before Vigil read them",
                g.missing(), g.topic(), g.partition()));
        annotations.put("description", g.reason() + ". The job goes on from the next record; raise the topic's retention "
                + "or catch the job up sooner. Rows: SELECT * FROM gaps.");
        annotations.put("value", Long.toString(g.missing()));
        annotations.put("query", "SELECT * FROM gaps WHERE topic = '" + g.topic() + "' AND partition = " + g.partition());
        return Alert.oneShot(g.time(), g.time() + ACTIVE_MS, labels, annotations, externalUrl + "/gaps");
    }
}
