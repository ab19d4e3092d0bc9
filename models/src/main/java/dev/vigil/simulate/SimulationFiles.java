package dev.vigil.simulate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a simulation as files: {@code metrics.jsonl} (Prometheus JSON), {@code syslog.log} (RFC 3164)
 * and {@code ground_truth.json}.
 */
public final class SimulationFiles {
    /** What was written. */
    public record Written(Path metrics, Path logs, long metricLines, long logLines) {}

    private SimulationFiles() {}

    public static Written write(SimulatorConfig config, FleetSimulator sim, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path metrics = dir.resolve("metrics.jsonl");
        Path logs = dir.resolve("syslog.log");
        long[] counts = new long[2];
        try (BufferedWriter m = Files.newBufferedWriter(metrics, StandardCharsets.UTF_8);
             BufferedWriter l = Files.newBufferedWriter(logs, StandardCharsets.UTF_8)) {
            sim.run(r -> {
                boolean metric = r.stream().equals(SimRecord.METRICS);
                counts[metric ? 0 : 1]++;
                try {
                    BufferedWriter w = metric ? m : l;
                    w.write(r.text());
                    w.newLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        GroundTruth.write(dir.resolve("ground_truth.json"), config, sim.scenarios());
        return new Written(metrics, logs, counts[0], counts[1]);
    }
}
