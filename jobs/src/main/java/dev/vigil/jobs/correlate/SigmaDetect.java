package dev.vigil.jobs.correlate;

import dev.vigil.correlate.CorrelationInput;
import dev.vigil.correlate.EventIds;
import dev.vigil.correlate.SigmaRules;
import dev.vigil.jobs.types.Envelope;
import dev.vigil.sigma.DetectionRule;
import dev.vigil.sigma.VigilSigmaEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

import java.util.List;

/**
 * Runs every active Sigma detection rule on each log record and security event, and emits one input per
 * correlation that consumes a matching rule (a standalone rule's own implicit correlation included).
 */
public final class SigmaDetect extends RichFlatMapFunction<Envelope, CorrelationInput> {
    private static final long serialVersionUID = 1L;
    private final RuleSettings settings;
    private transient SigmaRules rules;
    private transient List<DetectionRule> detections;
    private transient VigilSigmaEvent view;

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
    public void flatMap(Envelope e, Collector<CorrelationInput> out) {
        if (e.log() != null) {
            view.of(e.log());
        } else if (e.security() != null) {
            view.of(e.security());
        } else {
            return;
        }
        String summary = null;
        String eventId = null;
        for (int i = 0; i < detections.size(); i++) {
            DetectionRule r = detections.get(i);
            if (!r.matches(view)) {
                continue;
            }
            if (summary == null) {
                summary = view.summary();
                eventId = EventIds.of(view.time(), summary);
            }
            for (SigmaRules.Route route : rules.routes(r.id())) {
                String value = route.valueField() == null ? null : view.field(route.valueField());
                out.collect(new CorrelationInput(route.correlation().id(),
                        SigmaRules.groupKey(route.correlation(), route.groupFields(), view), view.time(), r.id(), value,
                        eventId, summary, rules.depth(route.correlation().id()), route.correlation().temporal()));
            }
        }
    }
}
