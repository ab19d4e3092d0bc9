package dev.vigil.jobs.ingest;

import dev.vigil.jobs.Streams;
import dev.vigil.jobs.VigilJob;
import dev.vigil.jobs.VigilTags;
import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.config.VigilOptions;
import dev.vigil.model.DeadLetter;
import dev.vigil.model.Gap;
import dev.vigil.model.LogRecord;
import dev.vigil.model.MetricSample;
import dev.vigil.model.SecurityEvent;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import java.util.ArrayList;
import java.util.List;

/**
 * The first stage: splits what the sources decoded by kind, assembles audit records into the events they
 * make ({@link AssembleAuditEvents}: process_exec with its parent, file_changed; written to history
 * {@code events} and added to the security events), and writes what cannot be analysed, dead letters
 * (history {@code dead_letters} and the extra dead-letter outputs) and gaps (history {@code gaps}).
 */
public final class IngestStage {
    /**
     * @param auditProcessesPerHost the auditd process table's cap per host ({@code ingest.auditd.processes-per-host})
     * @param auditProcessTtlMs     how long an unseen process stays in it ({@code ingest.auditd.process-ttl})
     */
    public record Settings(int auditProcessesPerHost, long auditProcessTtlMs) {
        public static Settings of(VigilConfig c) {
            return new Settings(c.get(VigilOptions.AUDIT_PROCESSES_PER_HOST), c.get(VigilOptions.AUDIT_PROCESS_TTL).toMillis());
        }
    }

    /**
     * The events by kind.
     *
     * @param events   every decoded event, of all three kinds, as it came in (for history {@code events})
     * @param metrics  metric samples
     * @param logs     log records
     * @param security security events, with those assembled from audit records
     * @param gaps     Kafka records deleted before they were read
     */
    public record Output(DataStream<Envelope> events, DataStream<MetricSample> metrics, DataStream<LogRecord> logs,
            DataStream<SecurityEvent> security, DataStream<Gap> gaps) {}

    private IngestStage() {}

    /**
     * @param otherDeadLetters dead letters of the job's other inputs (control lines that were not messages),
     *                         written with the sources' own
     */
    public static Output build(DataStream<Envelope> envelopes, List<DataStream<DeadLetter>> otherDeadLetters, Settings s,
            VigilJob.Sinks sinks) {
        SingleOutputStreamOperator<Envelope> split = envelopes
                .process(new SplitEnvelopes()).name("split by kind").uid("split-by-kind");

        List<DataStream<DeadLetter>> all = new ArrayList<>();
        all.add(split.getSideOutput(VigilTags.DEAD_LETTERS));
        all.addAll(otherDeadLetters);
        DataStream<DeadLetter> deadLetters = Streams.union(all);
        deadLetters.sinkTo(sinks.deadLetters()).name("history: dead_letters").uid("history-dead-letters");
        for (VigilJob.Named<DeadLetter> out : sinks.deadLetterOutputs()) {
            deadLetters.sinkTo(out.sink()).name("dead letters: " + out.name()).uid("dead-letters-" + out.name());
        }
        DataStream<Gap> gaps = split.getSideOutput(VigilTags.GAPS);
        gaps.sinkTo(sinks.gaps()).name("history: gaps").uid("history-gaps");

        DataStream<SecurityEvent> security = split.getSideOutput(VigilTags.SECURITY);
        SingleOutputStreamOperator<SecurityEvent> audit = security
                .filter(new AuditRecords()).name("audit records")
                .keyBy(new AuditRecords.ByHost())
                .process(new AssembleAuditEvents(s.auditProcessesPerHost(), s.auditProcessTtlMs()))
                .name("audit events").uid("audit-events");
        audit.map(new SecurityEnvelopes()).name("events: audit events")
                .sinkTo(sinks.auditEvents()).name("history: events (audit events)").uid("history-events-audit");

        return new Output(split, split.getSideOutput(VigilTags.METRICS), split.getSideOutput(VigilTags.LOGS),
                security.union(audit), gaps);
    }
}
