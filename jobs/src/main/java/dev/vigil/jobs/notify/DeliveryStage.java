package dev.vigil.jobs.notify;

import dev.vigil.alert.Alert;
import dev.vigil.correlate.ControlMessage;
import dev.vigil.jobs.VigilJob;
import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.config.VigilOptions;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The last stage: alerts to the configured outputs (console, JSON lines, webhook, Kafka) as they are
 * emitted, and with a routing file through {@link AlertDelivery}, whose outcomes go to history
 * {@code notifications} and {@code alert_dead_letters}. It only writes, so it returns nothing.
 */
public final class DeliveryStage {
    /**
     * @param routing     the routing file's text ({@code alerts.routing}), "" for no routed delivery
     * @param externalUrl base of the links in notifications
     * @param timing      request timeout, maximum age, in-flight limit and backoff of routed delivery
     */
    public record Settings(String routing, String externalUrl, AlertDelivery.Settings timing) {
        public static Settings of(VigilConfig c) {
            return new Settings(c.routing(), c.get(VigilOptions.EXTERNAL_URL), new AlertDelivery.Settings(
                    c.get(VigilOptions.DELIVERY_REQUEST_TIMEOUT), c.get(VigilOptions.DELIVERY_MAX_AGE),
                    c.get(VigilOptions.DELIVERY_MAX_IN_FLIGHT), c.get(VigilOptions.DELIVERY_BACKOFF_INITIAL),
                    c.get(VigilOptions.DELIVERY_BACKOFF_MAX)));
        }
    }

    private DeliveryStage() {}

    /** @param control silences and inhibitions for routed delivery */
    public static void build(DataStream<Alert> alerts, DataStream<ControlMessage> control, Settings s, VigilJob.Sinks sinks) {
        for (VigilJob.Named<Alert> out : sinks.alertOutputs()) {
            alerts.sinkTo(out.sink()).name("alerts: " + out.name()).uid("alerts-" + out.name()).setParallelism(1);
        }
        if (s.routing().isEmpty()) {
            return;
        }
        DataStream<Delivery> deliveries = AlertDelivery.build(alerts, control, s.routing(), s.externalUrl(), s.timing());
        deliveries.sinkTo(sinks.notifications()).name("history: notifications").uid("history-notifications");
        AlertDelivery.undelivered(deliveries)
                .sinkTo(sinks.alertDeadLetters()).name("history: alert_dead_letters").uid("history-alert-dead-letters");
    }
}
