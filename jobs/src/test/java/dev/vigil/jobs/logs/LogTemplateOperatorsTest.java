package dev.vigil.jobs.logs;

import dev.vigil.jobs.VigilTags;

import dev.vigil.alert.Alert;
import dev.vigil.logs.LogAnomaly;
import dev.vigil.logs.MinerSettings;
import dev.vigil.logs.TemplateActivity;
import dev.vigil.logs.TemplateWindow;
import dev.vigil.model.LogRecord;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LogTemplateOperatorsTest {
    private static final long MIN = 60_000L;
    private static final TemplateActivity.Settings SETTINGS = new TemplateActivity.Settings(10 * MIN, 30 * MIN, 5.0, 5, 0.1, 100, 60 * MIN);

    private static LogRecord line(long t, String host, String app, String message) {
        return new LogRecord(t, host, app, 42, "err", message, Map.of());
    }

    @Test
    void linesOfOneTemplateCarryOneIdAndTheirCategory() throws Exception {
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new MineTemplates(MinerSettings.defaults())),
                new MineTemplates.ByApp(), Types.STRING)) {
            h.open();
            h.processElement(new StreamRecord<>(line(0, "web-1", "kernel", "Out of memory: Killed process 311 (java)"), 0));
            h.processElement(new StreamRecord<>(line(1, "web-2", "kernel", "Out of memory: Killed process 977 (java)"), 1));
            h.processElement(new StreamRecord<>(line(2, "web-2", "sshd", "Connection closed by 10.0.0.9 [preauth]"), 2));
            List<LogRecord> out = h.extractOutputValues();
            assertThat(out).extracting(LogRecord::templateId).doesNotContainNull();
            assertThat(out.get(0).templateId()).isEqualTo(out.get(1).templateId()).isNotEqualTo(out.get(2).templateId());
            List<TemplateSighting> sightings = h.getSideOutput(VigilTags.TEMPLATE_SIGHTINGS).stream().map(StreamRecord::getValue).toList();
            assertThat(sightings).extracting(TemplateSighting::category).containsExactly("oom", "oom", "other");
            assertThat(sightings.get(0).template()).isEqualTo("Out of memory: Killed process <*> (java)");
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, LogRecord, LogRecord> miner(MinerSettings settings) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new MineTemplates(settings)),
                new MineTemplates.ByApp(), Types.STRING);
    }

    @Test
    void changedMinerSettingsTakeEffectAfterARestoreAndUnchangedTemplatesKeepTheirIds() throws Exception {
        String oom = "Out of memory: Killed process 311 (java)";
        String login = "session opened for user alice by deploy";
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
        String oomId;
        try (var h = miner(MinerSettings.defaults())) {
            h.open();
            h.processElement(new StreamRecord<>(line(0, "web-1", "app", oom), 0));
            h.processElement(new StreamRecord<>(line(1, "web-1", "app", login), 1));
            oomId = h.extractOutputValues().get(0).templateId();
            snapshot = h.snapshot(1, 1);
        }
        try (var h = miner(MinerSettings.defaults().withMasks(List.of("user \\w+")))) {
            h.initializeState(snapshot);
            h.open();
            h.processElement(new StreamRecord<>(line(2, "web-1", "app", oom), 2));
            h.processElement(new StreamRecord<>(line(3, "web-1", "app", login), 3));
            assertThat(h.extractOutputValues().get(0).templateId()).isEqualTo(oomId);
            assertThat(h.getSideOutput(VigilTags.TEMPLATE_SIGHTINGS)).extracting(r -> ((TemplateSighting) r.getValue()).template())
                    .containsExactly("Out of memory: Killed process <*> (java)", "session opened for <*> by deploy");
        }
    }

    @Test
    void aMasksFileSkipsCommentsAndRefusesABadRegexNamingItsLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("masks.txt");
        java.nio.file.Files.write(file, List.of("# order ids", "ORD-\\d+", "", "  sess=[0-9a-f]+  "));
        assertThat(MineTemplates.readMasks(file)).containsExactly("ORD-\\d+", "sess=[0-9a-f]+");
        java.nio.file.Files.write(file, List.of("ORD-\\d+", "(unclosed"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MineTemplates.readMasks(file))
                .hasMessageContaining("masks.txt line 2");
        // Backreferences need backtracking: RE2/J refuses them, so no mask can hang the job.
        java.nio.file.Files.write(file, List.of("(a+)\\1"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MineTemplates.readMasks(file)).hasMessageContaining("line 1");
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, TemplateSighting, TemplateWindow> activity() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new TemplateActivityFunction(SETTINGS, Set.of("disk"), "http://vigil")),
                new TemplateActivityFunction.ByHost(), Types.STRING);
        h.open();
        return h;
    }

    private static void sight(KeyedOneInputStreamOperatorTestHarness<String, TemplateSighting, TemplateWindow> h, long t, String id,
                              String category) throws Exception {
        h.processElement(new StreamRecord<>(new TemplateSighting(t, "db-1", "kernel", id, "template " + id, category), t));
    }

    @Test
    void countsPerWindowNewTemplatesAndRateJumpsThenForgetsIdleTemplates() throws Exception {
        try (var h = activity()) {
            // an hour of one disk error per window: the baseline
            for (int w = 0; w < 6; w++) {
                sight(h, w * 10 * MIN + MIN, "io", "disk");
            }
            // after the host's first 30 minutes, a template never seen before is new at once
            sight(h, 45 * MIN, "fresh", "other");
            // out of order within the window still counts in it
            for (int i = 0; i < 8; i++) {
                sight(h, 69 * MIN - i * MIN, "io", "disk");
            }
            h.processWatermark(70 * MIN);
            List<LogAnomaly> anomalies = h.getSideOutput(VigilTags.LOG_ANOMALIES).stream().map(StreamRecord::getValue).toList();
            assertThat(anomalies).extracting(LogAnomaly::kind, LogAnomaly::templateId)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("new", "fresh"), org.assertj.core.groups.Tuple.tuple("rate_jump", "io"));
            assertThat(anomalies.get(1).count()).isEqualTo(8);
            assertThat(anomalies.get(1).baseline()).isEqualTo(1.0);
            List<TemplateWindow> rows = h.extractOutputValues();
            assertThat(rows).filteredOn(r -> r.windowStart() == 60 * MIN).singleElement()
                    .satisfies(r -> assertThat(r.count()).isEqualTo(8));
            List<Alert> alerts = h.getSideOutput(VigilTags.LOG_ANOMALY_ALERTS).stream().map(StreamRecord::getValue).toList();
            assertThat(alerts).singleElement().satisfies(a -> assertThat(a.labels()).containsEntry("category", "disk")
                    .containsEntry("alertname", "LogAnomaly"));
            // a host that stops logging: only the idle sweep's timer is left, and a day later state and timers are gone
            assertThat(h.numEventTimeTimers()).isEqualTo(1);
            h.processWatermark(24 * 60 * MIN);
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }
}
