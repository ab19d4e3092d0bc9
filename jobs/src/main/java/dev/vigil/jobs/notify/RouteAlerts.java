package dev.vigil.jobs.notify;

import dev.vigil.alert.Alert;
import dev.vigil.notify.AlertRouting;
import dev.vigil.notify.Route;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/** Sends each alert down the routing tree: one {@link RoutedAlert} per route that takes it. */
public final class RouteAlerts extends RichFlatMapFunction<Alert, RoutedAlert> {
    private static final long serialVersionUID = 1L;
    private final String routing;
    private transient Route root;

    /** @param routing the routing YAML (parsed in {@code open()}; its secrets are not read here) */
    public RouteAlerts(String routing) {
        this.routing = routing;
    }

    @Override
    public void open(OpenContext context) {
        root = AlertRouting.structure(routing).route();
    }

    @Override
    public void flatMap(Alert alert, Collector<RoutedAlert> out) {
        for (Route r : root.match(alert.labels())) {
            out.collect(new RoutedAlert(r.receiver() + '\0' + r.groupKey(alert.labels()), alert));
        }
    }
}
