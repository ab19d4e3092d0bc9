package dev.vigil.sigma;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SigmaLoaderTest {
    private static final FieldMapping MAPPING = FieldMapping.defaults();

    static SigmaLoader.Result load(String yaml) {
        return SigmaLoader.loadTexts(Map.of("r.yml", yaml), MAPPING);
    }

    static DetectionRule rule(String detection) {
        SigmaLoader.Result r = load("title: T\nid: t1\nlogsource: {product: vigil, category: security}\ndetection:\n" + detection);
        assertThat(r.statuses()).allSatisfy(s -> assertThat(s.error()).as(s.line()).isNull());
        return r.detections().get(0);
    }

    private static String error(String yaml) {
        SigmaLoader.Result r = load(yaml);
        return r.statuses().stream().filter(s -> !s.ok()).findFirst().orElseThrow().line();
    }

    private static final String HEAD = "title: Bad\nid: b1\nlogsource: {product: linux, service: sshd}\n";

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "detection:\\n  sel:\\n    a|base64offset|contains: x\\n  condition: sel => error  r.yml  Bad [b1]: detection 'sel', field 'a|base64offset|contains': modifier 'base64offset' is not supported by Vigil",
        "detection:\\n  sel:\\n    a|re: '(a'\\n  condition: sel => error  r.yml  Bad [b1]: detection 'sel', field 'a': regular expression '(a' is not valid RE2 syntax",
        "detection:\\n  sel:\\n    a|re: '(?<=x)y'\\n  condition: sel => RE2 has no backreferences or look-around",
        "detection:\\n  sel:\\n    a: x\\n  condition: sel | count() > 5 => error  r.yml  Bad [b1]: condition 'sel | count() > 5' uses an aggregation ('|'), which Sigma replaced by correlation rules",
        "detection:\\n  sel:\\n    a: x\\n  condition: sel and other => error  r.yml  Bad [b1]: condition 'sel and other' refers to 'other', which the detection does not define",
        "detection:\\n  sel:\\n    a: x\\n  condition: 1 of filter_* => error  r.yml  Bad [b1]: condition '1 of filter_*': '1 of filter_*' matches no detection identifier",
        "detection:\\n  sel:\\n    a: x\\n  condition: (sel => error  r.yml  Bad [b1]: condition '(sel': missing ')'",
        "detection:\\n  sel:\\n    a: x\\n  condition: sel and => error  r.yml  Bad [b1]: condition 'sel and' ends too early",
        "detection:\\n  sel:\\n    a|cidr: 10.0.0.0/33\\n  condition: sel => error  r.yml  Bad [b1]: detection 'sel', field 'a': value '10.0.0.0/33': '10.0.0.0/33' has a prefix length out of range",
        "detection:\\n  sel:\\n    a|exists: maybe\\n  condition: sel => error  r.yml  Bad [b1]: detection 'sel', field 'a': 'exists' takes true or false",
        "detection:\\n  sel:\\n    a: x\\n  timeframe: 5m\\n  condition: sel => error  r.yml  Bad [b1]: 'timeframe' (Sigma 1 aggregation) is not supported; use a correlation rule",
        "detection:\\n  sel:\\n    a|i: x\\n  condition: sel => modifier 'i' only follows 're'",
    })
    void rejectsWhatItCannotHonourNamingFileRuleAndFeature(String detection, String expected) {
        assertThat(error(HEAD + detection.replace("\\n", "\n"))).contains(expected);
    }

    @Test
    void unknownLogsourcesAndMissingPartsAreErrors() {
        assertThat(error("title: W\nid: w\nlogsource: {product: windows, service: security}\ndetection:\n  s: {a: b}\n  condition: s"))
                .contains("logsource windows/security is not in Vigil's field mapping");
        assertThat(error("title: W\nid: w\nlogsource: {product: linux}\ndetection:\n  s: {a: b}")).contains("detection has no 'condition'");
        assertThat(error("id: w\nlogsource: {product: linux}\ndetection:\n  s: {a: b}\n  condition: s")).contains("'title' is missing");
        assertThat(error("title: Broken\nid: w\nlogsource: [")).contains("(document 1): not valid YAML");
    }

    @Test
    void correlationErrorsNameTheProblem() {
        String det = "title: D\nname: d\nlogsource: {product: vigil, category: security}\ndetection:\n  s: {event.action: sudo}\n  condition: s\n---\n";
        assertThat(error(det + "title: C\nid: c\ncorrelation: {type: event_count, rules: [nope], group-by: [host.name], timespan: 5m, condition: {gte: 2}}"))
                .contains("refers to rule 'nope', which no loaded rule has as id or name");
        assertThat(error(det + "title: C\nid: c\ncorrelation: {type: event_sum, rules: [d], timespan: 5m, condition: {gte: 2}}"))
                .contains("correlation type 'event_sum' is not one of");
        assertThat(error(det + "title: C\nid: c\ncorrelation: {type: event_count, rules: [d], timespan: 5 minutes, condition: {gte: 2}}"))
                .contains("timespan '5 minutes' is not a number followed by s, m, h, d or w");
        assertThat(error(det + "title: C\nid: c\ncorrelation: {type: value_count, rules: [d], timespan: 5m, condition: {gte: 2}}"))
                .contains("value_count needs 'condition.field'");
        assertThat(error(det + "title: C\nid: c\ncorrelation: {type: event_count, rules: [d], timespan: 5m}"))
                .contains("event_count needs a 'condition'");
        assertThat(error(det + "title: C\nid: c\ncorrelation: {type: event_count, rules: [d], timespan: 5m, condition: {lt: 2}}"))
                .contains("event_count condition [lt] needs a lower bound (gt or gte)");
        assertThat(error(det + "title: C\nid: c\ncorrelation: {type: event_count, rules: [d], timespan: 5m, condition: {about: 2}}"))
                .contains("condition key 'about' is not one of gt, gte, lt, lte, eq, neq, field");
        assertThat(error("title: A\nid: a\ncorrelation: {type: temporal, rules: [b, a2], timespan: 5m}\n---\n"
                + "title: B\nid: b\ncorrelation: {type: temporal, rules: [a, a2], timespan: 5m}\n---\n" + det.replace("name: d", "name: a2")))
                .contains("cycle");
    }

    @Test
    void correlationsResolveByNameOrIdWithAliasesAndChaining() {
        SigmaLoader.Result r = load("""
                title: Fail
                name: fail
                id: 11111111-1111-1111-1111-111111111111
                logsource: {product: vigil, category: security}
                detection:
                  s: {event.action: auth_failure}
                  condition: s
                ---
                title: Ok
                name: ok
                logsource: {product: vigil, category: security}
                detection:
                  s: {event.action: auth_success}
                  condition: s
                ---
                title: Many
                name: many
                correlation:
                  type: event_count
                  rules: [11111111-1111-1111-1111-111111111111]
                  group-by: [ip]
                  aliases:
                    ip: {fail: source.ip}
                  timespan: 10m
                  condition: {gte: 5}
                ---
                title: Then ok
                name: then_ok
                correlation:
                  type: temporal_ordered
                  rules: [many, ok]
                  group-by: [ip]
                  aliases:
                    ip: {many: ip, ok: source.ip}
                  timespan: 1h
                """);
        assertThat(r.allOk()).as(r.statuses().toString()).isTrue();
        CorrelationRule many = r.correlations().get(0);
        assertThat(many.rules()).containsExactly("11111111-1111-1111-1111-111111111111");
        assertThat(many.groupBy().get("11111111-1111-1111-1111-111111111111")).containsExactly("source.ip");
        assertThat(many.timespan()).isEqualTo(Duration.ofMinutes(10));
        CorrelationRule then = r.correlations().get(1);
        assertThat(then.rules()).containsExactly("many", "ok");
        assertThat(then.groupBy().get("many")).containsExactly("ip");
        assertThat(then.groupBy().get("ok")).containsExactly("source.ip");
        assertThat(then.condition()).containsEntry("gte", 2.0);
    }

    @Test
    void theSpecificationsCorrelationExamplesParseOnceTheirRulesExist() {
        String base = "logsource: {product: vigil, category: security}\ndetection:\n  s: {event.action: auth_failure}\n  condition: s\n";
        SigmaLoader.Result r = load("title: a\nname: recon_cmd_a\n" + base + "---\ntitle: b\nname: recon_cmd_b\n" + base
                + "---\ntitle: c\nname: recon_cmd_c\n" + base + """
                ---
                title: Recon ordered
                correlation:
                    type: temporal_ordered
                    rules:
                        - recon_cmd_a
                        - recon_cmd_b
                        - recon_cmd_c
                    group-by:
                        - ComputerName
                        - User
                    timespan: 5m
                """);
        assertThat(r.allOk()).as(r.statuses().toString()).isTrue();
        assertThat(r.correlations().get(0).id()).isEqualTo("title:recon-ordered");
    }
}
