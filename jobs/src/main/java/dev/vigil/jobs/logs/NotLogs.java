package dev.vigil.jobs.logs;

import dev.vigil.jobs.ingest.Envelope;
import org.apache.flink.api.common.functions.FilterFunction;

/** Metric samples and security events: the events that reach history without passing the template miner. */
public final class NotLogs implements FilterFunction<Envelope> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean filter(Envelope e) {
        return e.log() == null;
    }
}
