package dev.vigil.jobs.metrics;

import dev.vigil.jobs.VigilTags;

import dev.vigil.alert.Alert;
import dev.vigil.alert.Episode;
import dev.vigil.forecast.ForecastRow;
import dev.vigil.forecast.ForecastWords;
import dev.vigil.forecast.LeakDetector;
import dev.vigil.model.MetricSample;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Memory leaks per process on one host (the key): the process's resident memory goes, in event-time
 * order, through its {@link LeakDetector} against the host's memory. A leak is a {@code forecasts} row
 * (resource {@code process-memory}, ETA = the OOM) and a {@code MemoryLeak} alert, critical when the
 * OOM is within the critical horizon; it resolves after {@value #CALM} judged buckets without a leak.
 * Keyed by host, because the limit (node_memory_MemTotal_bytes) is another series of the same host.
 */
public final class LeakFunction extends KeyedProcessFunction<String, MetricSample, ForecastRow> {
    private static final long serialVersionUID = 1L;
    static final int CALM = 12;
    private final String processMetric;
    private final String limitMetric;
    private final long criticalMs;
    private final long ttlMs;
    private final String externalUrl;

    private transient MapState<String, Double> buffered;
    private transient MapState<Long, String> due;
    private transient ValueState<Double> limit;
    private transient MapState<String, MetricSample> series;
    private transient MapState<String, LeakDetector> detectors;
    private transient MapState<String, Alert> firing;
    private transient MapState<String, Integer> calm;
    private transient ValueState<Long> lastSeen;

    public LeakFunction(String processMetric, String limitMetric, long criticalMs, long ttlMs, String externalUrl) {
        this.processMetric = processMetric;
        this.limitMetric = limitMetric;
        this.criticalMs = criticalMs;
        this.ttlMs = ttlMs;
        this.externalUrl = externalUrl;
    }

    @Override
    public void open(OpenContext context) {
        buffered = getRuntimeContext().getMapState(LeakState.BUFFERED);
        due = getRuntimeContext().getMapState(LeakState.DUE);
        limit = getRuntimeContext().getState(LeakState.LIMIT);
        series = getRuntimeContext().getMapState(LeakState.SERIES);
        detectors = getRuntimeContext().getMapState(LeakState.DETECTORS);
        firing = getRuntimeContext().getMapState(LeakState.FIRING);
        calm = getRuntimeContext().getMapState(LeakState.CALM);
        lastSeen = getRuntimeContext().getState(LeakState.LAST_SEEN);
    }

    @Override
    public void processElement(MetricSample in, Context ctx, Collector<ForecastRow> out) throws Exception {
        if (in.name().equals(limitMetric)) {
            if (in.value() > 0) {
                limit.update(in.value());
            }
            return;
        }
        if (!in.name().equals(processMetric) || in.time() <= ctx.timerService().currentWatermark()) {
            return;
        }
        String key = in.seriesKey();
        if (!series.contains(key)) {
            series.put(key, in);
        }
        String slot = in.time() + "|" + key;
        if (!buffered.contains(slot)) {
            String others = due.get(in.time());
            due.put(in.time(), others == null ? key : others + "\n" + key);
        }
        buffered.put(slot, in.value());
        ctx.timerService().registerEventTimeTimer(in.time());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ForecastRow> out) throws Exception {
        // The samples due now, one per process series, in a fixed order.
        String prefix = timestamp + "|";
        String dueNow = due.get(timestamp);
        if (dueNow != null) {
            due.remove(timestamp);
            String[] keys = dueNow.split("\n");
            java.util.Arrays.sort(keys);
            Double max = limit.value();
            for (String key : keys) {
                double rss = buffered.get(prefix + key);
                buffered.remove(prefix + key);
                if (max != null) {
                    step(ctx, timestamp, key, rss, max, out);
                }
            }
            Long previous = lastSeen.value();
            if (previous != null && !due.contains(previous + ttlMs)) {
                ctx.timerService().deleteEventTimeTimer(previous + ttlMs);
            }
            lastSeen.update(timestamp);
            ctx.timerService().registerEventTimeTimer(timestamp + ttlMs);
            return;
        }
        Long last = lastSeen.value();
        if (last == null || timestamp != last + ttlMs || (buffered.isEmpty() && ctx.timerService().currentWatermark() == Long.MAX_VALUE)) {
            return;
        }
        // The host went silent: resolve, forget every process.
        for (Map.Entry<String, Alert> e : firing.entries()) {
            Map<String, String> a = new HashMap<>(e.getValue().annotations());
            a.put("resolved_reason", "no samples for the TTL");
            ctx.output(VigilTags.FORECAST_ALERTS, e.getValue().resolve(timestamp, a));
        }
        firing.clear();
        calm.clear();
        detectors.clear();
        limit.clear();
        lastSeen.clear();
        if (buffered.isEmpty()) {
            series.clear();
        }
    }


    private void step(OnTimerContext ctx, long t, String key, double rss, double max, Collector<ForecastRow> out) throws Exception {
        LeakDetector d = detectors.get(key);
        if (d == null) {
            d = new LeakDetector();
        }
        LeakDetector.Leak leak = d.update(t, rss, max);
        detectors.put(key, d);
        if (!d.judged()) {
            return;
        }
        MetricSample s = series.get(key);
        Alert current = firing.get(key);
        Integer c = calm.get(key);
        Episode.Judgement j = Episode.judge(current != null, c == null ? 0 : c, leak != null, leak != null, CALM);
        switch (j.step()) {
            case NONE -> {
                return;
            }
            case CALMING -> {
                calm.put(key, j.calm());
                return;
            }
            case RESOLVE -> {
                Map<String, String> a = new HashMap<>(current.annotations());
                a.put("resolved_reason", j.calm() + " buckets without a leak");
                ctx.output(VigilTags.FORECAST_ALERTS, current.resolve(t, a));
                firing.remove(key);
                calm.remove(key);
                return;
            }
            case FIRE, HOLD -> calm.remove(key);
        }
        out.collect(new ForecastRow(leak.time(), s.host(), "process-memory", s.labels(), leak.resident(), leak.limit(), leak.oomAt(),
                null, null, leak.growthPerHour() / leak.limit(), "leak-" + leak.method(), null));
        if (current == null) {
            Map<String, String> labels = new HashMap<>(s.labels());
            labels.put("alertname", "MemoryLeak");
            labels.put("severity", leak.oomAt() <= leak.time() + criticalMs ? "critical" : "warning");
            labels.put("host", s.host());
            String who = s.labels().getOrDefault("job", s.name());
            // The label for the leaking process: the series' own "process" label, else its job.
            labels.putIfAbsent("process", who);
            Map<String, String> a = new HashMap<>();
            a.put("summary", "memory leak in " + who + " on " + s.host() + ": OOM in " + ForecastWords.in(leak.time(), leak.oomAt()));
            a.put("description", String.format(Locale.ROOT, "Resident memory %.2f GB of %.2f GB, growing %.1f MB an hour within the run;"
                    + " post-restart baseline rising %.1f MB an hour over %d restarts (%s).", leak.resident() / 1e9, leak.limit() / 1e9,
                    leak.growthPerHour() / 1e6, Double.isNaN(leak.baselinePerHour()) ? 0 : leak.baselinePerHour() / 1e6, leak.restarts(), leak.method()));
            a.put("oom_at", java.time.Instant.ofEpochMilli(leak.oomAt()).toString());
            Alert alert = Alert.firing(t, labels, a, externalUrl + "/forecasts");
            firing.put(key, alert);
            ctx.output(VigilTags.FORECAST_ALERTS, alert);
        }
    }
}
