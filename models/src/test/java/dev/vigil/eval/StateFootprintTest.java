package dev.vigil.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StateFootprintTest {
    @Test
    void everyPerSeriesModelStopsGrowingAfterItsFirstWeek() throws Exception {
        List<StateFootprint.Row> rows = StateFootprint.measure(60_000L);
        assertThat(rows).hasSize(3);
        for (StateFootprint.Row r : rows) {
            assertThat(r.bytesAfterWeek()).as(r.model()).isPositive();
            assertThat(r.bounded()).as(r.model() + ": " + r.bytesAfterWeek() + " then " + r.bytesAfterFourWeeks() + " bytes").isTrue();
        }
    }
}
