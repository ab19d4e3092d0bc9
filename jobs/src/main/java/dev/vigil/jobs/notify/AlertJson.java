package dev.vigil.jobs.notify;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertmanagerWebhook;
import org.apache.flink.api.common.serialization.SerializationSchema;

import java.nio.charset.StandardCharsets;

/** An alert as one JSON object (Alertmanager's alert, as in alerts.jsonl) for the Kafka alert topic. */
public final class AlertJson implements SerializationSchema<Alert> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(Alert a) {
        return AlertmanagerWebhook.jsonLine(a).getBytes(StandardCharsets.UTF_8);
    }

    /** The record key: the fingerprint, so one alert's changes stay in order on one partition. */
    public static final class Key implements SerializationSchema<Alert> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] serialize(Alert a) {
            return a.fingerprint().getBytes(StandardCharsets.UTF_8);
        }
    }
}
