package dev.vigil.jobs.notify;

import dev.vigil.alert.Alert;
import dev.vigil.model.Digests;
import dev.vigil.notify.AlertRouting;
import dev.vigil.notify.Bodies;
import dev.vigil.notify.Endpoint;
import dev.vigil.notify.InhibitRule;
import dev.vigil.notify.LabelMatcher;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Route;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's grouping for one receiver and group: a new group waits {@code group_wait} for more
 * alerts, then notifies; later changes go out at most every {@code group_interval}; an unchanged group
 * that still fires is notified again after {@code repeat_interval}. Each notification carries the
 * group's firing alerts and the resolved ones that were notified firing, leaving out those a silence
 * or an inhibition mutes at that moment. Alertmanager endpoints get the firing alerts at every tick,
 * as Alertmanager's clients must re-send them.
 *
 * <p>The clock is event time (the alerts' times and the watermark), so a replay groups as the live job
 * did and a bounded run flushes every group at its end. A group with no alerts left drops its state.
 */
public final class GroupAlerts extends KeyedBroadcastProcessFunction<String, RoutedAlert, MuteUpdate, Notification> {
    private static final long serialVersionUID = 1L;
    private static final Comparator<Alert> ORDER = Comparator.comparingLong(Alert::startsAt).thenComparing(Alert::fingerprint);
    private final String routing;
    private final String externalUrl;
    private transient AlertRouting structure;
    private transient Map<String, Route> routes;
    private transient MapState<String, Alert> alerts;
    private transient MapState<String, Boolean> sent;
    private transient ValueState<long[]> timing;
    private transient Map<List<String>, List<LabelMatcher>> compiled;
    private transient Map<MuteUpdate, InhibitRule> compiledRules;
    // What can mute, gathered from the broadcast state when it has changed and reused until it changes again.
    private transient boolean mutesStale;
    private transient List<List<LabelMatcher>> silences;
    private transient List<MuteUpdate> silenceTimes;
    private transient List<InhibitRule> inhibitions;
    private transient List<Map<String, String>> sources;

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
        mutesStale = true;
        silences = new ArrayList<>();
        silenceTimes = new ArrayList<>();
        inhibitions = new ArrayList<>();
        sources = new ArrayList<>();
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
        BroadcastState<String, MuteUpdate> mutes = ctx.getBroadcastState(NotifyState.MUTES);
        if (m.remove()) {
            mutes.remove(m.key());
        } else {
            mutes.put(m.key(), m);
        }
        mutesStale = true;
    }

    @Override
    public void processElement(RoutedAlert in, ReadOnlyContext ctx, Collector<Notification> out) throws Exception {
        Route route = routes.get(RoutedAlert.routeId(in.key()));
        alerts.put(in.alert().fingerprint(), in.alert());
        long[] t = timing.value();
        if (t == null) {
            t = new long[] {0, Long.MIN_VALUE};
        }
        // A new group waits group_wait; a notified one waits out its group_interval.
        long want = t[1] == Long.MIN_VALUE ? in.alert().time() + route.groupWaitMs()
                : Math.max(t[1] + route.groupIntervalMs(), in.alert().time());
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
        String receiver = RoutedAlert.receiver(key);
        List<Alert> firing = new ArrayList<>();
        List<Alert> resolved = new ArrayList<>();
        List<String> done = new ArrayList<>();
        List<Alert> unsent = new ArrayList<>();
        gatherMutes(ctx.getBroadcastState(NotifyState.MUTES));
        for (Map.Entry<String, Alert> e : alerts.entries()) {
            Alert a = e.getValue();
            // An alert's end is judged at this tick, in event time: alerts can arrive ahead of the watermark
            // (during a catch-up, an alert and its resolution minutes later may both be here before the tick
            // between them), and whether the tick notifies it firing must not depend on that timing. At the
            // end of a bounded input every tick sees the final state, as there are no later ticks.
            boolean ended = a.endsAt() > 0 && (a.endsAt() <= ts || ctx.timerService().currentWatermark() == Long.MAX_VALUE);
            if (ended && a.status().equals(Alert.FIRING)) {
                // A one-shot alert (LogAnomaly, KafkaRecordsLost) carries its end: past it, it is resolved, as
                // Alertmanager resolves an alert whose endsAt has passed.
                a = a.resolve(a.endsAt(), a.annotations());
            } else if (!ended && a.status().equals(Alert.RESOLVED)) {
                // Resolved after this tick: still firing at it.
                a = new Alert(a.startsAt(), Alert.FIRING, a.labels(), a.annotations(), a.startsAt(), 0L, a.generatorUrl(), a.fingerprint());
            }
            if (a.status().equals(Alert.RESOLVED)) {
                done.add(e.getKey());
                if (sent.contains(e.getKey())) {
                    resolved.add(a);
                } else {
                    unsent.add(a);
                }
            } else if (!muted(a.labels(), ts)) {
                firing.add(a);
            }
        }
        String groupKey = RoutedAlert.groupKey(key);
        Route route = routes.get(RoutedAlert.routeId(key));
        long repeatMs = route == null ? AlertRouting.REPEAT_INTERVAL_MS : route.repeatIntervalMs();
        long intervalMs = route == null ? AlertRouting.GROUP_INTERVAL_MS : route.groupIntervalMs();
        // As Alertmanager: notify when an alert fires that no notification carried yet (new, or no longer
        // muted), when one that was notified resolved, or when the repeat interval has passed.
        boolean due = !resolved.isEmpty() || ts - t[1] >= repeatMs;
        for (int i = 0; i < firing.size() && !due; i++) {
            due = !sent.contains(firing.get(i).fingerprint());
        }
        List<Alert> batch = new ArrayList<>(firing);
        batch.addAll(resolved);
        batch.sort(ORDER);
        for (Endpoint e : structure.endpoints(receiver)) {
            boolean alertmanager = e.kind().equals(Endpoint.ALERTMANAGER);
            if (!batch.isEmpty() && (due || (alertmanager && !firing.isEmpty()))) {
                emit(e, groupKey, route, batch, ts, out);
            }
            if (alertmanager && !unsent.isEmpty()) {
                // Alertmanager learns of every resolution, even of alerts this group never sent it (a
                // restart without state, an alert resolved within group_wait): it ignores unknown ones.
                emit(e, groupKey, route, unsent, ts, out);
            }
        }
        if (!batch.isEmpty() && due) {
            t[1] = ts;
            for (Alert a : firing) {
                sent.put(a.fingerprint(), true);
            }
        }
        for (String fp : done) {
            alerts.remove(fp);
            sent.remove(fp);
        }
        if (alerts.isEmpty()) {
            sent.clear();
            timing.clear();
            return;
        }
        if (ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
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
     * Gathers what can mute, when the broadcast state has changed since the last time: silences (active
     * or not: {@link #muted} checks the time), the inhibition rules of the routing file and of the
     * control stream, and the firing alerts that can inhibit. Matchers are compiled once per task and
     * kept only while their silence or rule is in the state: broadcast state keeps them as text, and a
     * restored task sees the state without the elements that filled it.
     */
    private void gatherMutes(ReadOnlyBroadcastState<String, MuteUpdate> mutes) throws Exception {
        if (!mutesStale) {
            return;
        }
        silences.clear();
        silenceTimes.clear();
        inhibitions.clear();
        sources.clear();
        inhibitions.addAll(structure.inhibitRules());
        Map<List<String>, List<LabelMatcher>> stillCompiled = new HashMap<>();
        Map<MuteUpdate, InhibitRule> stillRules = new HashMap<>();
        for (Map.Entry<String, MuteUpdate> e : mutes.immutableEntries()) {
            MuteUpdate m = e.getValue();
            if (m.isSilence()) {
                List<LabelMatcher> matchers = compiled.get(m.matchers());
                stillCompiled.put(m.matchers(), matchers != null ? matchers : LabelMatcher.parseAll(m.matchers()));
                silences.add(stillCompiled.get(m.matchers()));
                silenceTimes.add(m);
            } else if (m.isInhibition()) {
                InhibitRule rule = compiledRules.get(m);
                stillRules.put(m, rule != null ? rule : rule(m));
                inhibitions.add(stillRules.get(m));
            } else {
                sources.add(m.labels());
            }
        }
        compiled = stillCompiled;
        compiledRules = stillRules;
        mutesStale = false;
    }

    private static InhibitRule rule(MuteUpdate m) {
        return new InhibitRule(LabelMatcher.parseAll(m.matchers()), LabelMatcher.parseAll(m.targetMatchers()), m.equal());
    }

    /** Whether a silence active at {@code ts}, or an inhibition by another firing alert, mutes the alert with these labels. */
    private boolean muted(Map<String, String> labels, long ts) {
        for (int i = 0; i < silences.size(); i++) {
            MuteUpdate s = silenceTimes.get(i);
            if (s.startsAt() <= ts && ts < s.endsAt() && LabelMatcher.all(silences.get(i), labels)) {
                return true;
            }
        }
        for (InhibitRule rule : inhibitions) {
            for (Map<String, String> firing : sources) {
                if (rule.inhibits(firing, labels)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void emit(Endpoint e, String groupKey, Route route, List<Alert> batch, long ts, Collector<Notification> out) {
        long now = System.currentTimeMillis();
        Map<String, String> groupLabels = route == null ? Map.of() : route.groupLabels(batch.get(0).labels());
        switch (e.kind()) {
            case Endpoint.PAGERDUTY -> {
                // One event per alert: PagerDuty deduplicates by the alert's fingerprint.
                for (Alert a : batch) {
                    out.collect(notification(e, groupKey, ts, now, List.of(a), Bodies.pagerDuty(a)));
                }
            }
            case Endpoint.ALERTMANAGER -> out.collect(notification(e, groupKey, ts, now, batch, Bodies.alertmanager(batch)));
            case Endpoint.SLACK -> out.collect(notification(e, groupKey, ts, now, batch, Bodies.slack(groupLabels, batch)));
            default -> out.collect(notification(e, groupKey, ts, now, batch,
                    Bodies.webhook(e.receiver(), groupKey, groupLabels, batch, externalUrl)));
        }
    }

    /** The id hashes endpoint, group, tick and content: the same group tick gives the same id after a restart. */
    private static Notification notification(Endpoint e, String groupKey, long ts, long now, List<Alert> alerts, String body) {
        StringBuilder content = new StringBuilder(e.name()).append('|').append(groupKey).append('|').append(ts);
        boolean firing = false;
        for (Alert a : alerts) {
            content.append('|').append(a.fingerprint()).append(a.status());
            firing |= a.status().equals(Alert.FIRING);
        }
        return new Notification("vigil-" + Digests.shortSha256(content.toString()), e.name(), e.kind(), groupKey, ts, now,
                firing ? Alert.FIRING : Alert.RESOLVED, alerts.size(), body);
    }
}
