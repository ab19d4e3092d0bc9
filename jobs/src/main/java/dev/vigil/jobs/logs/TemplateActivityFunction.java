package dev.vigil.jobs.logs;

import dev.vigil.jobs.VigilTags;

import dev.vigil.alert.Alert;
import dev.vigil.logs.LogAnomaly;
import dev.vigil.logs.TemplateActivity;
import dev.vigil.logs.TemplateWindow;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Keyed by host: counts template sightings per window ({@link TemplateActivity} in state). Emits a
 * {@link TemplateWindow} per template and window when the watermark passes the window's end (history
 * {@code log_templates}), and {@link LogAnomaly}s to {@link VigilTags#LOG_ANOMALIES}: a new template at
 * its first sighting, a rate jump at its window's end; for the configured categories also a
 * {@code LogAnomaly} alert to {@link VigilTags#LOG_ANOMALY_ALERTS}.
 */
public final class TemplateActivityFunction extends KeyedProcessFunction<String, TemplateSighting, TemplateWindow> {
    private static final long serialVersionUID = 1L;

    private final TemplateActivity.Settings settings;
    private final Set<String> alertCategories;
    private final String externalUrl;
    private transient ValueState<TemplateActivity> activity;

    public TemplateActivityFunction(TemplateActivity.Settings settings, Set<String> alertCategories, String externalUrl) {
        this.settings = settings;
        this.alertCategories = Set.copyOf(alertCategories);
        this.externalUrl = externalUrl;
    }

    @Override
    public void open(OpenContext context) {
        activity = getRuntimeContext().getState(LogState.ACTIVITY);
    }

    @Override
    public void processElement(TemplateSighting s, Context ctx, Collector<TemplateWindow> out) throws Exception {
        TemplateActivity a = activity.value();
        if (a == null) {
            a = new TemplateActivity(settings);
        }
        LogAnomaly fresh = a.observe(s.time(), s.host(), s.app(), s.templateId(), s.template(), s.category());
        activity.update(a);
        long windowStart = a.windowStart(s.time());
        ctx.timerService().registerEventTimeTimer(windowStart + settings.windowMs() - 1);
        if (fresh != null) {
            anomaly(fresh, ctx);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TemplateWindow> out) throws Exception {
        TemplateActivity a = activity.value();
        if (a == null) {
            return;
        }
        boolean closedAny = false;
        for (Long start : a.openWindows()) {
            if (start + settings.windowMs() - 1 > timestamp) {
                break;
            }
            closedAny = true;
            TemplateActivity.Closed closed = a.close(ctx.getCurrentKey(), start);
            for (TemplateWindow w : closed.rows()) {
                out.collect(w);
            }
            for (LogAnomaly an : closed.anomalies()) {
                anomaly(an, ctx);
            }
        }
        if (!closedAny) {
            // the idle sweep: an empty window closes, which forgets templates idle longer than idleMs
            a.close(ctx.getCurrentKey(), a.windowStart(timestamp) - settings.windowMs());
        }
        if (a.size() == 0) {
            activity.clear();
            return;
        }
        activity.update(a);
        if (a.openWindows().isEmpty()) {
            // a host that stops logging: sweep again later, so its state goes once every template is idle
            ctx.timerService().registerEventTimeTimer(timestamp + settings.idleMs());
        }
    }

    private void anomaly(LogAnomaly a, Context ctx) {
        ctx.output(VigilTags.LOG_ANOMALIES, a);
        if (alertCategories.contains(a.category())) {
            ctx.output(VigilTags.LOG_ANOMALY_ALERTS, alert(a));
        }
    }

    private Alert alert(LogAnomaly a) {
        Map<String, String> labels = new HashMap<>();
        labels.put("alertname", "LogAnomaly");
        labels.put("severity", "warning");
        labels.put("host", a.host());
        labels.put("app", a.app());
        labels.put("category", a.category());
        labels.put("template_id", a.templateId());
        Map<String, String> annotations = new HashMap<>();
        annotations.put("summary", LogAnomaly.NEW.equals(a.kind())
                ? "New " + a.category() + " log template from " + a.app() + " on " + a.host()
                : String.format(Locale.ROOT, "%s log lines from %s on %s jumped: %d against a usual %.1f", a.category(), a.app(), a.host(),
                        a.count(), a.baseline()));
        annotations.put("description", a.template());
        return Alert.oneShot(a.time(), a.time() + settings.windowMs(), labels, annotations, externalUrl + "/logs/" + a.templateId());
    }

    /** The key: the sighting's host. */
    public static final class ByHost implements KeySelector<TemplateSighting, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(TemplateSighting s) {
            return s.host();
        }
    }
}
