package dev.vigil.jobs.cli;

import dev.vigil.simulate.SimulatorConfig;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;

/** The options of a simulated fleet, shared by simulate, demo and kafka. */
final class SimulationOptions {
    @Option(names = "--hosts", defaultValue = "6", description = "Simulated hosts (default: ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--duration", defaultValue = "24h", description = "Simulated time span, e.g. 6h, 24h, 7d (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--step", defaultValue = "30s", description = "Metric scrape interval (default: ${DEFAULT-VALUE}).")
    String step;

    @Option(names = "--seed", defaultValue = "7", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--quiet", description = "No injected incidents: an attack-free fleet.")
    boolean quiet;

    @Option(names = "--start", description = "First sample time, ISO 8601 (default: 2026-11-20T00:00:00Z).")
    Instant start;

    SimulatorConfig config() {
        return new SimulatorConfig(hosts, start == null ? SimulatorConfig.DEFAULT_START : start,
                TimeUtils.parseDuration(duration), TimeUtils.parseDuration(step), seed, !quiet);
    }
}
