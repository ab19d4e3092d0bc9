package dev.vigil.jobs.correlate;

import dev.vigil.correlate.CorrelationInput;
import dev.vigil.correlate.EventIds;
import dev.vigil.correlate.SigmaRules;
import dev.vigil.jobs.ingest.Envelope;
import dev.vigil.sigma.DetectionRule;
import dev.vigil.sigma.VigilSigmaEvent;
import dev.vigil.correlate.ControlMessage;
import dev.vigil.correlate.IocMatcher;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

import java.util.List;

/**
 * Runs every active Sigma detection rule on each log record and security event, and emits one input per
 * correlation that consumes a matching rule (a standalone rule's own implicit correlation included).
 * Rules and correlations disabled through the control stream are skipped; an event that carries a
 * threat-intelligence indicator also feeds the threat-intelligence rule, grouped by the indicator.
 */
public final class SigmaDetect extends BroadcastProcessFunction<Envelope, ControlMessage, CorrelationInput> {
    private static final long serialVersionUID = 1L;
    private final RuleSettings settings;
    private transient SigmaRules rules;
    private transient List<DetectionRule> detections;
    private transient VigilSigmaEvent view;
    /** Indicators, rebuilt from broadcast state when they change (null: rebuild before next use). */
    private transient IocMatcher indicators;

    public SigmaDetect(RuleSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        rules = settings.compile();
        detections = rules.activeDetections();
        view = new VigilSigmaEvent();
    }

    @Override
    public void processBroadcastElement(ControlMessage m, Context ctx, Collector<CorrelationInput> out) throws Exception {
        if (Control.apply(ctx.getBroadcastState(Control.STATE), m)) {
            indicators = null;
        }
    }

    @Override
    public void processElement(Envelope e, ReadOnlyContext ctx, Collector<CorrelationInput> out) throws Exception {
        if (e.log() != null) {
            view.of(e.log());
        } else if (e.security() != null) {
            view.of(e.security());
        } else {
            return;
        }
        ReadOnlyBroadcastState<String, ControlMessage> control = ctx.getBroadcastState(Control.STATE);
        String summary = null;
        String eventId = null;
        for (int i = 0; i < detections.size(); i++) {
            DetectionRule r = detections.get(i);
            if (!r.matches(view) || !Control.enabled(control, rules, r.id())) {
                continue;
            }
            if (summary == null) {
                summary = view.summary();
                eventId = EventIds.of(view.time(), summary);
            }
            for (SigmaRules.Route route : rules.routes(r.id())) {
                if (!Control.enabled(control, rules, route.correlation().id())) {
                    continue;
                }
                String value = route.valueField() == null ? null : view.field(route.valueField());
                out.collect(new CorrelationInput(route.correlation().id(),
                        SigmaRules.groupKey(route.correlation(), route.groupFields(), view), view.time(), r.id(), value,
                        eventId, summary, rules.depth(route.correlation().id()), route.correlation().temporal()));
            }
        }
        if (indicators == null) {
            indicators = Control.indicators(control);
        }
        if (!indicators.isEmpty() && Control.enabled(control, rules, SigmaRules.THREAT_INTEL.id())) {
            IocMatcher.Hit hit = indicators.match(view);
            if (hit != null) {
                String line = (summary != null ? summary : view.summary()) + " [" + hit.indicator().iocKind() + " " + hit.value()
                        + " in " + hit.field() + ", list " + hit.indicator().list() + "]";
                out.collect(new CorrelationInput(SigmaRules.THREAT_INTEL.id(), SigmaRules.jsonObject("threat.indicator", hit.value()),
                        view.time(), "vigil_threat_intel", null, EventIds.of(view.time(), line), line, 1, false));
            }
        }
    }
}
