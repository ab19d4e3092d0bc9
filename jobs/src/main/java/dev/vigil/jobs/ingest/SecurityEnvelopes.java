package dev.vigil.jobs.ingest;

import dev.vigil.model.SecurityEvent;
import org.apache.flink.api.common.functions.MapFunction;

/** Security events back into envelopes, so they join the log records on one input of Sigma detection. */
public final class SecurityEnvelopes implements MapFunction<SecurityEvent, Envelope> {
    private static final long serialVersionUID = 1L;

    @Override
    public Envelope map(SecurityEvent event) {
        return Envelope.of(event);
    }
}
