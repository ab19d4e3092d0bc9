package dev.vigil.jobs.correlate;

import dev.vigil.correlate.CorrelationInput;
import dev.vigil.correlate.Incident;
import dev.vigil.correlate.SigmaRules;
import dev.vigil.sigma.LogsourceSelector;
import dev.vigil.sigma.SigmaEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

import java.util.Map;

/**
 * Chaining: an opened incident of one correlation becomes an input of every correlation that refers to
 * it, grouped by the incident's group values (under the names its rule wrote in group-by).
 */
public final class IncidentInputs extends RichFlatMapFunction<Incident, CorrelationInput> {
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
    public void flatMap(Incident incident, Collector<CorrelationInput> out) {
        if (!incident.status().equals(Incident.OPEN)) {
            return;
        }
        SigmaEvent view = new GroupView(incident);
        for (SigmaRules.Route route : rules.routes(incident.ruleId())) {
            String value = route.valueField() == null ? null : view.field(route.valueField());
            out.collect(new CorrelationInput(route.correlation().id(),
                    SigmaRules.groupKey(route.correlation(), route.groupFields(), view), incident.last(), incident.ruleId(),
                    value, incident.id(), incident.summary(), rules.depth(route.correlation().id()), route.correlation().temporal()));
        }
    }

    /** An incident's group values as fields. */
    private record GroupView(Incident incident) implements SigmaEvent {
        @Override
        public String field(String name) {
            Map<String, String> g = incident.group();
            String v = g.get(name);
            return v == null || v.equals("null") ? null : v;
        }

        @Override
        public String message() {
            return incident.summary();
        }

        @Override
        public long time() {
            return incident.last();
        }

        @Override
        public boolean in(LogsourceSelector selector) {
            return false;
        }
    }
}
