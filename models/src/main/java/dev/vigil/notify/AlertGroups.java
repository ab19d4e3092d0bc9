package dev.vigil.notify;

import dev.vigil.alert.Alert;
import dev.vigil.model.Digests;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Alertmanager's grouping, repeat and mute logic for one group of one receiver, without Flink: when a
 * group ticks, what each tick notifies, and the notifications each endpoint gets. The operator that runs
 * it ({@code GroupAlerts}) keeps the group's alerts, what was sent and the clock in state, and its ticks
 * are event-time timers.
 * <ul>
 *   <li>A new group waits {@code group_wait} for more alerts, then notifies; later changes go out at most
 *       every {@code group_interval}; an unchanged group that still fires is notified again after
 *       {@code repeat_interval}.</li>
 *   <li>Each notification carries the group's firing alerts and the resolved ones that were notified
 *       firing, leaving out those muted at that moment. Alertmanager endpoints get the firing alerts at
 *       every tick, as Alertmanager's clients must re-send them, and every resolution.</li>
 * </ul>
 */
public final class AlertGroups {
    private static final Comparator<Alert> ORDER = Comparator.comparingLong(Alert::startsAt).thenComparing(Alert::fingerprint);

    private AlertGroups() {}

    /**
     * When a group wants to tick after an alert at {@code alertTime} arrives: {@code group_wait} after it for a
     * group never notified ({@code lastNotified} {@link Long#MIN_VALUE}), else {@code group_interval} after the
     * last notification, and never before the alert.
     */
    public static long wantedTick(long lastNotified, long alertTime, Route route) {
        return lastNotified == Long.MIN_VALUE ? alertTime + route.groupWaitMs()
                : Math.max(lastNotified + route.groupIntervalMs(), alertTime);
    }

    /**
     * What a tick found.
     *
     * @param firing   the alerts firing at the tick and not muted
     * @param resolved the alerts resolved by the tick that a notification carried firing
     * @param unsent   the alerts resolved by the tick that no notification carried
     * @param done     fingerprints of every alert resolved by the tick: the group forgets them
     * @param due      whether the tick notifies: a new firing alert, a resolution, or the repeat interval
     */
    public record Tick(List<Alert> firing, List<Alert> resolved, List<Alert> unsent, List<String> done, boolean due) {
        public Tick {
            firing = List.copyOf(firing);
            resolved = List.copyOf(resolved);
            unsent = List.copyOf(unsent);
            done = List.copyOf(done);
        }

        /** The firing and the resolved alerts a notification carries, oldest first. */
        public List<Alert> batch() {
            List<Alert> batch = new ArrayList<>(firing);
            batch.addAll(resolved);
            batch.sort(ORDER);
            return batch;
        }

        /** Whether the group counts as notified at this tick (its repeat and interval run from here). */
        public boolean notifies() {
            return due && !(firing.isEmpty() && resolved.isEmpty());
        }
    }

    /**
     * Judges a group at tick {@code time}. An alert's end is judged at the tick, in event time: alerts can
     * arrive ahead of the watermark (during a catch-up, an alert and its resolution minutes later may both
     * be there before the tick between them), and whether the tick notifies it firing must not depend on
     * that. At the end of a bounded input ({@code endOfInput}) every tick sees the final state.
     *
     * @param alerts       the group's alerts by fingerprint
     * @param sent         fingerprints a notification carried firing
     * @param lastNotified when the group last notified ({@link Long#MIN_VALUE}: never)
     * @param repeatMs     the route's {@code repeat_interval}
     */
    public static Tick judge(long time, boolean endOfInput, Iterable<Map.Entry<String, Alert>> alerts, Set<String> sent, Mutes mutes,
                             long lastNotified, long repeatMs) {
        List<Alert> firing = new ArrayList<>();
        List<Alert> resolved = new ArrayList<>();
        List<Alert> unsent = new ArrayList<>();
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, Alert> e : alerts) {
            Alert a = e.getValue();
            boolean ended = a.endsAt() > 0 && (a.endsAt() <= time || endOfInput);
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
                (sent.contains(e.getKey()) ? resolved : unsent).add(a);
            } else if (!mutes.muted(a.labels(), time)) {
                firing.add(a);
            }
        }
        // As Alertmanager: notify when an alert fires that no notification carried yet (new, or no longer
        // muted), when one that was notified resolved, or when the repeat interval has passed.
        boolean due = !resolved.isEmpty() || time - lastNotified >= repeatMs;
        for (int i = 0; i < firing.size() && !due; i++) {
            due = !sent.contains(firing.get(i).fingerprint());
        }
        return new Tick(firing, resolved, unsent, done, due);
    }

    /**
     * The notifications one endpoint gets at a tick: the batch when the tick is due (Alertmanager: whenever
     * something fires), and, for Alertmanager, the resolutions of alerts it was never sent (it ignores
     * unknown ones, and must learn of every resolution, even after a restart without state or within
     * group_wait).
     *
     * @param createdAt wall-clock time the notifications are made
     */
    public static List<Notification> notifications(Endpoint e, Tick tick, String groupKey, Route route, long time, long createdAt,
                                                   String externalUrl) {
        List<Notification> out = new ArrayList<>();
        boolean alertmanager = e.kind().equals(Endpoint.ALERTMANAGER);
        List<Alert> batch = tick.batch();
        if (!batch.isEmpty() && (tick.due() || (alertmanager && !tick.firing().isEmpty()))) {
            bodies(e, groupKey, route, batch, time, createdAt, externalUrl, out);
        }
        if (alertmanager && !tick.unsent().isEmpty()) {
            bodies(e, groupKey, route, tick.unsent(), time, createdAt, externalUrl, out);
        }
        return out;
    }

    private static void bodies(Endpoint e, String groupKey, Route route, List<Alert> batch, long time, long createdAt, String externalUrl,
                               List<Notification> out) {
        Map<String, String> groupLabels = route == null ? Map.of() : route.groupLabels(batch.get(0).labels());
        switch (e.kind()) {
            case Endpoint.PAGERDUTY -> {
                // One event per alert: PagerDuty deduplicates by the alert's fingerprint.
                for (Alert a : batch) {
                    out.add(notification(e, groupKey, time, createdAt, List.of(a), Bodies.pagerDuty(a)));
                }
            }
            case Endpoint.ALERTMANAGER -> out.add(notification(e, groupKey, time, createdAt, batch, Bodies.alertmanager(batch)));
            case Endpoint.SLACK -> out.add(notification(e, groupKey, time, createdAt, batch, Bodies.slack(groupLabels, batch)));
            default -> out.add(notification(e, groupKey, time, createdAt, batch,
                    Bodies.webhook(e.receiver(), groupKey, groupLabels, batch, externalUrl)));
        }
    }

    /** The id hashes endpoint, group, tick and content: the same group tick gives the same id after a restart. */
    private static Notification notification(Endpoint e, String groupKey, long time, long createdAt, List<Alert> alerts, String body) {
        StringBuilder content = new StringBuilder(e.name()).append('|').append(groupKey).append('|').append(time);
        boolean firing = false;
        for (Alert a : alerts) {
            content.append('|').append(a.fingerprint()).append(a.status());
            firing |= a.status().equals(Alert.FIRING);
        }
        return new Notification("vigil-" + Digests.shortSha256(content.toString()), e.name(), e.kind(), groupKey, time, createdAt,
                firing ? Alert.FIRING : Alert.RESOLVED, alerts.size(), body);
    }
}
