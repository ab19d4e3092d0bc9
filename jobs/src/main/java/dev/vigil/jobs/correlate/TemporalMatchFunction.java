package dev.vigil.jobs.correlate;

import dev.vigil.correlate.CorrelationInput;
import dev.vigil.correlate.CorrelationMatch;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a CEP match of a temporal correlation into a {@link CorrelationMatch} with its events in time order. */
public final class TemporalMatchFunction extends PatternProcessFunction<CorrelationInput, CorrelationMatch> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processMatch(Map<String, List<CorrelationInput>> match, Context ctx, Collector<CorrelationMatch> out) {
        List<CorrelationInput> events = new ArrayList<>();
        for (List<CorrelationInput> part : match.values()) {
            events.addAll(part);
        }
        events.sort((a, b) -> Long.compare(a.time(), b.time()));
        List<String> evidence = new ArrayList<>(events.size());
        for (CorrelationInput e : events) {
            evidence.add(e.eventId() + " " + e.summary());
        }
        CorrelationInput first = events.get(0);
        CorrelationInput last = events.get(events.size() - 1);
        out.collect(new CorrelationMatch(first.correlation(), first.groupKey(), last.time(), first.time(),
                events.size(), events.size(), evidence));
    }
}
