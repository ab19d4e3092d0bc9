package dev.vigil.jobs.ingest;

import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

import java.time.Duration;

/** Event time of envelopes; dead letters carry none and never move the watermark. */
public final class EnvelopeTimestamps implements SerializableTimestampAssigner<Envelope> {
    private static final long serialVersionUID = 1L;

    @Override
    public long extractTimestamp(Envelope e, long recordTimestamp) {
        return e.eventTime();
    }

    /** Bounded out-of-orderness with idleness, the strategy of every Vigil source (see {@link EnvelopeWatermarks}). */
    public static WatermarkStrategy<Envelope> strategy(Duration outOfOrderness, Duration idleness, Duration emptyIdleness) {
        return WatermarkStrategy.<Envelope>forGenerator(
                        context -> new EnvelopeWatermarks(outOfOrderness, idleness, emptyIdleness, context.getInputActivityClock()))
                .withTimestampAssigner(new EnvelopeTimestamps());
    }

    /**
     * The strategy of the Kafka sources: {@link #strategy} with watermark alignment across every partition
     * of every stream, so that during a catch-up a partition whose event time runs more than
     * {@code maxDrift} ahead of the slowest one is paused (backpressure) instead of its records waiting in
     * every event-time operator's state until the slowest catches up. Idle partitions do not count.
     */
    public static WatermarkStrategy<Envelope> aligned(Duration outOfOrderness, Duration idleness, Duration emptyIdleness,
                                                      Duration maxDrift) {
        return strategy(outOfOrderness, idleness, emptyIdleness)
                .withWatermarkAlignment("vigil-ingest", maxDrift, Duration.ofSeconds(1));
    }
}
