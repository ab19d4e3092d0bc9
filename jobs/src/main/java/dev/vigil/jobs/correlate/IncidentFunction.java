package dev.vigil.jobs.correlate;

import dev.vigil.correlate.CorrelationMatch;
import dev.vigil.correlate.Incident;
import dev.vigil.correlate.IncidentTracker;
import dev.vigil.correlate.SigmaRules;
import dev.vigil.sigma.CorrelationRule;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import dev.vigil.correlate.ControlMessage;
import dev.vigil.correlate.IocMatcher;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;

import java.time.Duration;
import org.apache.flink.util.Collector;

/**
 * Suppression for one rule and group (the key): the first match opens an incident (emitted), later ones
 * fold into it, and a timer one suppression window after the last match closes it (emitted again, same
 * id). A match that arrives after the window has passed closes the old incident and opens a new one, so
 * batch mode (where timers fire only at the end) gives the same incidents as streaming. The suppression
 * window may be changed per rule through the control stream; incidents whose group values are known
 * threat-intelligence indicators carry them ({@code intel}).
 */
public final class IncidentFunction extends KeyedBroadcastProcessFunction<String, CorrelationMatch, ControlMessage, Incident> {
    private static final long serialVersionUID = 1L;
    /** Every match of an enabled correlation, for correlations chained on it (every match, not only openings). */
    public static final org.apache.flink.util.OutputTag<CorrelationMatch> CHAIN = new org.apache.flink.util.OutputTag<>("chain",
            org.apache.flink.api.common.typeinfo.TypeInformation.of(CorrelationMatch.class));
    private final RuleSettings settings;
    private transient SigmaRules rules;
    private transient ValueState<Incident> open;
    private transient IocMatcher indicators;

    public IncidentFunction(RuleSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        rules = settings.compile();
        open = getRuntimeContext().getState(CorrelationState.OPEN);
    }

    @Override
    public void processBroadcastElement(ControlMessage m, Context ctx, Collector<Incident> out) throws Exception {
        if (Control.apply(ctx.getBroadcastState(Control.STATE), m)) {
            indicators = null;
        }
    }

    @Override
    public void processElement(CorrelationMatch m, ReadOnlyContext ctx, Collector<Incident> out) throws Exception {
        CorrelationRule rule = rules.correlation(m.correlation());
        if (rule == null) {
            open.clear();
            return;
        }
        ReadOnlyBroadcastState<String, ControlMessage> control = ctx.getBroadcastState(Control.STATE);
        if (!Control.enabled(control, rules, rule.id())) {
            return;
        }
        ctx.output(CHAIN, m);
        if (!rules.reported(rule.id())) {
            return;
        }
        Duration suppression = suppression(control, rule);
        Incident current = open.value();
        if (current != null && m.time() >= IncidentTracker.closesAt(current.last(), suppression)) {
            out.collect(IncidentTracker.close(current, IncidentTracker.closesAt(current.last(), suppression)));
            current = null;
        }
        Incident next;
        if (current == null) {
            next = IncidentTracker.open(rule, SigmaRules.ruleIdOf(rule.id()), m);
            if (indicators == null) {
                indicators = Control.indicators(control);
            }
            if (!indicators.isEmpty()) {
                next = next.withIntel(indicators.annotate(next.group().values()));
            }
            out.collect(next);
        } else {
            next = IncidentTracker.fold(rule, current, m);
        }
        open.update(next);
        ctx.timerService().registerEventTimeTimer(IncidentTracker.closesAt(next.last(), suppression));
    }

    private Duration suppression(ReadOnlyBroadcastState<String, ControlMessage> control, CorrelationRule rule) throws Exception {
        ControlMessage o = Control.override(control, rules, rule.id());
        return o != null && o.suppression() != null ? Duration.ofMillis(o.suppression()) : settings.suppression();
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Incident> out) throws Exception {
        Incident current = open.value();
        CorrelationRule rule = rules.correlation(ctx.getCurrentKey().substring(0, ctx.getCurrentKey().indexOf('|')));
        Duration suppression = rule == null ? settings.suppression() : suppression(ctx.getBroadcastState(Control.STATE), rule);
        if (current == null) {
            return;
        }
        long due = IncidentTracker.closesAt(current.last(), suppression);
        if (timestamp >= due) {
            out.collect(IncidentTracker.close(current, timestamp));
            open.clear();
        } else {
            // Not due: a later match moved it, or the suppression window was raised since this timer was set.
            ctx.timerService().registerEventTimeTimer(due);
        }
    }
}
