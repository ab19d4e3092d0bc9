package dev.vigil.jobs.notify;

import dev.vigil.alert.Alert;
import dev.vigil.notify.AlertGroups;
import dev.vigil.notify.AlertRouting;
import dev.vigil.notify.Endpoint;
import dev.vigil.notify.InhibitRule;
import dev.vigil.notify.LabelMatcher;
import dev.vigil.notify.Mutes;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Route;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Alertmanager's grouping for one receiver and group, on Flink: the group's alerts, what was sent and its
 * clock in keyed state, silences and inhibitions in broadcast state, ticks as event-time timers. What a
 * tick decides and sends is {@link AlertGroups}'s (pure, in models).
 *
 * <p>The clock is event time (the alerts' times and the watermark), so a replay groups as the live job
 * did and a bounded run flushes every group at its end. A group with no alerts left drops its state.
 */
public final class GroupAlerts extends KeyedBroadcastProcessFunction<String, RoutedAlert, MuteUpdate, Notification> {
    private static final long serialVersionUID = 1L;
    private final String routing;
    private final String externalUrl;
    private transient AlertRouting structure;
    private transient Map<String, Route> routes;
    private transient MapState<String, Alert> alerts;
    private transient MapState<String, Boolean> sent;
    private transient ValueState<long[]> timing;
    private transient Map<List<String>, List<LabelMatcher>> compiled;
    private transient Map<MuteUpdate, InhibitRule> compiledRules;
    // What can mute, built from the broadcast state when it has changed (null) and reused until it changes again.
    private transient Mutes mutes;

    public GroupAlerts(String routing, String externalUrl) {
        this.routing = routing;
        this.externalUrl = externalUrl;
    }

    @Override
    public void open(OpenContext context) {
        structure = AlertRouting.structure(routing);
        routes = new HashMap<>();
        compiled = new HashMap<>();
        compiledRules = new HashMap<>();
        mutes = null;
        index(structure.route());
        alerts = getRuntimeContext().getMapState(NotifyState.ALERTS);
        sent = getRuntimeContext().getMapState(NotifyState.SENT);
        timing = getRuntimeContext().getState(NotifyState.TIMING);
    }

    private void index(Route r) {
        routes.put(r.id(), r);
        for (Route c : r.routes()) {
            index(c);
        }
    }

    @Override
    public void processBroadcastElement(MuteUpdate m, Context ctx, Collector<Notification> out) throws Exception {
        BroadcastState<String, MuteUpdate> state = ctx.getBroadcastState(NotifyState.MUTES);
        if (m.remove()) {
            state.remove(m.key());
        } else {
            state.put(m.key(), m);
        }
        this.mutes = null;
    }

    @Override
    public void processElement(RoutedAlert in, ReadOnlyContext ctx, Collector<Notification> out) throws Exception {
        Route route = routes.get(RoutedAlert.routeId(in.key()));
        alerts.put(in.alert().fingerprint(), in.alert());
        long[] t = timing.value();
        if (t == null) {
            t = new long[] {0, Long.MIN_VALUE};
        }
        long want = AlertGroups.wantedTick(t[1], in.alert().time(), route);
        if (t[0] == 0 || want < t[0]) {
            t[0] = want;
            ctx.timerService().registerEventTimeTimer(want);
        }
        timing.update(t);
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<Notification> out) throws Exception {
        long[] t = timing.value();
        if (t == null || t[0] != ts) {
            return;
        }
        String key = ctx.getCurrentKey();
        String groupKey = RoutedAlert.groupKey(key);
        Route route = routes.get(RoutedAlert.routeId(key));
        long repeatMs = route == null ? AlertRouting.REPEAT_INTERVAL_MS : route.repeatIntervalMs();
        long intervalMs = route == null ? AlertRouting.GROUP_INTERVAL_MS : route.groupIntervalMs();
        boolean endOfInput = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        Set<String> wasSent = new HashSet<>();
        for (String fp : sent.keys()) {
            wasSent.add(fp);
        }
        AlertGroups.Tick tick = AlertGroups.judge(ts, endOfInput, alerts.entries(), wasSent,
                mutes(ctx.getBroadcastState(NotifyState.MUTES)), t[1], repeatMs);
        long now = System.currentTimeMillis();
        for (Endpoint e : structure.endpoints(RoutedAlert.receiver(key))) {
            for (Notification n : AlertGroups.notifications(e, tick, groupKey, route, ts, now, externalUrl)) {
                out.collect(n);
            }
        }
        if (tick.notifies()) {
            t[1] = ts;
            for (Alert a : tick.firing()) {
                sent.put(a.fingerprint(), true);
            }
        }
        for (String fp : tick.done()) {
            alerts.remove(fp);
            sent.remove(fp);
        }
        if (alerts.isEmpty()) {
            sent.clear();
            timing.clear();
            return;
        }
        if (endOfInput) {
            // The end of a bounded input: every group has had its last notification.
            t[0] = 0;
        } else {
            // Alertmanager's ticker: every group_interval, for changes, repeats and re-sends.
            t[0] = ts + intervalMs;
            ctx.timerService().registerEventTimeTimer(t[0]);
        }
        timing.update(t);
    }

    /**
     * What can mute, rebuilt when the broadcast state has changed since the last time: silences (active or
     * not: {@link Mutes#muted} checks the time), the inhibition rules of the routing file and of the control
     * stream, and the firing alerts that can inhibit. Matchers are compiled once per task and kept only
     * while their silence or rule is in the state: broadcast state keeps them as text, and a restored task
     * sees the state without the elements that filled it.
     */
    private Mutes mutes(ReadOnlyBroadcastState<String, MuteUpdate> state) throws Exception {
        if (mutes != null) {
            return mutes;
        }
        Mutes.Builder b = Mutes.builder();
        for (InhibitRule rule : structure.inhibitRules()) {
            b.inhibition(rule);
        }
        Map<List<String>, List<LabelMatcher>> stillCompiled = new HashMap<>();
        Map<MuteUpdate, InhibitRule> stillRules = new HashMap<>();
        for (Map.Entry<String, MuteUpdate> e : state.immutableEntries()) {
            MuteUpdate m = e.getValue();
            if (m.isSilence()) {
                List<LabelMatcher> matchers = compiled.get(m.matchers());
                stillCompiled.put(m.matchers(), matchers != null ? matchers : LabelMatcher.parseAll(m.matchers()));
                b.silence(stillCompiled.get(m.matchers()), m.startsAt(), m.endsAt());
            } else if (m.isInhibition()) {
                InhibitRule rule = compiledRules.get(m);
                stillRules.put(m, rule != null ? rule : rule(m));
                b.inhibition(stillRules.get(m));
            } else {
                b.firing(m.labels());
            }
        }
        compiled = stillCompiled;
        compiledRules = stillRules;
        mutes = b.build();
        return mutes;
    }

    private static InhibitRule rule(MuteUpdate m) {
        return new InhibitRule(LabelMatcher.parseAll(m.matchers()), LabelMatcher.parseAll(m.targetMatchers()), m.equal());
    }
}
