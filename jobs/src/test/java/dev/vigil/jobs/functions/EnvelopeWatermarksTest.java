package dev.vigil.jobs.functions;

import dev.vigil.jobs.types.Envelope;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.MetricSample;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
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
        EnvelopeWatermarks g = new EnvelopeWatermarks(Duration.ofSeconds(30), Duration.ofHours(1));
        Recorder out = new Recorder();
        g.onEvent(metric(100_000), 100_000, out);
        g.onEvent(metric(40_000), 40_000, out);
        g.onEvent(DEAD, Envelope.NO_EVENT_TIME, out);
        g.onPeriodicEmit(out);
        assertThat(out.watermarks).containsExactly(100_000L - 30_000 - 1);
    }

    @Test
    void aPartitionWithOnlyDeadLettersGoesIdle() throws Exception {
        EnvelopeWatermarks g = new EnvelopeWatermarks(Duration.ofSeconds(30), Duration.ofMillis(50));
        Recorder out = new Recorder();
        g.onEvent(metric(100_000), 100_000, out);
        Thread.sleep(120);
        g.onEvent(DEAD, Envelope.NO_EVENT_TIME, out);
        g.onPeriodicEmit(out);
        assertThat(out.idle).isEqualTo(1);
        g.onEvent(metric(200_000), 200_000, out);
        g.onPeriodicEmit(out);
        assertThat(out.watermarks).last().isEqualTo(200_000L - 30_000 - 1);
    }
}
