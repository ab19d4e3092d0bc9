package dev.vigil.jobs.correlate;

import dev.vigil.correlate.CorrelationMatch;
import dev.vigil.correlate.EventIds;
import dev.vigil.correlate.RateBaseline;
import dev.vigil.correlate.SigmaRules;
import dev.vigil.jobs.VigilTags;
import dev.vigil.model.MetricSample;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.List;
import java.util.Locale;

/**
 * Keyed by transmit counter series: feeds samples in event-time order to {@link RateBaseline} and emits a
 * match of {@link SigmaRules#EXFILTRATION} (grouped by host) for every sample on which it fires; the
 * incident operator turns those into one incident per transfer. The baseline expires with the series
 * (no sample for a day): one expiry timer per series, moved on with each sample. Samples behind the
 * watermark go to the late side output ({@link VigilTags#LATE_SAMPLES}), and so to history {@code late_events}.
 */
public final class ExfiltrationFunction extends KeyedProcessFunction<String, MetricSample, CorrelationMatch> {
    private static final long serialVersionUID = 1L;
    private static final long EXPIRE = 24 * 3_600_000L;
    private static final MapStateDescriptor<Long, Double> BUFFERED = new MapStateDescriptor<>("buffered", Types.LONG, Types.DOUBLE);
    private static final ValueStateDescriptor<RateBaseline.State> BASELINE =
            new ValueStateDescriptor<>("baseline", TypeInformation.of(RateBaseline.State.class));
    private static final ValueStateDescriptor<String> HOST = new ValueStateDescriptor<>("host", Types.STRING);
    /** When the series' baseline expires; its one expiry timer. */
    private static final ValueStateDescriptor<Long> EXPIRY = new ValueStateDescriptor<>("expiry", Types.LONG);

    private final double factor;
    private final double floor;
    private final int sustain;
    private transient MapState<Long, Double> buffered;
    private transient ValueState<RateBaseline.State> baseline;
    private transient ValueState<String> host;
    private transient ValueState<Long> expiry;

    public ExfiltrationFunction(double factor, double floor, int sustain) {
        this.factor = factor;
        this.floor = floor;
        this.sustain = sustain;
    }

    @Override
    public void open(OpenContext context) {
        buffered = getRuntimeContext().getMapState(BUFFERED);
        baseline = getRuntimeContext().getState(BASELINE);
        host = getRuntimeContext().getState(HOST);
        expiry = getRuntimeContext().getState(EXPIRY);
    }

    @Override
    public void processElement(MetricSample s, Context ctx, Collector<CorrelationMatch> out) throws Exception {
        if (s.time() <= ctx.timerService().currentWatermark()) {
            // Late: the sample is in history; the rate skips it, and late_events says so.
            ctx.output(VigilTags.LATE_SAMPLES, s);
            return;
        }
        host.update(s.host());
        buffered.put(s.time(), s.value());
        ctx.timerService().registerEventTimeTimer(s.time());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CorrelationMatch> out) throws Exception {
        Double value = buffered.get(timestamp);
        if (value == null) {
            RateBaseline.State st = baseline.value();
            if (st != null && timestamp >= st.lastTime() + EXPIRE && buffered.isEmpty()) {
                baseline.clear();
                host.clear();
                expiry.clear();
            }
            return;
        }
        buffered.remove(timestamp);
        RateBaseline.Step step = RateBaseline.step(baseline.value(), timestamp, value, factor, floor, sustain);
        baseline.update(step.next());
        Long previous = expiry.value();
        if (previous != null) {
            ctx.timerService().deleteEventTimeTimer(previous);
        }
        expiry.update(timestamp + EXPIRE);
        ctx.timerService().registerEventTimeTimer(timestamp + EXPIRE);
        if (step.fires()) {
            String h = host.value();
            String line = String.format(Locale.ROOT, "%s sends %.1f MB/s on %s, baseline %.1f MB/s", h, step.rate() / 1e6,
                    ctx.getCurrentKey(), step.next().mean() / 1e6);
            out.collect(new CorrelationMatch(SigmaRules.EXFILTRATION.id(), SigmaRules.jsonObject("host.name", h), timestamp, timestamp,
                    step.rate(), 1, List.of(EventIds.of(timestamp, line) + " " + line)));
        }
    }
}
