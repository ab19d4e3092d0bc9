package dev.vigil.jobs;

import dev.vigil.jobs.config.VigilConfig;
import dev.vigil.jobs.runtime.LocalFlink;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The stages read their settings when the job is built: a bad value fails the build, naming the option,
 * and the files of a part that is off are not read.
 */
class StageSettingsTest {
    @TempDir
    Path dir;

    private void build(String... overrides) throws Exception {
        List<String> all = new ArrayList<>(List.of("kafka.bootstrap-servers=127.0.0.1:1"));
        all.addAll(List.of(overrides));
        VigilConfig config = VigilConfig.load(null, all);
        StreamExecutionEnvironment env = LocalFlink.environment(1, RuntimeExecutionMode.STREAMING, Duration.ofSeconds(5), null,
                dir.resolve("checkpoints"));
        new VigilJob(Wiring.kafka(config, null), Wiring.sinks(config, dir.resolve("history").toString()), config).build(env);
        assertThat(env.getStreamGraph().getStreamNodes()).isNotEmpty();
    }

    @Test
    void badValuesFailTheBuildNamingTheOption() {
        assertThatThrownBy(() -> build("logs.anomalies.alert-categories=oom,bogus"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("logs.anomalies.alert-categories: unknown category 'bogus'; known: [oom, crash");
        assertThatThrownBy(() -> build("logs.templates.masks-file=" + dir.resolve("missing-masks")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("logs.templates.masks-file: cannot read " + dir.resolve("missing-masks"));
        assertThatThrownBy(() -> build("logs.categories.model=" + dir.resolve("missing-model")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("logs.categories.model: cannot read " + dir.resolve("missing-model"));
        assertThatThrownBy(() -> build("incidents.alert-level=urgent"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("incidents.alert-level must be informational, low, medium, high or critical, was 'urgent'");
        assertThatThrownBy(() -> build("anomaly.calibration=" + dir.resolve("missing-calibration")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("anomaly.calibration: ");
    }

    @Test
    void theFilesOfAPartThatIsOffAreNotRead() {
        assertThatCode(() -> build("logs.templates.enabled=false", "logs.templates.masks-file=" + dir.resolve("missing-masks"),
                "logs.categories.model=" + dir.resolve("missing-model"), "logs.anomalies.alert-categories=bogus",
                "anomaly.enabled=false", "anomaly.calibration=" + dir.resolve("missing-calibration"))).doesNotThrowAnyException();
    }
}
