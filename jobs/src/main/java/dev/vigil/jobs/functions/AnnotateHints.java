package dev.vigil.jobs.functions;

import dev.vigil.alert.Alert;
import dev.vigil.alert.AlertHints;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Adds root-cause hints to firing alerts, keyed by host: the host's other alerts that started within
 * the window before ({@link AlertHints}). Alerts are held until the watermark passes their time and then
 * go out in time order (firing before resolved), so the hints do not depend on the order in which the
 * rules' alerts reached this operator: a replay gives the same hints as the live job. Each alert is
 * remembered until the watermark passes its start plus the window. Alerts without a host pass through.
 */
public final class AnnotateHints extends KeyedProcessFunction<String, Alert, Alert> {
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
    private transient MapState<String, Alert> pending;
    private transient List<String> expired;
    private transient List<Alert> due;
    private transient List<Alert> earlier;

    public AnnotateHints(long windowMs) {
        this.windowMs = windowMs;
    }

    @Override
    public void open(OpenContext context) {
        recent = getRuntimeContext().getMapState(RECENT);
        pending = getRuntimeContext().getMapState(PENDING);
        expired = new ArrayList<>();
        due = new ArrayList<>();
        earlier = new ArrayList<>();
    }

    @Override
    public void processElement(Alert a, Context ctx, Collector<Alert> out) throws Exception {
        if (ctx.getCurrentKey().isEmpty()) {
            out.collect(a);
            return;
        }
        pending.put(a.fingerprint() + "|" + a.status() + "|" + a.time(), a);
        ctx.timerService().registerEventTimeTimer(a.time());
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        due.clear();
        expired.clear();
        for (Map.Entry<String, Alert> e : pending.entries()) {
            if (e.getValue().time() <= ts) {
                due.add(e.getValue());
                expired.add(e.getKey());
            }
        }
        for (String k : expired) {
            pending.remove(k);
        }
        due.sort(ORDER);
        for (Alert a : due) {
            if (a.status().equals(Alert.FIRING)) {
                // Only alerts that started strictly earlier: simultaneous ones are not each other's cause.
                earlier.clear();
                for (Alert r : recent.values()) {
                    if (r.startsAt() < a.startsAt()) {
                        earlier.add(r);
                    }
                }
                out.collect(AlertHints.annotate(a, AlertHints.describe(a, earlier, windowMs)));
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
}
