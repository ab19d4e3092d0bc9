package dev.vigil.jobs.correlate;

import dev.vigil.correlate.CorrelationInput;
import dev.vigil.correlate.CorrelationMatch;
import dev.vigil.correlate.SigmaRules;
import dev.vigil.correlate.SlidingWindow;
import dev.vigil.correlate.WindowEntry;
import dev.vigil.sigma.CorrelationRule;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.metrics.Counter;
import dev.vigil.correlate.ControlMessage;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.ArrayList;
import java.util.List;

/**
 * The count and value correlations (event_count, value_count, value_sum, value_avg, value_percentile)
 * for one correlation and group (the key): inputs wait until the watermark passes them, then enter the
 * group's sliding window in event-time order ({@link SlidingWindow}). A timer one timespan after the
 * newest entry drops the window, so state lives only as long as the group is active. Inputs behind the
 * watermark go to {@link #LATE}. A threshold changed through the control stream applies from the next event on.
 */
public final class CorrelationWindowFunction extends KeyedBroadcastProcessFunction<String, CorrelationInput, ControlMessage, CorrelationMatch> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<CorrelationInput> LATE = new OutputTag<>("late-correlation-inputs",
            org.apache.flink.api.common.typeinfo.TypeInformation.of(CorrelationInput.class));

    private final RuleSettings settings;
    private transient SigmaRules rules;
    private transient MapState<Long, List<CorrelationInput>> buffered;
    private transient ListState<WindowEntry> window;
    /** Time of the newest entry (its cleanup timer is one timespan later). */
    private transient org.apache.flink.api.common.state.ValueState<Long> newest;
    private transient Counter late;

    public CorrelationWindowFunction(RuleSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        rules = settings.compile();
        buffered = getRuntimeContext().getMapState(CorrelationState.BUFFERED);
        window = getRuntimeContext().getListState(CorrelationState.WINDOW);
        newest = getRuntimeContext().getState(CorrelationState.NEWEST);
        late = getRuntimeContext().getMetricGroup().counter("lateCorrelationInputs");
    }

    @Override
    public void processBroadcastElement(ControlMessage m, Context ctx, Collector<CorrelationMatch> out) throws Exception {
        Control.apply(ctx.getBroadcastState(Control.STATE), m);
    }

    @Override
    public void processElement(CorrelationInput in, ReadOnlyContext ctx, Collector<CorrelationMatch> out) throws Exception {
        if (in.time() <= ctx.timerService().currentWatermark()) {
            late.inc();
            ctx.output(LATE, in);
            return;
        }
        List<CorrelationInput> at = buffered.get(in.time());
        if (at == null) {
            at = new ArrayList<>(1);
        }
        at.add(in);
        buffered.put(in.time(), at);
        ctx.timerService().registerEventTimeTimer(in.time());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CorrelationMatch> out) throws Exception {
        List<CorrelationInput> due = buffered.get(timestamp);
        if (due == null) {
            // The cleanup timer: nothing arrived within a timespan of the newest entry.
            if (buffered.isEmpty()) {
                window.clear();
                newest.clear();
            }
            return;
        }
        buffered.remove(timestamp);
        CorrelationRule rule = rules.correlation(due.get(0).correlation());
        ControlMessage override = rule == null ? null : Control.override(ctx.getBroadcastState(Control.STATE), rules, rule.id());
        if (override != null && override.condition() != null) {
            rule = rule.withCondition(override.condition());
        }
        if (rule == null) {
            // A correlation this job's rules no longer have (restored state): drop its state.
            window.clear();
            buffered.clear();
            newest.clear();
            return;
        }
        List<WindowEntry> entries = entries();
        for (CorrelationInput in : due) {
            CorrelationMatch m = SlidingWindow.add(rule, in.groupKey(), entries,
                    new WindowEntry(in.time(), in.rule(), in.value(), in.eventId() + " " + in.summary()));
            if (m != null) {
                out.collect(m);
            }
        }
        window.update(entries);
        Long previous = newest.value();
        if (previous != null && !buffered.contains(previous + rule.timespan().toMillis())) {
            ctx.timerService().deleteEventTimeTimer(previous + rule.timespan().toMillis());
        }
        newest.update(timestamp);
        ctx.timerService().registerEventTimeTimer(timestamp + rule.timespan().toMillis());
    }

    private List<WindowEntry> entries() throws Exception {
        List<WindowEntry> entries = new ArrayList<>();
        Iterable<WindowEntry> stored = window.get();
        if (stored != null) {
            for (WindowEntry e : stored) {
                entries.add(e);
            }
        }
        return entries;
    }
}
