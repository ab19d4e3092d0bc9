package dev.vigil.jobs.correlate;

import dev.vigil.correlate.CorrelationInput;
import dev.vigil.correlate.CorrelationMatch;
import dev.vigil.correlate.SigmaRules;
import dev.vigil.jobs.runtime.LocalFlink;
import dev.vigil.sigma.CorrelationRule;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.CEP;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Boundary tests of the CEP patterns of temporal and temporal_ordered, on a MiniCluster in event time. */
class TemporalCorrelationITCase {
    private static final long MIN = 60_000;
    private static SigmaRules rules;

    @BeforeAll
    static void load() {
        String base = "logsource: {product: vigil, category: security}\ndetection:\n  s: {event.action: %s}\n  condition: s\n";
        String yaml = "title: A\nname: a\n" + base.formatted("a") + "---\ntitle: B\nname: b\n" + base.formatted("b")
                + "---\ntitle: C\nname: c\n" + base.formatted("c")
                + "---\ntitle: Ordered\nname: ordered\ncorrelation: {type: temporal_ordered, rules: [a, b, c], group-by: [host.name], timespan: 10m}\n"
                + "---\ntitle: Any order\nname: anyorder\ncorrelation: {type: temporal, rules: [a, b], group-by: [host.name], timespan: 10m}\n";
        rules = SigmaRules.compile(Map.of("t.yml", yaml), dev.vigil.sigma.FieldMapping.defaults(), Duration.ofMinutes(30));
        assertThat(rules.loaded().allOk()).isTrue();
    }

    private static CorrelationInput in(String correlation, String rule, long t, String host) {
        return new CorrelationInput(correlation, "{\"host.name\":\"" + host + "\"}", t, rule, null, rule + t, rule + " at " + t, 1, true);
    }

    private static List<CorrelationMatch> run(String correlation, List<CorrelationInput> inputs) throws Exception {
        CorrelationRule rule = rules.correlation(correlation);
        StreamExecutionEnvironment env = LocalFlink.environment(2, RuntimeExecutionMode.STREAMING, Duration.ofSeconds(1), null, null);
        DataStream<CorrelationInput> source = env.fromData(inputs, TypeInformation.of(CorrelationInput.class))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<CorrelationInput>forBoundedOutOfOrderness(Duration.ofMinutes(30))
                        .withTimestampAssigner((e, ts) -> e.time()));
        DataStream<CorrelationMatch> matches = CEP.pattern(source.keyBy(new Keys.InputKey()), TemporalPatterns.of(rule))
                .process(new TemporalMatchFunction(), TypeInformation.of(CorrelationMatch.class));
        List<CorrelationMatch> out = new ArrayList<>();
        try (CloseableIterator<CorrelationMatch> it = matches.executeAndCollect()) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void orderedMatchesInOrderWithinTheTimespanEvenWhenEventsArriveShuffled() throws Exception {
        List<CorrelationMatch> out = run("ordered", List.of(
                in("ordered", "c", 9 * MIN, "h1"), in("ordered", "a", 0, "h1"), in("ordered", "b", 4 * MIN, "h1"),
                // h2: wrong order (b before a) never matches.
                in("ordered", "b", 0, "h2"), in("ordered", "a", MIN, "h2"), in("ordered", "c", 2 * MIN, "h2")));
        assertThat(out).singleElement().satisfies(m -> {
            assertThat(m.groupKey()).isEqualTo("{\"host.name\":\"h1\"}");
            assertThat(m.first()).isZero();
            assertThat(m.time()).isEqualTo(9 * MIN);
            assertThat(m.events()).hasSize(3);
        });
    }

    @Test
    void orderedDoesNotMatchJustOutsideTheTimespan() throws Exception {
        assertThat(run("ordered", List.of(in("ordered", "a", 0, "h1"), in("ordered", "b", MIN, "h1"),
                in("ordered", "c", 10 * MIN + 1, "h1")))).isEmpty();
        assertThat(run("ordered", List.of(in("ordered", "a", 0, "h1"), in("ordered", "b", MIN, "h1"),
                in("ordered", "c", 10 * MIN - 1, "h1")))).hasSize(1);
    }

    @Test
    void unorderedNeedsEveryRuleOnceInAnyOrder() throws Exception {
        // Two of the same rule are not enough; b then a is.
        assertThat(run("anyorder", List.of(in("anyorder", "a", 0, "h1"), in("anyorder", "a", MIN, "h1")))).isEmpty();
        List<CorrelationMatch> out = run("anyorder", List.of(in("anyorder", "b", 0, "h1"), in("anyorder", "a", 2 * MIN, "h1")));
        assertThat(out).singleElement().satisfies(m -> assertThat(m.eventCount()).isEqualTo(2));
        // Just outside the timespan: no match.
        assertThat(run("anyorder", List.of(in("anyorder", "b", 0, "h1"), in("anyorder", "a", 10 * MIN + 1, "h1")))).isEmpty();
    }
}
