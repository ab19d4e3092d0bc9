package dev.vigil.jobs.functions;

import dev.vigil.jobs.types.Envelope;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

import java.time.Duration;

/**
 * Bounded out-of-orderness with idleness, where records without event time (dead letters) neither move
 * the watermark nor count as activity. With Flink's stock idleness wrapper, a partition that carries only
 * unreadable records would count as active forever and hold every downstream event-time timer back.
 */
public final class EnvelopeWatermarks implements WatermarkGenerator<Envelope> {
    private final long outOfOrderness;
    private final long idleNanos;
    private long maxTimestamp;
    private long lastEventNanos;
    private boolean idle;

    public EnvelopeWatermarks(Duration outOfOrderness, Duration idleness) {
        this.outOfOrderness = outOfOrderness.toMillis();
        this.idleNanos = idleness.toNanos();
        this.maxTimestamp = Long.MIN_VALUE + this.outOfOrderness + 1;
        this.lastEventNanos = System.nanoTime();
    }

    @Override
    public void onEvent(Envelope event, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp == Envelope.NO_EVENT_TIME) {
            return;
        }
        maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
        lastEventNanos = System.nanoTime();
        idle = false;
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (!idle && System.nanoTime() - lastEventNanos > idleNanos) {
            idle = true;
            output.markIdle();
            return;
        }
        if (!idle) {
            output.emitWatermark(new Watermark(maxTimestamp - outOfOrderness - 1));
        }
    }
}
