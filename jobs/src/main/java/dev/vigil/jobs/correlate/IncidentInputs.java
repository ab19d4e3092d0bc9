package dev.vigil.jobs.correlate;

import dev.vigil.correlate.CorrelationInput;
import dev.vigil.correlate.CorrelationMatch;
import dev.vigil.correlate.IncidentTracker;
import dev.vigil.correlate.SigmaRules;
import dev.vigil.sigma.LogsourceSelector;
import dev.vigil.sigma.SigmaEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

import java.util.Map;

/**
 * Chaining: every match of one correlation becomes an input of every correlation that refers to it,
 * grouped by the match's group values (under the names its rule wrote in group-by). Every match, not only
 * the one that opened an incident: a long campaign keeps feeding what is chained on it.
 */
public final class IncidentInputs extends RichFlatMapFunction<CorrelationMatch, CorrelationInput> {
    private static final long serialVersionUID = 1L;
    private final RuleSettings settings;
    private transient SigmaRules rules;

    public IncidentInputs(RuleSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        rules = settings.compile();
    }

    @Override
    public void flatMap(CorrelationMatch m, Collector<CorrelationInput> out) {
        String ruleId = SigmaRules.ruleIdOf(m.correlation());
        Map<String, String> group = IncidentTracker.parseGroup(m.groupKey());
        SigmaEvent view = new GroupView(group, m.time());
        String evidence = m.events().isEmpty() ? m.correlation() : m.events().get(m.events().size() - 1);
        int space = evidence.indexOf(' ');
        String eventId = space > 0 ? evidence.substring(0, space) : evidence;
        String summary = space > 0 ? evidence.substring(space + 1) : evidence;
        for (SigmaRules.Route route : rules.routes(ruleId)) {
            String value = route.valueField() == null ? null : view.field(route.valueField());
            out.collect(new CorrelationInput(route.correlation().id(),
                    SigmaRules.groupKey(route.correlation(), route.groupFields(), view), m.time(), ruleId,
                    value, eventId, summary, rules.depth(route.correlation().id()), route.correlation().temporal()));
        }
    }

    /** A match's group values as fields. */
    private record GroupView(Map<String, String> group, long time) implements SigmaEvent {
        @Override
        public String field(String name) {
            return group.get(name);
        }

        @Override
        public String message() {
            return null;
        }

        @Override
        public boolean in(LogsourceSelector selector) {
            return false;
        }
    }
}
