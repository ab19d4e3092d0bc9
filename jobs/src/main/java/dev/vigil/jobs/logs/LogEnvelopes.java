package dev.vigil.jobs.logs;

import dev.vigil.jobs.ingest.Envelope;
import dev.vigil.model.LogRecord;
import org.apache.flink.api.common.functions.MapFunction;

/** Mined log records back into envelopes, for history {@code events}. */
public final class LogEnvelopes implements MapFunction<LogRecord, Envelope> {
    private static final long serialVersionUID = 1L;

    @Override
    public Envelope map(LogRecord log) {
        return Envelope.of(log);
    }
}
