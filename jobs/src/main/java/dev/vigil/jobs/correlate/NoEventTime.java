package dev.vigil.jobs.correlate;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Passes records on but no event time: it swallows watermarks and declares its output idle, so the
 * operators this stream is connected to take event time from their other input alone. Needed for the
 * control stream: its initial part is bounded, and a finished input sends the end-of-input watermark,
 * which would otherwise carry a two-input operator to the end of time whenever its event input is idle,
 * making every later event late.
 */
public final class NoEventTime<T> extends AbstractStreamOperator<T> implements OneInputStreamOperator<T, T> {
    private static final long serialVersionUID = 1L;

    @Override
    public void open() throws Exception {
        super.open();
        output.emitWatermarkStatus(WatermarkStatus.IDLE);
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        output.collect(element);
    }

    @Override
    public void processWatermark(Watermark mark) {
        // Control messages carry no event time.
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus watermarkStatus) {
        // Stays idle.
    }
}
