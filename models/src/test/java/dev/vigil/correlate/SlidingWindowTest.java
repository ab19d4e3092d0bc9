package dev.vigil.correlate;

import dev.vigil.sigma.CorrelationRule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Boundary tests of the count and value correlation types: N-1 versus N, inside versus outside the timespan. */
class SlidingWindowTest {
    private static final long MIN = 60_000;

    private static CorrelationRule rule(String type, Map<String, Double> condition) {
        return new CorrelationRule("c", null, "C", "high", List.of(), type, List.of("r"), Map.of("r", List.of("source.ip")),
                List.of("source.ip"), Duration.ofMinutes(10), condition, type.startsWith("value_") ? Map.of("r", "user.name") : Map.of(), false, "f");
    }

    private static CorrelationMatch feed(CorrelationRule rule, List<WindowEntry> window, long t, String value) {
        return SlidingWindow.add(rule, "{}", window, new WindowEntry(t, "r", value, "e" + t));
    }

    @Test
    void eventCountFiresOnTheNthEventNotTheNthMinusOne() {
        CorrelationRule r = rule("event_count", Map.of("gte", 5.0));
        List<WindowEntry> w = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            assertThat(feed(r, w, i * MIN, null)).isNull();
        }
        CorrelationMatch m = feed(r, w, 4 * MIN, null);
        assertThat(m).isNotNull();
        assertThat(m.aggregate()).isEqualTo(5);
        assertThat(m.first()).isZero();
        assertThat(m.events()).hasSize(5);
    }

    @Test
    void eventsJustOutsideTheTimespanDoNotCount() {
        CorrelationRule r = rule("event_count", Map.of("gte", 3.0));
        List<WindowEntry> w = new ArrayList<>();
        feed(r, w, 0, null);
        feed(r, w, 5 * MIN, null);
        // Exactly one timespan after the first: the first has left the window (sliding, half-open).
        assertThat(feed(r, w, 10 * MIN, null)).isNull();
        List<WindowEntry> w2 = new ArrayList<>();
        feed(r, w2, 0, null);
        feed(r, w2, 5 * MIN, null);
        assertThat(feed(r, w2, 10 * MIN - 1, null)).isNotNull();
    }

    /** For every window type: two qualifying events just inside the timespan meet a condition of 2; just outside they do not. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "event_count, gte, 2, a, b",
        "value_count, gte, 2, a, b",
        "value_sum, gte, 20, 10, 10",
        "value_avg, gte, 10, 20, 0",
        "value_percentile, gte, 100, a, a"})
    void everyTypeCountsOnlyEventsInsideTheTimespan(String type, String op, double bound, String v1, String v2) {
        CorrelationRule r = rule(type, Map.of(op, bound));
        List<WindowEntry> inside = new ArrayList<>();
        feed(r, inside, 0, v1);
        assertThat(feed(r, inside, 10 * MIN - 1, v2)).as("%s just inside", type).isNotNull();
        List<WindowEntry> outside = new ArrayList<>();
        feed(r, outside, 0, v1);
        CorrelationMatch m = feed(r, outside, 10 * MIN, v2);
        if (type.equals("value_percentile")) {
            // One event alone is 100 % of its window: percentile conditions are about shares, not counts.
            assertThat(m).isNotNull();
            assertThat(outside).hasSize(1);
        } else {
            assertThat(m).as("%s just outside", type).isNull();
        }
    }

    @Test
    void valueCountCountsDistinctValues() {
        CorrelationRule r = rule("value_count", Map.of("gte", 3.0));
        List<WindowEntry> w = new ArrayList<>();
        assertThat(feed(r, w, 0, "a")).isNull();
        assertThat(feed(r, w, 1, "a")).isNull();
        assertThat(feed(r, w, 2, "b")).isNull();
        assertThat(feed(r, w, 3, "b")).isNull();
        CorrelationMatch m = feed(r, w, 4, "c");
        assertThat(m).isNotNull();
        assertThat(m.aggregate()).isEqualTo(3);
    }

    @Test
    void valueSumAvgAndPercentile() {
        CorrelationRule sum = rule("value_sum", Map.of("gt", 100.0));
        List<WindowEntry> w = new ArrayList<>();
        assertThat(feed(sum, w, 0, "60")).isNull();
        assertThat(feed(sum, w, 1, "40")).isNull();
        assertThat(feed(sum, w, 2, "not a number")).isNull();
        assertThat(feed(sum, w, 3, "1").aggregate()).isEqualTo(101);

        CorrelationRule avg = rule("value_avg", Map.of("gte", 50.0));
        List<WindowEntry> a = new ArrayList<>();
        assertThat(feed(avg, a, 0, "40")).isNull();
        assertThat(feed(avg, a, 1, "60").aggregate()).isEqualTo(50);

        CorrelationRule rare = rule("value_percentile", Map.of("lte", 10.0));
        List<WindowEntry> p = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            assertThat(feed(rare, p, i, "bash")).isNull();
        }
        CorrelationMatch m = feed(rare, p, 10, "nc");
        assertThat(m).isNotNull();
        assertThat(m.aggregate()).isCloseTo(100.0 / 11, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void windowsAreBoundedUnderFloods() {
        CorrelationRule r = rule("event_count", Map.of("gte", 1e9));
        List<WindowEntry> w = new ArrayList<>();
        for (int i = 0; i < SlidingWindow.MAX_ENTRIES + 500; i++) {
            feed(r, w, i, null);
        }
        assertThat(w).hasSize(SlidingWindow.MAX_ENTRIES);
    }
}
