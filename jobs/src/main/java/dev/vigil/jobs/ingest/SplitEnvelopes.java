package dev.vigil.jobs.ingest;

import dev.vigil.jobs.VigilTags;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Routes envelopes: every event to the main output (history {@code events}), dead letters to
 * {@link VigilTags#DEAD_LETTERS}, gaps to {@link VigilTags#GAPS}, and each kind to its typed side output for analysis.
 */
public final class SplitEnvelopes extends ProcessFunction<Envelope, Envelope> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(Envelope e, Context ctx, Collector<Envelope> out) {
        if (e.deadLetter() != null) {
            ctx.output(VigilTags.DEAD_LETTERS, e.deadLetter());
            return;
        }
        if (e.gap() != null) {
            ctx.output(VigilTags.GAPS, e.gap());
            return;
        }
        out.collect(e);
        if (e.metric() != null) {
            ctx.output(VigilTags.METRICS, e.metric());
        } else if (e.security() != null) {
            ctx.output(VigilTags.SECURITY, e.security());
        } else if (e.log() != null) {
            ctx.output(VigilTags.LOGS, e.log());
        }
    }
}
