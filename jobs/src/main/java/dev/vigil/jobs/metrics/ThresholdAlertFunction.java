package dev.vigil.jobs.metrics;

import dev.vigil.jobs.VigilTags;
import dev.vigil.jobs.state.EventTimeBuffer;

import dev.vigil.alert.Alert;
import dev.vigil.alert.ThresholdRule;
import dev.vigil.alert.ThresholdTracker;
import dev.vigil.model.MetricSample;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Evaluates one threshold rule on one series (the key) in event-time order and emits an alert when it
 * starts firing and when it resolves. Samples wait in state until the watermark passes them, so
 * out-of-order arrival within the allowed lateness changes nothing; samples behind the watermark go
 * to {@link VigilTags#LATE_SAMPLES}. A series silent for {@code staleAfter} resolves its alert and
 * drops its state; at the end of a bounded input nothing is resolved for staleness. Gaps are judged on
 * event time, so streaming and batch (replay) resolve the same alerts. The rule logic itself is {@link ThresholdTracker}.
 */
public final class ThresholdAlertFunction extends KeyedProcessFunction<String, RuleSample, Alert> {
    private static final long serialVersionUID = 1L;
    private final List<ThresholdRule> rules;
    private final long staleAfter;
    private final String externalUrl;

    private transient EventTimeBuffer buffer;
    private transient ValueState<MetricSample> series;
    private transient ValueState<Long> pendingSince;
    private transient ValueState<Alert> firing;
    private transient Counter lateSamples;
    private transient Map<String, ThresholdRule> rulesByName;

    public ThresholdAlertFunction(List<ThresholdRule> rules, Duration staleAfter, String externalUrl) {
        this.rules = List.copyOf(rules);
        this.staleAfter = staleAfter.toMillis();
        this.externalUrl = externalUrl;
    }

    @Override
    public void open(OpenContext context) {
        buffer = new EventTimeBuffer(getRuntimeContext().getMapState(ThresholdState.BUFFERED),
                getRuntimeContext().getState(ThresholdState.LAST_SEEN), staleAfter);
        series = getRuntimeContext().getState(ThresholdState.SERIES);
        pendingSince = getRuntimeContext().getState(ThresholdState.PENDING_SINCE);
        firing = getRuntimeContext().getState(ThresholdState.FIRING);
        lateSamples = getRuntimeContext().getMetricGroup().counter("lateSamples");
        rulesByName = new java.util.HashMap<>();
        for (ThresholdRule r : rules) {
            rulesByName.put(r.name(), r);
        }
    }

    @Override
    public void processElement(RuleSample in, Context ctx, Collector<Alert> out) throws Exception {
        if (!buffer.offer(in.sample().time(), in.sample().value(), ctx.timerService())) {
            lateSamples.inc();
            ctx.output(VigilTags.LATE_SAMPLES, in.sample());
            return;
        }
        if (series.value() == null) {
            series.update(in.sample());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        String key = ctx.getCurrentKey();
        ThresholdRule rule = rulesByName.get(key.substring(0, key.indexOf('|')));
        if (rule == null) {
            // Restored from a savepoint taken with a rule this configuration no longer has.
            clear();
            buffer.dropAll();
            series.clear();
            return;
        }
        Double value = buffer.take(timestamp, ctx.timerService());
        if (value != null) {
            evaluate(rule, timestamp, value, out);
            return;
        }
        // Not a sample's timer: the TTL after the newest one. At the end of a bounded input (in batch mode every
        // timer fires at the end) the data stopped, the series did not go stale: an alert still firing stays firing.
        if (!buffer.expired(timestamp, ctx.timerService())) {
            return;
        }
        // A gap of staleAfter without samples: the series went stale, whatever comes after the gap.
        Long last = buffer.lastSeen();
        Alert alert = firing.value();
        if (alert != null) {
            out.collect(alert.resolve(timestamp, withNote(alert.annotations(), "series went stale: no samples since "
                    + java.time.Instant.ofEpochMilli(last))));
        }
        clear();
        if (buffer.clear()) {
            // Nothing waits after the gap (samples after it would start the series afresh): the labels go too.
            series.clear();
        }
    }

    private void evaluate(ThresholdRule rule, long t, double v, Collector<Alert> out) throws Exception {
        Long since = pendingSince.value();
        long pending = since == null ? ThresholdTracker.NEVER : since;
        Alert current = firing.value();
        ThresholdTracker.Transition transition = ThresholdTracker.step(rule, pending, current != null, t, v);
        long next = ThresholdTracker.nextPendingSince(rule, pending, t, v);
        if (next == ThresholdTracker.NEVER) {
            pendingSince.clear();
        } else if (since == null || next != since) {
            pendingSince.update(next);
        }
        switch (transition) {
            case FIRED -> {
                MetricSample s = series.value();
                Map<String, String> labels = rule.alertLabels(s);
                Alert alert = Alert.firing(t, labels, rule.annotations(labels, v, rule.evidenceQuery(s, t)),
                        externalUrl + "/rules/" + rule.name());
                firing.update(alert);
                out.collect(alert);
            }
            case RESOLVED -> {
                Map<String, String> annotations = rule.annotations(current.labels(), v, rule.evidenceQuery(series.value(), t));
                out.collect(current.resolve(t, annotations));
                firing.clear();
            }
            case NONE -> { }
        }
    }

    private static Map<String, String> withNote(Map<String, String> annotations, String note) {
        Map<String, String> copy = new java.util.HashMap<>(annotations);
        copy.put("resolved_reason", note);
        return copy;
    }

    /** Drops the evaluation state (not the buffered samples, nor the series' labels). */
    private void clear() {
        pendingSince.clear();
        firing.clear();
    }
}
