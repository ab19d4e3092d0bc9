package dev.vigil.jobs.correlate;

import dev.vigil.correlate.CorrelationMatch;
import dev.vigil.correlate.Incident;
import dev.vigil.correlate.IncidentTracker;
import dev.vigil.correlate.SigmaRules;
import dev.vigil.sigma.CorrelationRule;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Suppression for one rule and group (the key): the first match opens an incident (emitted), later ones
 * fold into it, and a timer one suppression window after the last match closes it (emitted again, same
 * id). A match that arrives after the window has passed closes the old incident and opens a new one, so
 * batch mode (where timers fire only at the end) gives the same incidents as streaming.
 */
public final class IncidentFunction extends KeyedProcessFunction<String, CorrelationMatch, Incident> {
    private static final long serialVersionUID = 1L;
    private final RuleSettings settings;
    private transient SigmaRules rules;
    private transient ValueState<Incident> open;

    public IncidentFunction(RuleSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        rules = settings.compile();
        open = getRuntimeContext().getState(CorrelationState.OPEN);
    }

    @Override
    public void processElement(CorrelationMatch m, Context ctx, Collector<Incident> out) throws Exception {
        CorrelationRule rule = rules.correlation(m.correlation());
        if (rule == null) {
            open.clear();
            return;
        }
        Incident current = open.value();
        if (current != null && m.time() >= IncidentTracker.closesAt(current.last(), settings.suppression())) {
            out.collect(IncidentTracker.close(current, IncidentTracker.closesAt(current.last(), settings.suppression())));
            current = null;
        }
        Incident next;
        if (current == null) {
            next = IncidentTracker.open(rule, SigmaRules.ruleIdOf(rule.id()), m);
            out.collect(next);
        } else {
            next = IncidentTracker.fold(rule, current, m);
            ctx.timerService().deleteEventTimeTimer(IncidentTracker.closesAt(current.last(), settings.suppression()));
        }
        open.update(next);
        ctx.timerService().registerEventTimeTimer(IncidentTracker.closesAt(next.last(), settings.suppression()));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out) throws Exception {
        Incident current = open.value();
        if (current != null && timestamp >= IncidentTracker.closesAt(current.last(), settings.suppression())) {
            out.collect(IncidentTracker.close(current, timestamp));
            open.clear();
        }
    }
}
