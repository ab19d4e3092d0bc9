package dev.vigil.jobs.alerts;


import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertHints;
import dev.vigil.logs.TemplateHints;
import dev.vigil.logs.TemplateWindow;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Adds root-cause hints to firing alerts, keyed by host: the host's other alerts that started within
 * the window before ({@link AlertHints}), and the host's log templates that rose most in that window
 * ({@link TemplateHints}, from the second input, the template windows of history {@code log_templates}).
 * Alerts are held until the watermark passes their time and then go out in time order (firing before
 * resolved), so the hints do not depend on the order in which the rules' alerts reached this operator,
 * and every template window that ended before an alert has arrived: a replay gives the same hints as the
 * live job. Each alert is remembered until the watermark passes its start plus the window, each notable
 * template window until twice the window after its end. Alerts without a host pass through.
 */
public final class AnnotateHints extends KeyedCoProcessFunction<String, Alert, TemplateWindow, Alert> {
    private static final long serialVersionUID = 1L;
    /** The host's recent alerts by fingerprint, in their latest state. */
    static final MapStateDescriptor<String, Alert> RECENT =
            new MapStateDescriptor<>("hints-recent", Types.STRING, TypeInformation.of(Alert.class));
    /** Alerts waiting for the watermark, by "fingerprint|status|time". */
    static final MapStateDescriptor<String, Alert> PENDING =
            new MapStateDescriptor<>("hints-pending", Types.STRING, TypeInformation.of(Alert.class));
    private static final java.util.Comparator<Alert> ORDER = java.util.Comparator.comparingLong(Alert::time)
            .thenComparing(a -> a.status().equals(Alert.FIRING) ? 0 : 1).thenComparing(Alert::fingerprint);
    private final long windowMs;
    private transient MapState<String, Alert> recent;
    private transient HeldRows<Alert> pending;
    private transient List<String> expired;
    private transient List<Alert> earlier;
    private transient RecentTemplateChanges templates;

    public AnnotateHints(long windowMs) {
        this.windowMs = windowMs;
    }

    @Override
    public void open(OpenContext context) {
        recent = getRuntimeContext().getMapState(RECENT);
        pending = new HeldRows<>(getRuntimeContext().getMapState(PENDING), Alert::time, ORDER);
        expired = new ArrayList<>();
        earlier = new ArrayList<>();
        // Twice the window: an alert's start may precede the time it is released at.
        templates = new RecentTemplateChanges(getRuntimeContext(), 2 * windowMs);
    }

    @Override
    public void processElement1(Alert a, Context ctx, Collector<Alert> out) throws Exception {
        if (ctx.getCurrentKey().isEmpty()) {
            out.collect(a);
            return;
        }
        pending.hold(a.fingerprint() + "|" + a.status() + "|" + a.time(), a, ctx.timerService());
    }

    @Override
    public void processElement2(TemplateWindow w, Context ctx, Collector<Alert> out) throws Exception {
        templates.add(w, ctx.timerService());
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        for (Alert a : pending.release(ts)) {
            if (a.status().equals(Alert.FIRING)) {
                // Only alerts that started strictly earlier: simultaneous ones are not each other's cause.
                earlier.clear();
                for (Alert r : recent.values()) {
                    if (r.startsAt() < a.startsAt()) {
                        earlier.add(r);
                    }
                }
                Alert hinted = AlertHints.annotate(a, AlertHints.describe(a, earlier, windowMs));
                List<String> logHints = templates.hints(a.startsAt(), windowMs);
                out.collect(logHints.isEmpty() ? hinted : hinted.withAnnotation(TemplateHints.ANNOTATION, String.join("; ", logHints)));
                recent.put(a.fingerprint(), a);
                ctx.timerService().registerEventTimeTimer(a.startsAt() + windowMs);
            } else {
                out.collect(a);
                if (recent.contains(a.fingerprint())) {
                    recent.put(a.fingerprint(), a);
                }
            }
        }
        expired.clear();
        for (Map.Entry<String, Alert> e : recent.entries()) {
            if (e.getValue().startsAt() + windowMs <= ts) {
                expired.add(e.getKey());
            }
        }
        for (String fp : expired) {
            recent.remove(fp);
        }
        templates.expire(ts);
    }

    /** Keys alerts by their {@code host} label ("" when they have none). */
    public static final class ByHost implements KeySelector<Alert, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Alert a) {
            String host = a.labels().get("host");
            return host == null ? "" : host;
        }
    }

    /** Keys template windows by their host, to meet the alerts and incidents of that host. */
    public static final class WindowByHost implements KeySelector<TemplateWindow, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(TemplateWindow w) {
            return w.host();
        }
    }
}
