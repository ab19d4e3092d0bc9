package dev.vigil.jobs.sources;

import dev.vigil.decode.RecordDecoder;
import dev.vigil.jobs.types.Envelope;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.LogRecord;
import dev.vigil.model.MetricSample;
import dev.vigil.model.SecurityEvent;
import org.apache.flink.util.Collector;

/**
 * Adapts a decoder's output to a Flink collector of envelopes. One instance per task, pointed at the
 * current collector for each record, so decoding allocates no adapter per record.
 */
public final class EnvelopeOutput implements RecordDecoder.Output {
    private Collector<Envelope> out;

    public EnvelopeOutput to(Collector<Envelope> collector) {
        this.out = collector;
        return this;
    }

    @Override
    public void metric(MetricSample sample) {
        out.collect(Envelope.of(sample));
    }

    @Override
    public void log(LogRecord record) {
        out.collect(Envelope.of(record));
    }

    @Override
    public void security(SecurityEvent event) {
        out.collect(Envelope.of(event));
    }

    @Override
    public void deadLetter(DeadLetter deadLetter) {
        out.collect(Envelope.of(deadLetter));
    }
}
