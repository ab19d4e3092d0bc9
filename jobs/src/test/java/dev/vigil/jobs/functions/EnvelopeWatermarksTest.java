package dev.vigil.jobs.functions;

import dev.vigil.jobs.types.Envelope;
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

    @Test
    void watermarkTrailsTheNewestEventByTheBoundAndIgnoresDeadLetters() {
        EnvelopeWatermarks g = new EnvelopeWatermarks(Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofSeconds(5), clock);
        Recorder out = new Recorder();
        g.onEvent(metric(100_000), 100_000, out);
        g.onEvent(metric(40_000), 40_000, out);
        g.onEvent(DEAD, Envelope.NO_EVENT_TIME, out);
        g.onPeriodicEmit(out);
        assertThat(out.watermarks).containsExactly(100_000L - 30_000 - 1);
    }

    private final ManualClock clock = new ManualClock();

    @Test
    void aPartitionWithOnlyDeadLettersGoesIdle() {
        EnvelopeWatermarks g = new EnvelopeWatermarks(Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofMillis(10), clock);
        Recorder out = new Recorder();
        g.onEvent(metric(100_000), 100_000, out);
        clock.advanceTime(Duration.ofMillis(120));
        g.onEvent(DEAD, Envelope.NO_EVENT_TIME, out);
        g.onPeriodicEmit(out);
        assertThat(out.idle).isEqualTo(1);
        g.onEvent(metric(200_000), 200_000, out);
        g.onPeriodicEmit(out);
        assertThat(out.watermarks).last().isEqualTo(200_000L - 30_000 - 1);
    }

    @Test
    void aPartitionThatNeverCarriedAnEventGoesIdleSoonerThanOneThatFellSilent() {
        EnvelopeWatermarks empty = new EnvelopeWatermarks(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofSeconds(5), clock);
        EnvelopeWatermarks quiet = new EnvelopeWatermarks(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofSeconds(5), clock);
        Recorder emptyOut = new Recorder();
        Recorder quietOut = new Recorder();
        quiet.onEvent(metric(100_000), 100_000, quietOut);
        clock.advanceTime(Duration.ofSeconds(4));
        empty.onPeriodicEmit(emptyOut);
        assertThat(emptyOut.idle).isZero();
        assertThat(emptyOut.watermarks).hasSize(1);
        clock.advanceTime(Duration.ofSeconds(2));
        empty.onPeriodicEmit(emptyOut);
        quiet.onPeriodicEmit(quietOut);
        assertThat(emptyOut.idle).isEqualTo(1);
        assertThat(quietOut.idle).isZero();
        clock.advanceTime(Duration.ofSeconds(55));
        quiet.onPeriodicEmit(quietOut);
        assertThat(quietOut.idle).isEqualTo(1);
        // an event makes the empty partition active again, with its own watermark
        empty.onEvent(metric(50_000), 50_000, emptyOut);
        empty.onPeriodicEmit(emptyOut);
        assertThat(emptyOut.watermarks).last().isEqualTo(50_000L - 30_000 - 1);
    }

    @Test
    void aBackPressuredPartitionDoesNotGoIdleBecauseItsActivityClockStandsStill() {
        // The source's input activity clock does not advance while it is back-pressured or paused for alignment.
        ManualClock activity = new ManualClock();
        EnvelopeWatermarks g = new EnvelopeWatermarks(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofSeconds(5), activity);
        Recorder out = new Recorder();
        for (int i = 0; i < 100; i++) {
            g.onPeriodicEmit(out); // wall time passes, the activity clock does not
        }
        assertThat(out.idle).isZero();
    }
}
