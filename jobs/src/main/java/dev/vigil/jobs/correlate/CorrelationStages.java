package dev.vigil.jobs.correlate;

import dev.vigil.correlate.ControlMessage;
import dev.vigil.correlate.CorrelationInput;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import dev.vigil.correlate.CorrelationMatch;
import dev.vigil.correlate.Incident;
import dev.vigil.correlate.SigmaRules;
import dev.vigil.jobs.Streams;
import dev.vigil.jobs.history.LateEvents;
import dev.vigil.jobs.logs.LogEnvelopes;
import dev.vigil.jobs.ingest.SecurityEnvelopes;
import dev.vigil.model.LogRecord;
import dev.vigil.model.SecurityEvent;
import dev.vigil.jobs.ingest.Envelope;
import dev.vigil.jobs.history.LateEvent;
import org.apache.flink.util.OutputTag;
import dev.vigil.sigma.CorrelationRule;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.CEP;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a Sigma rule set onto Flink: detection on every log record and security event, then one stage per
 * depth of correlation chains. A stage runs the count and value correlations of its depth in one keyed
 * sliding-window operator and each temporal correlation as its own CEP pattern; their matches go
 * through the suppression operator, which emits incidents; opened incidents feed the next stage.
 */
public final class CorrelationStages {
    /** The incidents of every stage, and the inputs that arrived too late for their window. */
    public record Output(DataStream<Incident> incidents, DataStream<LateEvent> late) {}

    private CorrelationStages() {}

    /**
     * @param logs              log records and
     * @param security          security events: the two kinds Sigma detection evaluates (it skips metric samples)
     * @param firstStageMatches matches of detectors outside Sigma (the exfiltration baseline over metrics),
     *                          joined to the first stage's; may be empty
     */
    public static Output build(DataStream<LogRecord> logs, DataStream<SecurityEvent> security, DataStream<ControlMessage> controlMessages,
                               List<DataStream<CorrelationMatch>> firstStageMatches, RuleSettings settings) {
        SigmaRules rules = settings.compileStrict();
        BroadcastStream<ControlMessage> control = controlMessages.broadcast(Control.STATE);
        DataStream<Envelope> events = logs.map(new LogEnvelopes()).name("sigma: logs")
                .union(security.map(new SecurityEnvelopes()).name("sigma: security events"));
        DataStream<CorrelationInput> detected = events.connect(control)
                .process(new SigmaDetect(settings)).name("sigma detection").uid("sigma-detection");
        List<DataStream<Incident>> incidents = new ArrayList<>();
        List<DataStream<LateEvent>> late = new ArrayList<>();
        List<DataStream<CorrelationInput>> inputs = new ArrayList<>(List.of(detected));
        for (int depth = 1; depth <= rules.maxDepth(); depth++) {
            DataStream<CorrelationInput> atDepth = Streams.union(inputs);
            SingleOutputStreamOperator<CorrelationMatch> windows = atDepth
                    .filter(new Keys.WindowInputs(depth)).name("count and value correlations, depth " + depth)
                    .keyBy(new Keys.InputKey())
                    .connect(control)
                    .process(new CorrelationWindowFunction(settings))
                    .name("sliding windows, depth " + depth).uid("correlation-windows-" + depth);
            List<DataStream<CorrelationMatch>> matches = new ArrayList<>(List.of(windows));
            if (depth == 1) {
                matches.addAll(firstStageMatches);
            }
            late.add(windows.getSideOutput(CorrelationWindowFunction.LATE)
                    .map(new LateEvents.FromInput("correlation windows")).name("late: windows, depth " + depth));
            for (CorrelationRule c : temporalAt(rules, depth)) {
                OutputTag<CorrelationInput> lateTag = new OutputTag<>("late-" + c.id(), TypeInformation.of(CorrelationInput.class));
                SingleOutputStreamOperator<CorrelationMatch> cep = CEP.pattern(
                                atDepth.filter(new Keys.OfCorrelation(c.id())).name("inputs of " + c.id()).keyBy(new Keys.InputKey()),
                                TemporalPatterns.of(c))
                        .sideOutputLateData(lateTag)
                        .process(new TemporalMatchFunction(), TypeInformation.of(CorrelationMatch.class))
                        .name("cep: " + c.title()).uid("cep-" + c.id());
                matches.add(cep);
                late.add(cep.getSideOutput(lateTag).map(new LateEvents.FromInput("cep: " + c.title())).name("late: cep " + c.id()));
            }
            SingleOutputStreamOperator<Incident> stage = Streams.union(matches).keyBy(new Keys.MatchKey())
                    .connect(control)
                    .process(new IncidentFunction(settings)).name("incidents, depth " + depth).uid("incidents-" + depth);
            incidents.add(stage);
            if (depth < rules.maxDepth()) {
                // Inputs for every later depth: a correlation may refer to rules of several depths below it.
                inputs.add(stage.getSideOutput(IncidentFunction.CHAIN)
                        .flatMap(new IncidentInputs(settings)).name("chain, depth " + depth).uid("chain-" + depth));
            }
        }
        return new Output(Streams.union(incidents), Streams.union(late));
    }

    private static List<CorrelationRule> temporalAt(SigmaRules rules, int depth) {
        List<CorrelationRule> out = new ArrayList<>();
        for (CorrelationRule c : rules.loaded().correlations()) {
            if (c.temporal() && rules.depth(c.id()) == depth) {
                out.add(c);
            }
        }
        return out;
    }
}
