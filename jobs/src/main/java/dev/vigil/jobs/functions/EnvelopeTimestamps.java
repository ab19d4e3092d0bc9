package dev.vigil.jobs.functions;

import dev.vigil.jobs.types.Envelope;
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
    public static WatermarkStrategy<Envelope> strategy(Duration outOfOrderness, Duration idleness) {
        return WatermarkStrategy.<Envelope>forGenerator(context -> new EnvelopeWatermarks(outOfOrderness, idleness))
                .withTimestampAssigner(new EnvelopeTimestamps());
    }
}
