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
 * the window before ({@link AlertHints}). Each alert is remembered until the watermark passes its start
 * plus the window; resolutions pass through unchanged and mark the remembered alert resolved. Alerts
 * without a host pass through.
 */
public final class AnnotateHints extends KeyedProcessFunction<String, Alert, Alert> {
    private static final long serialVersionUID = 1L;
    /** The host's recent alerts by fingerprint. */
    static final MapStateDescriptor<String, Alert> RECENT =
            new MapStateDescriptor<>("hints-recent", Types.STRING, TypeInformation.of(Alert.class));
    private final long windowMs;
    private transient MapState<String, Alert> recent;
    private transient List<String> expired;

    public AnnotateHints(long windowMs) {
        this.windowMs = windowMs;
    }

    @Override
    public void open(OpenContext context) {
        recent = getRuntimeContext().getMapState(RECENT);
        expired = new ArrayList<>();
    }

    @Override
    public void processElement(Alert a, Context ctx, Collector<Alert> out) throws Exception {
        if (ctx.getCurrentKey().isEmpty()) {
            out.collect(a);
            return;
        }
        if (a.status().equals(Alert.FIRING)) {
            out.collect(AlertHints.annotate(a, AlertHints.describe(a, recent.values(), windowMs)));
            recent.put(a.fingerprint(), a);
            ctx.timerService().registerEventTimeTimer(a.startsAt() + windowMs);
        } else {
            out.collect(a);
            if (recent.contains(a.fingerprint())) {
                recent.put(a.fingerprint(), a);
            }
        }
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Alert> out) throws Exception {
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
