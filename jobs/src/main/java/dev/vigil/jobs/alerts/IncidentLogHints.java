package dev.vigil.jobs.alerts;


import dev.vigil.correlate.Incident;
import dev.vigil.logs.TemplateWindow;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.util.List;

/**
 * Keyed by host: adds log hints to incident rows ({@link Incident#logHints()}), the host's templates that
 * rose most in the window before the incident's first event. Like {@link AnnotateHints}, it holds each row
 * until the watermark passes its time, so every template window that ended before has arrived. The
 * opening row's hints are remembered until the closing row, which repeats them. Incidents whose group
 * has no host pass through.
 */
public final class IncidentLogHints extends KeyedCoProcessFunction<String, Incident, TemplateWindow, Incident> {
    private static final long serialVersionUID = 1L;
    /** Rows waiting for the watermark, by "incident id|status". */
    static final MapStateDescriptor<String, Incident> PENDING =
            new MapStateDescriptor<>("incident-hints-pending", Types.STRING, TypeInformation.of(Incident.class));
    private final long windowMs;
    private transient HeldRows<Incident> pending;
    private transient MapState<String, List<String>> openHints;
    private transient RecentTemplateChanges templates;
    private static final java.util.Comparator<Incident> ORDER = java.util.Comparator.comparingLong(Incident::time)
            .thenComparing(i -> i.status().equals(Incident.OPEN) ? 0 : 1).thenComparing(Incident::id);

    public IncidentLogHints(long windowMs) {
        this.windowMs = windowMs;
    }

    @Override
    public void open(OpenContext context) {
        // Opening rows before closing ones, so a closing row finds its incident's hints.
        pending = new HeldRows<>(getRuntimeContext().getMapState(PENDING), Incident::time, ORDER);
        openHints = getRuntimeContext().getMapState(HintState.INCIDENT_LOG_HINTS);
        templates = new RecentTemplateChanges(getRuntimeContext(), 2 * windowMs);
    }

    @Override
    public void processElement1(Incident i, Context ctx, Collector<Incident> out) throws Exception {
        if (ctx.getCurrentKey().isEmpty()) {
            out.collect(i);
            return;
        }
        pending.hold(i.id() + "|" + i.status(), i, ctx.timerService());
    }

    @Override
    public void processElement2(TemplateWindow w, Context ctx, Collector<Incident> out) throws Exception {
        templates.add(w, ctx.timerService());
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Incident> out) throws Exception {
        for (Incident i : pending.release(ts)) {
            if (i.status().equals(Incident.OPEN)) {
                List<String> hints = templates.hints(i.first(), windowMs);
                if (!hints.isEmpty()) {
                    openHints.put(i.id(), hints);
                }
                out.collect(i.withLogHints(hints));
            } else {
                List<String> hints = openHints.get(i.id());
                openHints.remove(i.id());
                out.collect(hints == null ? i : i.withLogHints(hints));
            }
        }
        templates.expire(ts);
    }

    /** Keys incidents by their group's host ({@code host.name}); "" when it has none. */
    public static final class ByHost implements KeySelector<Incident, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(Incident i) {
            String host = i.group().get("host.name");
            return host == null || host.equals("null") ? "" : host;
        }
    }
}
