package dev.vigil.anomaly;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ScoreCalibrationTest {
    @TempDir
    Path dir;

    @Test
    void theBundledCalibrationLoadsWithItsProvenance() {
        ScoreCalibration c = ScoreCalibration.bundled();
        assertThat(c.provenance()).containsKeys("trainer", "detector", "shape_model", "samples", "series", "trained_through");
        assertThat(c.provenance().get("detector")).isEqualTo(EnsembleDetector.NAME);
        assertThat(c.provenance().get("shape_model")).isEqualTo(new EnsembleDetector(EnsembleSettings.defaults()).modelProvenanceHash());
        assertThat(c.alertScores()).isNotEmpty().allSatisfy((metric, score) -> assertThat(score).isBetween(0.0, 1.0));
        assertThat(c.hash()).matches("[0-9a-f]{16}");
    }

    @Test
    void aFamilyAlertScoreIsTheQuantileOfItsScoresAndNeverLowersTheGlobalOne() {
        ScoreHistogram rough = new ScoreHistogram();
        ScoreHistogram calm = new ScoreHistogram();
        for (int i = 0; i < 10_000; i++) {
            rough.add(i / 10_000.0);      // uniform on [0, 1)
            calm.add(0.01);
        }
        ScoreHistogram few = new ScoreHistogram();
        few.add(0.9);
        ScoreCalibration c = ScoreCalibration.train(Map.of("rough", rough, "calm", calm, "few", few), 0.01, 100, Map.of("trainer", "test"));
        // 99% of 10,000 uniform scores lie at or below 0.99.
        assertThat(c.alertScores().get("rough")).isCloseTo(0.99, within(1e-4));
        assertThat(c.alertScores()).doesNotContainKey("few");
        assertThat(c.alertScore("rough", 0.5)).isCloseTo(0.99, within(1e-4));
        assertThat(c.alertScore("calm", 0.5)).isEqualTo(0.5);
        assertThat(c.alertScore("unknown", 0.5)).isEqualTo(0.5);
    }

    @Test
    void writtenFilesReadBackIdentically() throws IOException {
        ScoreCalibration c = new ScoreCalibration(Map.of("node_load1", 0.61), Map.of("trainer", "test", "samples", "12"));
        Path f = dir.resolve("cal.json");
        c.write(f);
        ScoreCalibration back = ScoreCalibration.read(f);
        assertThat(back).isEqualTo(c);
        assertThat(back.hash()).isEqualTo(c.hash());
    }

    @Test
    void aBadFileIsRejectedNamingTheField() throws IOException {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"format\":\"vigil-score-calibration/1\",\"alert_scores\":{\"node_load1\":7}}");
        assertThatThrownBy(() -> ScoreCalibration.read(f)).isInstanceOf(IOException.class)
                .hasMessageContaining("alert_scores.node_load1").hasMessageContaining("bad.json");
        Files.writeString(f, "{\"alert_scores\":{}}");
        assertThatThrownBy(() -> ScoreCalibration.read(f)).hasMessageContaining("format");
    }
}
