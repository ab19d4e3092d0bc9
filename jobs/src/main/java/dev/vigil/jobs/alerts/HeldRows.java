package dev.vigil.jobs.alerts;

import org.apache.flink.api.common.state.MapState;
import org.apache.flink.streaming.api.TimerService;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Rows held in keyed map state until the watermark passes their time, then released in a fixed order,
 * so that what an operator derives from them does not depend on the order they arrived in (a replay
 * gives what the live job gave). Shared by the hint operators.
 */
final class HeldRows<T> {
    private final MapState<String, T> held;
    private final ToLongFunction<T> time;
    private final Comparator<T> order;
    private final List<String> keys = new ArrayList<>();
    private final List<T> due = new ArrayList<>();

    HeldRows(MapState<String, T> held, ToLongFunction<T> time, Comparator<T> order) {
        this.held = held;
        this.time = time;
        this.order = order;
    }

    /** Holds {@code row} under {@code key} (a later row with the same key replaces it) with a timer at its time. */
    void hold(String key, T row, TimerService timers) throws Exception {
        held.put(key, row);
        timers.registerEventTimeTimer(time.applyAsLong(row));
    }

    /** The rows whose time is at or before {@code timestamp}, in order, removed from state; the list is reused by the next call. */
    List<T> release(long timestamp) throws Exception {
        due.clear();
        keys.clear();
        for (Map.Entry<String, T> e : held.entries()) {
            if (time.applyAsLong(e.getValue()) <= timestamp) {
                due.add(e.getValue());
                keys.add(e.getKey());
            }
        }
        for (String k : keys) {
            held.remove(k);
        }
        due.sort(order);
        return due;
    }
}
