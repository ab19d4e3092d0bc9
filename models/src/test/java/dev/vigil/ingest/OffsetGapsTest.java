package dev.vigil.ingest;

import dev.vigil.model.Gap;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetGapsTest {
    private static final long SECOND = 1_000_000_000L;

    /** A broker whose log start and committed offset the test sets, counting how often it is asked. */
    private static final class TestBroker implements OffsetGaps.Broker {
        long logStart;
        Long committed;
        int asked;
        boolean down;

        @Override
        public long logStartOffset(String topic, int partition) {
            asked++;
            if (down) {
                throw new IllegalStateException("broker down");
            }
            return logStart;
        }

        @Override
        public OptionalLong committedOffset(String topic, int partition) {
            if (down) {
                throw new IllegalStateException("broker down");
            }
            return committed == null ? OptionalLong.empty() : OptionalLong.of(committed);
        }
    }

    private static final class Found implements OffsetGaps.Listener {
        final List<Gap> gaps = new ArrayList<>();
        final List<String> unexplained = new ArrayList<>();

        @Override
        public void gap(Gap gap) {
            gaps.add(gap);
        }

        @Override
        public void unexplained(String topic, int partition, long from, long to, Exception cause) {
            unexplained.add(topic + "-" + partition + " " + from + ".." + to + ": " + cause.getMessage());
        }
    }

    private final TestBroker broker = new TestBroker();
    private final Found found = new Found();
    private final OffsetGaps gaps = new OffsetGaps(broker, found, SECOND);

    private void read(int partition, long from, long to, long now) {
        for (long o = from; o <= to; o++) {
            gaps.offset(0, "vigil.metrics", "metrics", partition, o, 1000 + o, now);
        }
    }

    @Test
    void consecutiveOffsetsNeverAskTheBroker() {
        read(0, 0, 999, 0);
        assertThat(found.gaps).isEmpty();
        assertThat(broker.asked).isZero();
    }

    @Test
    void aJumpBelowTheLogStartIsAGapOfTheDeletedOffsets() {
        read(0, 0, 99, 0);
        broker.logStart = 5000; // retention deleted 100..4999; the client moved to the new start
        read(0, 5000, 5010, SECOND);
        assertThat(found.gaps).singleElement().satisfies(g -> {
            assertThat(g.topic()).isEqualTo("vigil.metrics");
            assertThat(g.partition()).isZero();
            assertThat(g.firstMissing()).isEqualTo(100);
            assertThat(g.lastMissing()).isEqualTo(4999);
            assertThat(g.missing()).isEqualTo(4900);
            assertThat(g.time()).isEqualTo(6000);
            assertThat(g.reason()).contains("log start offset 5000");
        });
    }

    @Test
    void transactionMarkersAndCompactionAboveTheLogStartAreNotGaps() {
        read(0, 0, 9, 0);
        // offset 10 a commit marker, 20..29 aborted or compacted: the log start stays at 0
        read(0, 11, 19, SECOND);
        read(0, 30, 39, 3 * SECOND);
        assertThat(found.gaps).isEmpty();
        assertThat(found.unexplained).isEmpty();
        assertThat(broker.asked).isEqualTo(2);
    }

    @Test
    void jumpsWithinTheCheckIntervalWaitAndAreSettledByOneLaterAnswer() {
        read(0, 0, 9, 0);
        read(0, 11, 19, SECOND); // asked: a marker
        read(0, 21, 29, SECOND + 10); // waits
        broker.logStart = 40; // and then the broker deletes up to 39
        read(0, 40, 45, SECOND + 20); // waits
        assertThat(broker.asked).isEqualTo(1);
        read(0, 46, 46, 2 * SECOND + 20);
        assertThat(broker.asked).isEqualTo(2);
        // 20 was a marker once, but it is below the log start now and was never read: reported with 30..39
        assertThat(found.gaps).extracting(Gap::firstMissing, Gap::lastMissing)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(20L, 20L), org.assertj.core.groups.Tuple.tuple(30L, 39L));
    }

    @Test
    void aRestartThatResumesPastTheCommittedOffsetReportsTheSkippedRange() {
        broker.committed = 700L;
        broker.logStart = 900;
        read(1, 900, 905, 0);
        assertThat(found.gaps).singleElement().satisfies(g -> {
            assertThat(g.partition()).isEqualTo(1);
            assertThat(g.firstMissing()).isEqualTo(700);
            assertThat(g.lastMissing()).isEqualTo(899);
        });
    }

    @Test
    void aRestartAtTheCommittedOffsetOrAFirstStartIsNoGap() {
        broker.committed = 700L;
        read(1, 700, 705, 0);
        broker.committed = null;
        read(2, 50, 55, 0);
        assertThat(found.gaps).isEmpty();
    }

    @Test
    void partitionsOfDifferentTopicsAreTrackedApart() {
        gaps.offset(0, "a", "metrics", 0, 0, 1, 0);
        gaps.offset(1, "b", "logs", 0, 7, 1, 0);
        gaps.offset(0, "a", "metrics", 0, 1, 1, 0);
        gaps.offset(1, "b", "logs", 0, 8, 1, 0);
        assertThat(found.gaps).isEmpty();
        assertThat(broker.asked).isZero();
    }

    @Test
    void aJumpTheBrokerCannotBeAskedAboutIsReportedUnexplained() {
        read(0, 0, 9, 0);
        broker.down = true;
        read(0, 20, 21, SECOND);
        assertThat(found.gaps).isEmpty();
        assertThat(found.unexplained).singleElement().asString().contains("vigil.metrics-0 10..19", "broker down");
    }

    @Test
    void manyJumpsInOneIntervalAskTheBrokerEarlyInsteadOfMerging() {
        long o = 0;
        for (int i = 0; i < OffsetGaps.MAX_PENDING + 1; i++) {
            gaps.offset(0, "t", "metrics", 0, o, 1, i == 0 ? 0 : SECOND / 2);
            o += 2;
        }
        // the first record asks nothing (no committed offset), then 64 jumps fill the pending list at once
        assertThat(broker.asked).isEqualTo(1);
        assertThat(found.gaps).isEmpty();
    }

    @Test
    void aJobStartedAtTheLatestOffsetsDoesNotReportTheRangeItSkippedOnPurpose() {
        OffsetGaps latest = new OffsetGaps(broker, found, SECOND, false);
        broker.committed = 700L;
        broker.logStart = 900;
        latest.offset(0, "t", "metrics", 0, 5000, 1, 0);
        assertThat(found.gaps).isEmpty();
        // jumps later in the run are still checked
        broker.logStart = 6000;
        latest.offset(0, "t", "metrics", 0, 6000, 1, SECOND);
        assertThat(found.gaps).extracting(Gap::firstMissing, Gap::lastMissing)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(5001L, 5999L));
    }
}
