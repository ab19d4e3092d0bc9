package dev.vigil.jobs.ingest;

import dev.vigil.decode.DeadLetterKinds;
import dev.vigil.decode.RecordDecoder;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.LogRecord;
import dev.vigil.model.MetricSample;
import dev.vigil.model.SecurityEvent;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.util.Collector;

import java.util.HashMap;
import java.util.Map;

/**
 * Adapts a decoder's output to a Flink collector of envelopes. One instance per task, pointed at the
 * current collector for each record, so decoding allocates no adapter per record. It counts what it
 * passes on: rows by kind and dead letters by {@link DeadLetterKinds kind}, as Flink metrics of the
 * decoding operator when it is given a metric group.
 */
public final class EnvelopeOutput implements RecordDecoder.Output {
    private Collector<Envelope> out;
    private final Counter metrics;
    private final Counter logs;
    private final Counter security;
    private final Counter deadLetters;
    private final Map<String, Counter> deadLettersByKind = new HashMap<>();

    /** An output that counts into plain counters (tests, or where no metric group exists). */
    public EnvelopeOutput() {
        this(null);
    }

    /**
     * @param group where the counters are registered ({@code rowsMetric}, {@code rowsLog}, {@code rowsSecurity},
     *              {@code deadLetters} and {@code deadLetters_<kind>}); null: unregistered counters
     */
    public EnvelopeOutput(MetricGroup group) {
        metrics = counter(group, "rowsMetric");
        logs = counter(group, "rowsLog");
        security = counter(group, "rowsSecurity");
        deadLetters = counter(group, "deadLetters");
        for (String kind : DeadLetterKinds.ALL) {
            deadLettersByKind.put(kind, counter(group, "deadLetters_" + kind));
        }
    }

    private static Counter counter(MetricGroup group, String name) {
        return group == null ? new SimpleCounter() : group.counter(name);
    }

    public EnvelopeOutput to(Collector<Envelope> collector) {
        this.out = collector;
        return this;
    }

    @Override
    public void metric(MetricSample sample) {
        metrics.inc();
        out.collect(Envelope.of(sample));
    }

    @Override
    public void log(LogRecord record) {
        logs.inc();
        out.collect(Envelope.of(record));
    }

    @Override
    public void security(SecurityEvent event) {
        security.inc();
        out.collect(Envelope.of(event));
    }

    @Override
    public void deadLetter(DeadLetter deadLetter) {
        deadLetters.inc();
        deadLettersByKind.get(DeadLetterKinds.of(deadLetter.reason())).inc();
        out.collect(Envelope.of(deadLetter));
    }
}
