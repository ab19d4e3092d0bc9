package dev.vigil.correlate;

import dev.vigil.sigma.CorrelationRule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IncidentTrackerTest {
    private static final CorrelationRule RULE = new CorrelationRule("c", "brute", "SSH brute force", "high", List.of("attack.t1110.001"),
            "event_count", List.of("r"), Map.of("r", List.of("source.ip")), List.of("source.ip"), Duration.ofMinutes(10),
            Map.of("gte", 3.0), Map.of(), false, "f");

    @Test
    void opensFoldsAndClosesWithOneId() {
        CorrelationMatch first = new CorrelationMatch("c", "{\"source.ip\":\"1.2.3.4\"}", 3000, 1000, 3, 3, List.of("a x", "b y", "c z"));
        Incident open = IncidentTracker.open(RULE, "c", first);
        assertThat(open.status()).isEqualTo("open");
        assertThat(open.group()).containsEntry("source.ip", "1.2.3.4");
        assertThat(open.count()).isEqualTo(3);
        assertThat(open.tags()).containsExactly("attack.t1110.001");
        assertThat(open.summary()).startsWith("SSH brute force: 3 events for source.ip=1.2.3.4");
        Incident folded = IncidentTracker.fold(RULE, open, new CorrelationMatch("c", first.groupKey(), 4000, 2000, 3, 3, List.of("b y", "c z", "d w")));
        assertThat(folded.id()).isEqualTo(open.id());
        assertThat(folded.count()).isEqualTo(4);
        assertThat(folded.last()).isEqualTo(4000);
        assertThat(folded.events()).containsExactly("a x", "b y", "c z", "d w");
        Incident closed = IncidentTracker.close(folded, 4000 + 30 * 60_000);
        assertThat(closed.status()).isEqualTo("closed");
        assertThat(closed.id()).isEqualTo(open.id());
        assertThat(IncidentTracker.closesAt(folded.last(), Duration.ofMinutes(30))).isEqualTo(4000 + 30 * 60_000);
    }

    @Test
    void groupKeysRoundTripThroughJson() {
        Map<String, String> g = IncidentTracker.parseGroup("{\"host.name\":\"web-1\",\"user\":\"a\\\"b\",\"x\":null}");
        assertThat(g).containsEntry("host.name", "web-1").containsEntry("user", "a\"b").containsEntry("x", null);
        String crafted = dev.vigil.correlate.SigmaRules.jsonObject("threat.indicator", "x\\uzz.evil.com\\");
        assertThat(IncidentTracker.parseGroup(crafted)).containsEntry("threat.indicator", "x\\uzz.evil.com\\");
        // Malformed text is kept whole under group_key rather than half-parsed.
        assertThat(IncidentTracker.parseGroup("{\"a\":\"\\uZZ")).containsExactly(java.util.Map.entry("group_key", "{\"a\":\"\\uZZ"));
    }

    @Test
    void aCorrelationConsumedWithoutGenerateReportsNoIncidentsOfItsOwn() {
        String base = "logsource: {product: vigil, category: security}\ndetection:\n  s: {event.action: auth_failure}\n  condition: s\n";
        String yaml = "title: F\nname: f\n" + base
                + "---\ntitle: Many\nname: many\ncorrelation: {type: event_count, rules: [f], group-by: [source.ip], timespan: 5m, condition: {gte: 3}}\n"
                + "---\ntitle: Twice\nname: twice\ncorrelation: {type: event_count, rules: [many], group-by: [source.ip], timespan: 1h, condition: {gte: 2}}\n";
        SigmaRules quiet = SigmaRules.compile(Map.of("t.yml", yaml), dev.vigil.sigma.FieldMapping.defaults(), Duration.ofMinutes(30));
        assertThat(quiet.reported("many")).isFalse();
        assertThat(quiet.reported("twice")).isTrue();
        SigmaRules loud = SigmaRules.compile(Map.of("t.yml", yaml.replace("condition: {gte: 2}}", "condition: {gte: 2}, generate: true}")),
                dev.vigil.sigma.FieldMapping.defaults(), Duration.ofMinutes(30));
        assertThat(loud.reported("many")).isTrue();
        assertThat(loud.depth("twice")).isEqualTo(2);
    }
}
