package dev.vigil.jobs.ingest;

import dev.vigil.model.DeadLetter;
import dev.vigil.model.MetricSample;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EnvelopeWatermarksTest {
    /** Records what a generator emits. */
    private static final class Recorder implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();
        int idle;

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            idle++;
        }

        @Override
        public void markActive() {
        }
    }

    private static Envelope metric(long t) {
        return Envelope.of(new MetricSample(t, "h", "m", 1, Map.of()));
    }

    private static final Envelope DEAD = Envelope.of(new DeadLetter(5, "logs", "auto", "t", 0, 1, "bad", "x", null, 1));
    private static final long NOW_MILLIS = 1_800_000_000_000L;
    private static final Duration OOO = Duration.ofSeconds(30);

    /** Wall time and activity time move together unless a test says otherwise. */
    private final ManualClock activityClock = new ManualClock();
    private final ManualClock wall = new ManualClock();
    private final EnvelopeWatermarks.Activity activity = new EnvelopeWatermarks.Activity();

    private EnvelopeWatermarks generator(Duration idleness, Duration emptyIdleness) {
        return new EnvelopeWatermarks(OOO, idleness, emptyIdleness, activityClock, wall::relativeTimeNanos, () -> NOW_MILLIS, activity);
    }

    /** Advances both clocks in 200 ms steps, as Flink's periodic emits come, with {@code busy} delivering an event each step. */
    private void run(Duration d, EnvelopeWatermarks busy, List<EnvelopeWatermarks> quiet, List<Recorder> outs) {
        for (long t = 0; t < d.toMillis(); t += 200) {
            activityClock.advanceTime(Duration.ofMillis(200));
            wall.advanceTime(Duration.ofMillis(200));
            if (busy != null) {
                busy.onEvent(metric(100_000), 100_000, new Recorder());
                busy.onPeriodicEmit(new Recorder());
            }
            for (int i = 0; i < quiet.size(); i++) {
                quiet.get(i).onPeriodicEmit(outs.get(i));
            }
        }
    }

    @Test
    void watermarkTrailsTheNewestEventByTheBoundAndIgnoresDeadLetters() {
        EnvelopeWatermarks g = generator(Duration.ofHours(1), Duration.ofSeconds(5));
        Recorder out = new Recorder();
        g.onEvent(metric(100_000), 100_000, out);
        g.onEvent(metric(40_000), 40_000, out);
        g.onEvent(DEAD, Envelope.NO_EVENT_TIME, out);
        g.onPeriodicEmit(out);
        assertThat(out.watermarks).containsExactly(100_000L - 30_000 - 1);
    }

    @Test
    void anEventFromAClockHoursAheadMovesTheWatermarkOnlyToTheWallClock() {
        EnvelopeWatermarks g = generator(Duration.ofHours(1), Duration.ofSeconds(5));
        Recorder out = new Recorder();
        g.onEvent(metric(NOW_MILLIS + 3_600_000 * 5), NOW_MILLIS + 3_600_000 * 5, out);
        g.onPeriodicEmit(out);
        assertThat(out.watermarks).containsExactly(NOW_MILLIS - 1);
    }

    @Test
    void aPartitionWithOnlyDeadLettersGoesIdleWhileOthersDeliver() {
        EnvelopeWatermarks busy = generator(Duration.ofSeconds(10), Duration.ofSeconds(2));
        EnvelopeWatermarks deadOnly = generator(Duration.ofSeconds(10), Duration.ofSeconds(2));
        Recorder out = new Recorder();
        deadOnly.onEvent(metric(100_000), 100_000, out);
        deadOnly.onPeriodicEmit(out);
        for (int i = 0; i < 60; i++) {
            deadOnly.onEvent(DEAD, Envelope.NO_EVENT_TIME, out);
            run(Duration.ofMillis(200), busy, List.of(deadOnly), List.of(out));
        }
        assertThat(out.idle).isEqualTo(1);
        deadOnly.onEvent(metric(200_000), 200_000, out);
        deadOnly.onPeriodicEmit(out);
        assertThat(out.watermarks).last().isEqualTo(200_000L - 30_000 - 1);
    }

    @Test
    void anEmptyPartitionGoesIdleSoonerThanOneThatFellSilent() {
        EnvelopeWatermarks busy = generator(Duration.ofMinutes(1), Duration.ofSeconds(5));
        EnvelopeWatermarks empty = generator(Duration.ofMinutes(1), Duration.ofSeconds(5));
        EnvelopeWatermarks quiet = generator(Duration.ofMinutes(1), Duration.ofSeconds(5));
        Recorder emptyOut = new Recorder();
        Recorder quietOut = new Recorder();
        quiet.onEvent(metric(100_000), 100_000, quietOut);
        run(Duration.ofSeconds(4), busy, List.of(empty, quiet), List.of(emptyOut, quietOut));
        assertThat(emptyOut.idle).isZero();
        run(Duration.ofSeconds(2), busy, List.of(empty, quiet), List.of(emptyOut, quietOut));
        assertThat(emptyOut.idle).isEqualTo(1);
        assertThat(quietOut.idle).isZero();
        run(Duration.ofSeconds(55), busy, List.of(empty, quiet), List.of(emptyOut, quietOut));
        assertThat(quietOut.idle).isEqualTo(1);
    }

    @Test
    void noPartitionGoesIdleWhileNothingIsDeliveredAndSilenceCountsAgainOnlyOnceOthersDeliver() {
        // A broker outage: nobody delivers for ten minutes; then one partition resumes before the other.
        EnvelopeWatermarks first = generator(Duration.ofMinutes(1), Duration.ofSeconds(5));
        EnvelopeWatermarks second = generator(Duration.ofMinutes(1), Duration.ofSeconds(5));
        Recorder firstOut = new Recorder();
        Recorder secondOut = new Recorder();
        first.onEvent(metric(100_000), 100_000, firstOut);
        second.onEvent(metric(100_000), 100_000, secondOut);
        run(Duration.ofMinutes(10), null, List.of(first, second), List.of(firstOut, secondOut));
        assertThat(firstOut.idle).isZero();
        assertThat(secondOut.idle).isZero();
        // The first resumes; the second's fetch comes 20 s later: it is not idle, so nothing it holds is late.
        run(Duration.ofSeconds(20), first, List.of(second), List.of(secondOut));
        assertThat(secondOut.idle).isZero();
        assertThat(secondOut.watermarks).last().isEqualTo(100_000L - 30_000 - 1);
    }

    @Test
    void aBackPressuredPartitionDoesNotGoIdleBecauseItsActivityClockStandsStill() {
        EnvelopeWatermarks busy = generator(Duration.ofSeconds(10), Duration.ofSeconds(5));
        EnvelopeWatermarks g = generator(Duration.ofSeconds(10), Duration.ofSeconds(5));
        Recorder out = new Recorder();
        g.onEvent(metric(100_000), 100_000, out);
        for (int i = 0; i < 500; i++) {
            wall.advanceTime(Duration.ofMillis(200)); // wall time passes, the activity clock does not
            busy.onEvent(metric(100_000), 100_000, new Recorder());
            busy.onPeriodicEmit(new Recorder());
            g.onPeriodicEmit(out);
        }
        assertThat(out.idle).isZero();
    }

    @Test
    void anEmptyPartitionGoesIdleAfterAShortBurstElsewhereThatThenStops() {
        // Two seconds of records on one partition, then nothing: the empty one must not hold their results back.
        EnvelopeWatermarks busy = generator(Duration.ofMinutes(1), Duration.ofSeconds(5));
        EnvelopeWatermarks empty = generator(Duration.ofMinutes(1), Duration.ofSeconds(5));
        Recorder out = new Recorder();
        run(Duration.ofSeconds(2), busy, List.of(empty), List.of(out));
        run(Duration.ofSeconds(10), null, List.of(empty), List.of(out));
        assertThat(out.idle).isEqualTo(1);
    }
}
