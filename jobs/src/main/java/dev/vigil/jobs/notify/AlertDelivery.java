package dev.vigil.jobs.notify;

import dev.vigil.alert.Alert;
import dev.vigil.correlate.ControlMessage;
import dev.vigil.notify.AlertRouting;
import dev.vigil.notify.Endpoint;
import dev.vigil.notify.Notification;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The alert delivery stage: alerts are routed, grouped (with silences and inhibition), and sent to each
 * endpoint by its own asynchronous operator, so a slow or failing receiver holds back only its own
 * notifications. Returns how every notification ended (history {@code notifications}); those given up
 * on are {@link #undelivered} (history {@code alert_dead_letters}).
 */
public final class AlertDelivery {
    /** Timing of delivery. */
    public record Settings(Duration requestTimeout, Duration maxAge, int maxInFlight, Duration backoffInitial, Duration backoffMax) {}

    private AlertDelivery() {}

    public static DataStream<Delivery> build(DataStream<Alert> alerts, DataStream<ControlMessage> control, String routing,
            String externalUrl, Settings s) {
        // Validated on the client, without secrets: they are read on the tasks.
        AlertRouting structure = AlertRouting.structure(routing);
        DataStream<MuteUpdate> mutes = alerts.map(new AlertMute()).name("alerts: mutes").uid("alerts-mutes");
        if (control != null) {
            mutes = mutes.union(control.flatMap(new ControlMute()).name("alerts: silences and inhibitions").uid("alerts-silences"));
        }
        DataStream<Notification> notifications = alerts
                .flatMap(new RouteAlerts(routing)).name("alerts: route").uid("alerts-route")
                .keyBy(new GroupKey())
                .connect(mutes.broadcast(NotifyState.MUTES))
                .process(new GroupAlerts(routing, externalUrl)).name("alerts: group").uid("alerts-group");
        DataStream<Delivery> all = null;
        for (Endpoint e : structure.endpoints()) {
            // At the grouping's parallelism, so it chains to it and only this endpoint's notifications cross the network.
            DataStream<Notification> mine = notifications.filter(new ForEndpoint(e.name()))
                    .name("alerts: to " + e.name()).uid("alerts-to-" + e.name());
            // The operator's timeout is a backstop past the maximum age, which the function enforces itself.
            SingleOutputStreamOperator<Delivery> sent = AsyncDataStream.unorderedWait(mine,
                            new DeliverNotifications(routing, e.name(), s.requestTimeout().toMillis(), s.maxAge().toMillis(),
                                    new JitteredBackoff(s.backoffInitial().toMillis(), s.backoffMax().toMillis())),
                            s.maxAge().toMillis() + s.backoffMax().toMillis() + 2 * s.requestTimeout().toMillis(), TimeUnit.MILLISECONDS,
                            s.maxInFlight())
                    .name("alerts: deliver " + e.name()).uid("alerts-deliver-" + e.name()).setParallelism(1);
            all = all == null ? sent : all.union(sent);
        }
        if (all == null) {
            throw new IllegalArgumentException("alert routing has no endpoints: give a receiver a webhook, slack, pagerduty or alertmanager config");
        }
        return all;
    }

    /** The notifications given up on. */
    public static DataStream<Delivery> undelivered(DataStream<Delivery> deliveries) {
        return deliveries.filter(new Undelivered()).name("alerts: dead letters").uid("alerts-dead-letters");
    }

    /** Keys routed alerts by receiver and group. */
    static final class GroupKey implements KeySelector<RoutedAlert, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(RoutedAlert r) {
            return r.key();
        }
    }

    static final class AlertMute implements MapFunction<Alert, MuteUpdate> {
        private static final long serialVersionUID = 1L;

        @Override
        public MuteUpdate map(Alert a) {
            return MuteUpdate.of(a);
        }
    }

    /** Silences and inhibition rules from the control stream. */
    static final class ControlMute implements FlatMapFunction<ControlMessage, MuteUpdate> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(ControlMessage m, Collector<MuteUpdate> out) {
            if (ControlMessage.SILENCE.equals(m.type()) || ControlMessage.INHIBIT.equals(m.type())) {
                out.collect(MuteUpdate.of(m));
            }
        }
    }

    static final class ForEndpoint implements FilterFunction<Notification> {
        private static final long serialVersionUID = 1L;
        private final String endpoint;

        ForEndpoint(String endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public boolean filter(Notification n) {
            return n.endpoint().equals(endpoint);
        }
    }

    static final class Undelivered implements FilterFunction<Delivery> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(Delivery d) {
            return !d.delivered();
        }
    }
}
