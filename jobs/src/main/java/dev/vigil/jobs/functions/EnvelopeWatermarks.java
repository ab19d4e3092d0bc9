package dev.vigil.jobs.functions;

import dev.vigil.jobs.types.Envelope;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.RelativeClock;

import java.time.Duration;

/**
 * Bounded out-of-orderness with idleness, where records without event time (dead letters, gaps) neither
 * move the watermark nor count as activity. With Flink's stock idleness wrapper, a partition that carries
 * only unreadable records would count as active forever and hold every downstream event-time timer back.
 *
 * <p>A partition that has carried no event since this generator started (an empty topic, or one nobody
 * has written to since a restore) goes idle after {@code emptyIdleness}, which is short: while it holds
 * the watermark back, every event-time operator downstream buffers what the other partitions deliver,
 * and during a catch-up that is the whole backlog (issue 20: a 60 s hold during a catch-up ran a 2 GB
 * TaskManager out of heap). A partition that did carry events goes idle after the longer
 * {@code idleness}, so a momentary lull does not make its next records late.
 *
 * <p>Time is the source's input activity clock, which stands still while the source is back-pressured or
 * paused for watermark alignment: a partition is idle when it has nothing to give, not when the job
 * cannot take it.
 */
public final class EnvelopeWatermarks implements WatermarkGenerator<Envelope> {
    private final long outOfOrderness;
    private final long idleNanos;
    private final long emptyIdleNanos;
    private final RelativeClock clock;
    private long maxTimestamp;
    private long lastEventNanos;
    private boolean seenEvent;
    private boolean idle;

    public EnvelopeWatermarks(Duration outOfOrderness, Duration idleness, Duration emptyIdleness, RelativeClock clock) {
        this.outOfOrderness = outOfOrderness.toMillis();
        this.idleNanos = idleness.toNanos();
        this.emptyIdleNanos = Math.min(emptyIdleness.toNanos(), idleNanos);
        this.clock = clock;
        this.maxTimestamp = Long.MIN_VALUE + this.outOfOrderness + 1;
        this.lastEventNanos = clock.relativeTimeNanos();
    }

    @Override
    public void onEvent(Envelope event, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp == Envelope.NO_EVENT_TIME) {
            return;
        }
        maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
        lastEventNanos = clock.relativeTimeNanos();
        seenEvent = true;
        idle = false;
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (!idle && clock.relativeTimeNanos() - lastEventNanos > (seenEvent ? idleNanos : emptyIdleNanos)) {
            idle = true;
            output.markIdle();
            return;
        }
        if (!idle) {
            output.emitWatermark(new Watermark(maxTimestamp - outOfOrderness - 1));
        }
    }
}
