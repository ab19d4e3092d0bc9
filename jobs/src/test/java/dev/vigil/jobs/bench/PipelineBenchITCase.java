package dev.vigil.jobs.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The pipeline benchmark from files on the smallest fleet: it counts what it read and reports every figure it promises. */
class PipelineBenchITCase {
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void reportsRateCpuPerStageAndTheParseCeilingForAReplay(@TempDir Path work) throws Exception {
        PipelineBench.Result r = PipelineBench.run(new PipelineBench.Settings(PipelineBench.Source.FILES, 1, Duration.ofHours(1),
                Duration.ofSeconds(30), 3, 2, work.resolve("bench"), List.of()));
        // One host over an hour at 30 s: 120 scrapes of every metric series, and its syslog lines.
        assertThat(r.events()).isGreaterThan(120);
        assertThat(r.source()).isEqualTo("files");
        assertThat(r.seconds()).isGreaterThan(0);
        assertThat(r.parseCeilingPerSecond()).isPositive();
        // Task threads of a run this short may start and end between two CPU samples; only a longer run lists every stage.
        assertThat(r.stages()).isNotEmpty();
        assertThat(r.processCpuSeconds()).isGreaterThanOrEqualTo(r.stages().get(0).cpuSeconds());
        // A replay has no arrival times: latency is not measured, and says so.
        assertThat(r.latencyP99Ms()).isNaN();
        assertThat(PipelineBench.text(r)).contains("events/s", "not measured");
        assertThat(PipelineBench.json(r)).contains("\"eventsPerSecond\"", "\"stages\"");
    }
}
