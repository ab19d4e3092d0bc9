package dev.vigil.jobs.cli;

import dev.vigil.jobs.logs.MineTemplates;
import dev.vigil.jobs.VigilTags;
import dev.vigil.jobs.logs.TemplateSighting;
import dev.vigil.logs.LogCategories;
import dev.vigil.logs.MinerSettings;
import dev.vigil.model.LogRecord;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code vigil train log-categories}: a site's labelled templates make a model the miner uses. */
class TrainLogCategoriesCommandTest {
    @TempDir
    Path dir;

    @Test
    void aSitesLabelledTemplatesTrainAModelThatTheMinerUses() throws Exception {
        Path csv = dir.resolve("site.csv");
        // A made-up device whose failures no rule and no bundled row know: the site labels them hardware.
        Files.write(csv, List.of("category,template",
                "hardware,frobnicator <*> jammed in bay <*>",
                "hardware,frobnicator <*> overheated in bay <*>",
                "hardware,frobnicator <*> jammed again",
                "other,widget <*> delivered to bay <*>",
                "other,widget <*> queued",
                "other,widget <*> delivered"));
        Path model = dir.resolve("site.tribuo");
        int code = new CommandLine(new VigilCli()).execute("train", "log-categories", "--labelled", csv.toString(), "--out", model.toString());
        assertThat(code).isZero();
        LogCategories trained = LogCategories.read(model);
        assertThat(trained.categorise("frobnicator <*> jammed in bay <*>")).isEqualTo("hardware");
        assertThat(LogCategories.bundled().categorise("frobnicator <*> jammed in bay <*>")).isEqualTo("other");

        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new MineTemplates(MinerSettings.defaults(), Files.readAllBytes(model))), new MineTemplates.ByApp(), Types.STRING)) {
            h.open();
            h.processElement(new StreamRecord<>(new LogRecord(0, "plant-1", "frobd", 7, "err", "frobnicator F12 jammed in bay 4", Map.of()), 0));
            assertThat(h.getSideOutput(VigilTags.TEMPLATE_SIGHTINGS)).extracting(r -> ((TemplateSighting) r.getValue()).category())
                    .containsExactly("hardware");
        }
    }

    @Test
    void aBadLabelledFileIsRefusedNamingTheLine() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.write(csv, List.of("category,template", "hardware,fan <*> failed", "broken,fan <*> noisy"));
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new VigilCli());
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("train", "log-categories", "--labelled", csv.toString(), "--out", dir.resolve("m.tribuo").toString());
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("bad.csv line 3: category 'broken' is not one of");
        assertThat(dir.resolve("m.tribuo")).doesNotExist();
    }
}
