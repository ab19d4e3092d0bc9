package dev.vigil.jobs.ingest;

import dev.vigil.jobs.Streams;
import dev.vigil.jobs.VigilJob;
import dev.vigil.jobs.VigilTags;
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
 * The first stage: splits what the sources decoded by kind, and writes what cannot be analysed, dead
 * letters (history {@code dead_letters} and the extra dead-letter outputs) and gaps (history {@code gaps}).
 * It has no settings: every envelope is split the same way.
 */
public final class IngestStage {
    /**
     * The events by kind.
     *
     * @param events   every decoded event, of all three kinds, as it came in (for history {@code events})
     * @param metrics  metric samples
     * @param logs     log records
     * @param security security events
     * @param gaps     Kafka records deleted before they were read
     */
    public record Output(DataStream<Envelope> events, DataStream<MetricSample> metrics, DataStream<LogRecord> logs,
            DataStream<SecurityEvent> security, DataStream<Gap> gaps) {}

    private IngestStage() {}

    /**
     * @param otherDeadLetters dead letters of the job's other inputs (control lines that were not messages),
     *                         written with the sources' own
     */
    public static Output build(DataStream<Envelope> envelopes, List<DataStream<DeadLetter>> otherDeadLetters, VigilJob.Sinks sinks) {
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

        return new Output(split, split.getSideOutput(VigilTags.METRICS), split.getSideOutput(VigilTags.LOGS),
                split.getSideOutput(VigilTags.SECURITY), gaps);
    }
}
