package dev.vigil.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NabCorpusTest {
    @Test
    void readsTheAnomalyScoreColumnWhereverItIs(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("r.csv"), "timestamp,value,anomaly_score,label\nt0,1,0.25,0\nt1,2,1,1\n");
        assertThat(NabCorpus.anomalyScores(csv)).containsExactly(0.25, 1.0);
    }

    @Test
    void aScoreThatIsNotANumberIsRefusedNamingTheFileAndLine(@TempDir Path dir) throws IOException {
        Path csv = Files.writeString(dir.resolve("r.csv"), "timestamp,value,anomaly_score,label\nt0,1,0.25,0\nt1,2,high,1\n");
        assertThatThrownBy(() -> NabCorpus.anomalyScores(csv)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("r.csv: line 3").hasMessageContaining("'high'");
        Path shortRow = Files.writeString(dir.resolve("s.csv"), "timestamp,value,anomaly_score\nt0,1\n");
        assertThatThrownBy(() -> NabCorpus.anomalyScores(shortRow)).hasMessageContaining("s.csv: line 2").hasMessageContaining("missing");
    }
}
