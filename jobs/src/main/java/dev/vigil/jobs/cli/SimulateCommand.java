package dev.vigil.jobs.cli;

import dev.vigil.simulate.FleetSimulator;
import dev.vigil.simulate.SimulationFiles;
import dev.vigil.simulate.SimulatorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code vigil simulate}: writes a deterministic fleet's metrics and logs, and the ground truth of its incidents. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Write a simulated fleet: OUT/metrics.jsonl (Prometheus JSON), OUT/syslog.log (RFC 3164)",
            "and OUT/ground_truth.json (the injected incidents). The same arguments give the same files."})
public final class SimulateCommand implements Callable<Integer> {
    @Mixin
    SimulationOptions simulation;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Override
    public Integer call() throws Exception {
        SimulatorConfig config = simulation.config();
        FleetSimulator sim = new FleetSimulator(config);
        SimulationFiles.Written w = SimulationFiles.write(config, sim, out);
        long[] counts = {w.metricLines(), w.logLines()};
        System.out.printf("wrote %,d metric samples and %,d log lines for %d hosts over %s, %d incidents: %s%n",
                counts[0], counts[1], config.hosts(), config.duration(), sim.scenarios().size(), out);
        return 0;
    }
}
