package dev.vigil.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LoghubMetricsTest {
    @Test
    void scoresGroupingParsingAndPairs() {
        // truth groups A{0,1} B{2,3} C{4}; predicted A{0,1} B{2} Z{3,4}
        LoghubMetrics.Scores s = LoghubMetrics.score(List.of("A", "A", "B", "B", "C"), List.of("A", "A", "B", "Z", "Z"));
        // GA: only predicted A holds exactly a truth group's lines: 2 of 5
        assertThat(s.ga()).isCloseTo(0.4, within(1e-12));
        // PA: lines 0, 1, 2 carry the exact template: 3 of 5
        assertThat(s.pa()).isCloseTo(0.6, within(1e-12));
        // pairs: real A1+B1 = 2, parsed A1+Z1 = 2, accurate (A,A)=1 -> precision 0.5, recall 0.5
        assertThat(s.f1()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void aGroupSplitInTwoCountsNoneOfItsLines() {
        LoghubMetrics.Scores s = LoghubMetrics.score(List.of("A", "A", "A", "B"), List.of("x", "x", "y", "z"));
        // x{0,1} and y{2} each hold part of A; z{3} equals B
        assertThat(s.ga()).isCloseTo(0.25, within(1e-12));
        assertThat(s.pa()).isZero();
        // real pairs 3, parsed 1, accurate 1 -> precision 1, recall 1/3, F1 0.5
        assertThat(s.f1()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void aMergedGroupIsWrongForEveryLine() {
        LoghubMetrics.Scores s = LoghubMetrics.score(List.of("A", "A", "B"), List.of("x", "x", "x"));
        assertThat(s.ga()).isZero();
        // real 1, parsed 3, accurate 1 -> precision 1/3, recall 1, F1 0.5
        assertThat(s.f1()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void refusesMisalignedInput() {
        assertThatThrownBy(() -> LoghubMetrics.score(List.of("A"), List.of("A", "B")))
                .hasMessageContaining("1 ground-truth lines but 2 predictions");
    }
}
