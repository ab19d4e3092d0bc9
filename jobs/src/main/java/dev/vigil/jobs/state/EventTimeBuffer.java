package dev.vigil.jobs.state;

import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.TimerService;

/**
 * Event-time order for a keyed per-series operator: samples wait in state until the watermark passes
 * them and come back, one per timer, in time order; a TTL timer after the newest sample says when the
 * series went silent. Shared by the threshold, anomaly and forecast operators, which differ only in what
 * they do with each sample.
 */
public final class EventTimeBuffer {
    private final MapState<Long, Double> buffered;
    private final ValueState<Long> lastSeen;
    private final long ttlMs;

    public EventTimeBuffer(MapState<Long, Double> buffered, ValueState<Long> lastSeen, long ttlMs) {
        this.buffered = buffered;
        this.lastSeen = lastSeen;
        this.ttlMs = ttlMs;
    }

    /** Buffers a sample until the watermark passes it; false when it is already behind the watermark. */
    public boolean offer(long time, double value, TimerService timers) throws Exception {
        if (time <= timers.currentWatermark()) {
            return false;
        }
        // Two samples at the same time (a clock stepping back): the later one wins.
        buffered.put(time, value);
        timers.registerEventTimeTimer(time);
        return true;
    }

    /** The sample due at this timer, re-arming the TTL after it; null when the timer is not a sample's. */
    public Double take(long timestamp, TimerService timers) throws Exception {
        Double value = buffered.get(timestamp);
        if (value == null) {
            return null;
        }
        buffered.remove(timestamp);
        Long previous = lastSeen.value();
        // The old TTL timer may also be the timer of a sample buffered for that very time (always so in
        // batch mode, where every sample is buffered first): then it must stay.
        if (previous != null && !buffered.contains(previous + ttlMs)) {
            timers.deleteEventTimeTimer(previous + ttlMs);
        }
        lastSeen.update(timestamp);
        timers.registerEventTimeTimer(timestamp + ttlMs);
        return value;
    }

    /** Whether this timer means the series has been silent for the TTL; never at the end of a bounded input. */
    public boolean expired(long timestamp, TimerService timers) throws Exception {
        Long last = lastSeen.value();
        if (last == null || timestamp != last + ttlMs) {
            return false;
        }
        return !(buffered.isEmpty() && timers.currentWatermark() == Long.MAX_VALUE);
    }

    /** The newest evaluated sample's time, or null. */
    public Long lastSeen() throws Exception {
        return lastSeen.value();
    }

    /** Forgets every waiting sample and the newest sample's time (their timers fire and find nothing). */
    public void dropAll() throws Exception {
        buffered.clear();
        lastSeen.clear();
    }

    /** Forgets the newest sample's time; true when no sample is still waiting (the series' labels can go too). */
    public boolean clear() throws Exception {
        lastSeen.clear();
        return buffered.isEmpty();
    }
}
