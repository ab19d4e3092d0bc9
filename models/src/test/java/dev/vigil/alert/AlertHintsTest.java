package dev.vigil.alert;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlertHintsTest {
    private static final long MIN = 60_000L;
    private static final long WINDOW = 30 * MIN;

    private static Alert alert(String name, String severity, long startsAt) {
        return Alert.firing(startsAt, Map.of("alertname", name, "severity", severity, "host", "web-3"), Map.of(), "http://vigil");
    }

    @Test
    void namesTheEarlierAlertsOfTheWindowEarliestFirst() {
        Alert disk = alert("FilesystemWillFill", "critical", 0);
        Alert oom = alert("OomKill", "warning", 20 * MIN);
        Alert old = alert("CpuHigh", "warning", -40 * MIN);
        Alert later = alert("Later", "warning", 60 * MIN);
        Alert latency = alert("ApiLatency", "warning", 25 * MIN);
        String hints = AlertHints.describe(latency, List.of(oom, later, latency, old, disk), WINDOW);
        assertThat(hints).isEqualTo("Earlier on this host: FilesystemWillFill (critical) 25 min before; OomKill (warning) 5 min before");
        assertThat(AlertHints.annotate(latency, hints).annotations()).containsEntry(AlertHints.ANNOTATION, hints);
    }

    @Test
    void saysWhenAnEarlierAlertHasResolvedAndCapsTheList() {
        List<Alert> recent = new ArrayList<>();
        recent.add(alert("Flap", "info", 0).resolve(2 * MIN, Map.of()));
        for (int i = 1; i <= 7; i++) {
            recent.add(alert("Storm" + i, "warning", i * MIN));
        }
        String hints = AlertHints.describe(alert("ApiDown", "critical", 10 * MIN), recent, WINDOW);
        assertThat(hints).startsWith("Earlier on this host: Flap (info) 10 min before, resolved since; Storm1 (warning) 9 min before")
                .endsWith("; and 3 more");
    }

    @Test
    void anAlertAloneHasNoHintsAndIsLeftAsItIs() {
        Alert a = alert("ApiDown", "critical", 0);
        assertThat(AlertHints.describe(a, List.of(a), WINDOW)).isEmpty();
        assertThat(AlertHints.annotate(a, "")).isSameAs(a);
    }
}
