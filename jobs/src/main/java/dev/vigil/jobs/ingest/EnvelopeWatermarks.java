package dev.vigil.jobs.ingest;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.RelativeClock;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Bounded out-of-orderness with idleness, per Kafka partition, where records without event time (dead
 * letters, gaps) neither move the watermark nor count as activity. With Flink's stock idleness wrapper, a
 * partition that carries only unreadable records would count as active forever and hold every downstream
 * event-time timer back.
 *
 * <p><b>Idle means silent while other partitions deliver.</b> A partition's silence only counts while
 * some other partition of the job (in this TaskManager) has delivered events within the last
 * {@code emptyIdleness} (so a short burst elsewhere that then stops still lets an empty partition go
 * idle and the burst's results out), and only on the source's
 * input activity clock, which stands still while the source is back-pressured or paused for watermark
 * alignment. So when nothing is delivered at all (the broker is down, a restart has not fetched yet, the
 * job cannot keep up), no partition goes idle, and when delivery resumes none has been declared idle in
 * the meantime: declaring one idle then would let the others race ahead during the catch-up and make its
 * backlog late. A partition that has carried no event since this generator started (an empty topic)
 * goes idle after {@code emptyIdleness} of such silence, which is short: while it holds the watermark
 * back, every event-time operator downstream buffers what the others deliver, and during a catch-up that
 * is the whole backlog (issue 20). A partition that did carry events goes idle after {@code idleness}.
 *
 * <p><b>No watermark beyond the wall clock.</b> Event time counts toward the watermark only up to the
 * wall clock plus the out-of-orderness: one record from a host whose clock runs hours ahead (accepted up
 * to {@code ingest.max-future}) would otherwise move its partition's watermark hours ahead, where
 * watermark alignment would pause the partition until the others caught up with the bad clock.
 */
public final class EnvelopeWatermarks implements WatermarkGenerator<Envelope> {
    /** When some partition of the job last delivered events: shared by the generators of one TaskManager and job. */
    public static final class Activity {
        private final AtomicLong lastDelivery = new AtomicLong(Long.MIN_VALUE / 2);

        void delivered(long nowNanos) {
            lastDelivery.accumulateAndGet(nowNanos, Math::max);
        }

        boolean othersDelivered(long nowNanos, long withinNanos) {
            return nowNanos - lastDelivery.get() <= withinNanos;
        }
    }

    /** One per job class loader, hence per job and TaskManager. */
    static final Activity SHARED = new Activity();

    private final long outOfOrderness;
    private final long idleNanos;
    private final long emptyIdleNanos;
    private final RelativeClock activityClock;
    private final LongSupplier wallNanos;
    private final LongSupplier wallMillis;
    private final Activity activity;
    private long maxTimestamp;
    private long lastEmitActivityNanos;
    private long silentNanos;
    private boolean eventSinceEmit;
    private boolean seenEvent;
    private boolean idle;

    public EnvelopeWatermarks(Duration outOfOrderness, Duration idleness, Duration emptyIdleness, RelativeClock activityClock) {
        this(outOfOrderness, idleness, emptyIdleness, activityClock, System::nanoTime, System::currentTimeMillis, SHARED);
    }

    EnvelopeWatermarks(Duration outOfOrderness, Duration idleness, Duration emptyIdleness, RelativeClock activityClock,
                       LongSupplier wallNanos, LongSupplier wallMillis, Activity activity) {
        this.outOfOrderness = outOfOrderness.toMillis();
        this.idleNanos = idleness.toNanos();
        this.emptyIdleNanos = Math.min(emptyIdleness.toNanos(), idleNanos);
        this.activityClock = activityClock;
        this.wallNanos = wallNanos;
        this.wallMillis = wallMillis;
        this.activity = activity;
        this.maxTimestamp = Long.MIN_VALUE + this.outOfOrderness + 1;
        this.lastEmitActivityNanos = activityClock.relativeTimeNanos();
    }

    @Override
    public void onEvent(Envelope event, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp == Envelope.NO_EVENT_TIME) {
            return;
        }
        if (eventTimestamp > maxTimestamp) {
            maxTimestamp = Math.min(eventTimestamp, wallMillis.getAsLong() + outOfOrderness);
        }
        eventSinceEmit = true;
        seenEvent = true;
        idle = false;
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = activityClock.relativeTimeNanos();
        long elapsed = now - lastEmitActivityNanos;
        lastEmitActivityNanos = now;
        long wall = wallNanos.getAsLong();
        if (eventSinceEmit) {
            eventSinceEmit = false;
            silentNanos = 0;
            activity.delivered(wall);
        } else if (activity.othersDelivered(wall, emptyIdleNanos)) {
            silentNanos += elapsed;
        }
        if (!idle && silentNanos > (seenEvent ? idleNanos : emptyIdleNanos)) {
            idle = true;
            output.markIdle();
            return;
        }
        if (!idle) {
            output.emitWatermark(new Watermark(maxTimestamp - outOfOrderness - 1));
        }
    }
}
