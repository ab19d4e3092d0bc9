package dev.vigil.jobs.alerts;

import dev.vigil.logs.TemplateHints;
import dev.vigil.logs.TemplateWindow;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.streaming.api.TimerService;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One host's notable template windows of the recent past (keyed map state): the evidence that the hint
 * operators turn into log hints. Only windows that can be hints are kept ({@link TemplateHints#notable}),
 * each for {@code keepMs} after its end, so the state holds at most the host's templates times
 * {@code keepMs / window}.
 */
final class RecentTemplateChanges {
    private final MapState<String, TemplateWindow> windows;
    private final long keepMs;
    private final List<String> expired = new ArrayList<>();

    RecentTemplateChanges(RuntimeContext context, long keepMs) {
        this.windows = context.getMapState(HintState.RECENT_TEMPLATE_CHANGES);
        this.keepMs = keepMs;
    }

    /** Keeps {@code w} if it is notable, with an event-time timer for when it may be dropped ({@link #expire}). */
    void add(TemplateWindow w, TimerService timers) throws Exception {
        if (TemplateHints.notable(w)) {
            windows.put(w.windowStart() + "|" + w.app() + "|" + w.templateId(), w);
            timers.registerEventTimeTimer(w.windowEnd() + keepMs);
        }
    }

    /** The hints for something that started at {@code at}, from the windows in the {@code lookbackMs} before. */
    List<String> hints(long at, long lookbackMs) throws Exception {
        return TemplateHints.describe(at, windows.values(), lookbackMs);
    }

    /** Drops the windows whose keeping time has passed at {@code time}. */
    void expire(long time) throws Exception {
        expired.clear();
        for (Map.Entry<String, TemplateWindow> e : windows.entries()) {
            if (e.getValue().windowEnd() + keepMs <= time) {
                expired.add(e.getKey());
            }
        }
        for (String k : expired) {
            windows.remove(k);
        }
    }
}
