package dev.vigil.jobs.ingest;

import dev.vigil.jobs.VigilTags;

import dev.vigil.model.DeadLetter;
import dev.vigil.model.LogRecord;
import dev.vigil.model.MetricSample;
import dev.vigil.model.SecurityAction;
import dev.vigil.model.SecurityEvent;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SplitEnvelopesTest {
    @Test
    void eventsGoToHistoryAndTheirKindDeadLettersAndGapsOnlyAside() throws Exception {
        try (OneInputStreamOperatorTestHarness<Envelope, Envelope> h = ProcessFunctionTestHarnesses.forProcessFunction(new SplitEnvelopes())) {
            MetricSample m = new MetricSample(1, "h", "up", 1, Map.of());
            LogRecord l = new LogRecord(2, "h", "app", null, "info", "x", Map.of());
            SecurityEvent s = SecurityEvent.builder(3, "h", SecurityAction.SUDO, "success").build();
            DeadLetter d = new DeadLetter(4, "logs", "auto", "t", 0, 9, "bad", "x", null, 1);
            h.processElement(Envelope.of(m), 1);
            h.processElement(Envelope.of(l), 2);
            h.processElement(Envelope.of(s), 3);
            h.processElement(Envelope.of(d), 4);
            dev.vigil.model.Gap g = new dev.vigil.model.Gap(5, "metrics", "t", 0, 100, 4999, "deleted");
            h.processElement(Envelope.of(g), 5);
            assertThat(h.extractOutputValues()).extracting(Envelope::kind).containsExactly("metric", "log", "security");
            assertThat(h.getSideOutput(VigilTags.METRICS)).extracting(r -> r.getValue()).containsExactly(m);
            assertThat(h.getSideOutput(VigilTags.SECURITY)).extracting(r -> r.getValue()).containsExactly(s);
            assertThat(h.getSideOutput(VigilTags.DEAD_LETTERS)).extracting(r -> r.getValue()).containsExactly(d);
            assertThat(h.getSideOutput(VigilTags.GAPS)).extracting(r -> r.getValue()).containsExactly(g);
        }
    }
}
