package dev.vigil.notify;

import dev.vigil.alert.Alert;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AlertGroupsTest {
    private static final long MIN = 60_000L;
    private static final Route ROUTE = new Route("0", "team", List.of(), List.of("alertname"), 30_000L, 5 * MIN, 4 * 60 * MIN, false, List.of());
    private static final Mutes NONE = Mutes.builder().build();

    private static Alert firing(String name, long at) {
        return Alert.firing(at, Map.of("alertname", name, "host", "web-1"), Map.of("summary", name), "http://v");
    }

    private static Map<String, Alert> group(Alert... alerts) {
        Map<String, Alert> m = new LinkedHashMap<>();
        for (Alert a : alerts) {
            m.put(a.fingerprint(), a);
        }
        return m;
    }

    @Test
    void aNewGroupWaitsGroupWaitAndANotifiedOneItsInterval() {
        assertThat(AlertGroups.wantedTick(Long.MIN_VALUE, 1_000, ROUTE)).isEqualTo(31_000);
        assertThat(AlertGroups.wantedTick(10 * MIN, 11 * MIN, ROUTE)).isEqualTo(15 * MIN);
        assertThat(AlertGroups.wantedTick(10 * MIN, 20 * MIN, ROUTE)).isEqualTo(20 * MIN);
    }

    @Test
    void aNewFiringAlertIsDueAndAnAlreadySentOneWaitsForTheRepeatInterval() {
        Alert a = firing("DiskFull", 0);
        AlertGroups.Tick first = AlertGroups.judge(MIN, false, group(a).entrySet(), Set.of(), NONE, Long.MIN_VALUE, ROUTE.repeatIntervalMs());
        assertThat(first.due()).isTrue();
        assertThat(first.notifies()).isTrue();
        assertThat(first.firing()).containsExactly(a);

        AlertGroups.Tick later = AlertGroups.judge(6 * MIN, false, group(a).entrySet(), Set.of(a.fingerprint()), NONE, MIN, ROUTE.repeatIntervalMs());
        assertThat(later.due()).isFalse();
        AlertGroups.Tick repeat = AlertGroups.judge(MIN + 4 * 60 * MIN, false, group(a).entrySet(), Set.of(a.fingerprint()), NONE, MIN,
                ROUTE.repeatIntervalMs());
        assertThat(repeat.due()).isTrue();
    }

    @Test
    void anAlertResolvedAfterTheTickCountsAsFiringAtItAndAOneShotAlertResolvesWhenItsEndPasses() {
        Alert resolvedLater = firing("CpuHigh", 0).resolve(10 * MIN, Map.of());
        AlertGroups.Tick atTick = AlertGroups.judge(5 * MIN, false, group(resolvedLater).entrySet(), Set.of(), NONE, Long.MIN_VALUE, ROUTE.repeatIntervalMs());
        assertThat(atTick.firing()).extracting(Alert::status).containsExactly(Alert.FIRING);
        assertThat(atTick.done()).isEmpty();

        Alert oneShot = new Alert(0, Alert.FIRING, Map.of("alertname", "LogAnomaly"), Map.of(), 0, 3 * MIN, "http://v", "fp-one-shot");
        AlertGroups.Tick past = AlertGroups.judge(5 * MIN, false, Map.of("fp-one-shot", oneShot).entrySet(), Set.of("fp-one-shot"), NONE,
                MIN, ROUTE.repeatIntervalMs());
        assertThat(past.resolved()).extracting(Alert::status).containsExactly(Alert.RESOLVED);
        assertThat(past.done()).containsExactly("fp-one-shot");
        assertThat(past.due()).isTrue();
    }

    @Test
    void silencesAndInhibitionsMuteFiringAlertsOnlyWhileTheyHold() {
        Alert a = firing("DiskFull", 0);
        Mutes silenced = Mutes.builder().silence(LabelMatcher.parseAll(List.of("alertname=\"DiskFull\"")), 0, 10 * MIN).build();
        assertThat(AlertGroups.judge(5 * MIN, false, group(a).entrySet(), Set.of(), silenced, Long.MIN_VALUE, ROUTE.repeatIntervalMs()).firing())
                .isEmpty();
        assertThat(AlertGroups.judge(11 * MIN, false, group(a).entrySet(), Set.of(), silenced, Long.MIN_VALUE, ROUTE.repeatIntervalMs()).firing())
                .containsExactly(a);

        Mutes inhibited = Mutes.builder()
                .inhibition(new InhibitRule(LabelMatcher.parseAll(List.of("alertname=\"HostDown\"")), LabelMatcher.parseAll(List.of("alertname=\"DiskFull\"")),
                        List.of("host")))
                .firing(Map.of("alertname", "HostDown", "host", "web-1")).build();
        assertThat(inhibited.muted(a.labels(), MIN)).isTrue();
        assertThat(inhibited.muted(Map.of("alertname", "DiskFull", "host", "web-2"), MIN)).isFalse();
    }

    @Test
    void alertmanagerHearsOfResolutionsItWasNeverSentAndPagerDutyGetsOneEventPerAlert() {
        Alert neverSent = firing("Flap", 0).resolve(MIN, Map.of());
        AlertGroups.Tick tick = AlertGroups.judge(2 * MIN, false, group(neverSent).entrySet(), Set.of(), NONE, Long.MIN_VALUE, ROUTE.repeatIntervalMs());
        Endpoint am = new Endpoint("team", 0, Endpoint.ALERTMANAGER, "http://127.0.0.1:9093", null, 0);
        Endpoint hook = new Endpoint("team", 1, Endpoint.WEBHOOK, "http://127.0.0.1:9000", null, 0);
        assertThat(AlertGroups.notifications(am, tick, "{}:{alertname=\"Flap\"}", ROUTE, 2 * MIN, 0, "http://v")).hasSize(1);
        assertThat(AlertGroups.notifications(hook, tick, "{}:{alertname=\"Flap\"}", ROUTE, 2 * MIN, 0, "http://v")).isEmpty();

        Alert a = firing("A", 0);
        Alert b = firing("B", 1);
        AlertGroups.Tick two = AlertGroups.judge(MIN, false, group(a, b).entrySet(), Set.of(), NONE, Long.MIN_VALUE, ROUTE.repeatIntervalMs());
        Endpoint pd = new Endpoint("team", 2, Endpoint.PAGERDUTY, "http://127.0.0.1:9001", null, 0);
        List<Notification> events = AlertGroups.notifications(pd, two, "g", ROUTE, MIN, 0, "http://v");
        assertThat(events).hasSize(2).allMatch(n -> n.alerts() == 1);
        // The same tick and content give the same ids: a restart re-sends with the ids it sent before.
        assertThat(AlertGroups.notifications(pd, two, "g", ROUTE, MIN, 99, "http://v")).extracting(Notification::id)
                .containsExactlyElementsOf(events.stream().map(Notification::id).toList());
    }
}
